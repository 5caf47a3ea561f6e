#pragma once

#include "storage/connectionsettings.h"

#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace casedesk {

class SecretStore;
class InlineMessage;

// Sign-in to the authority's shared PostgreSQL server. Everything but the password is remembered
// in QSettings; the password only ever in the keychain (SecretStore), per server and user, and
// only when "Remember password" is ticked. Without a usable keychain the worker types it.
// A new connection checks the server's certificate and name (sslmode verify-full); when that
// fails for want of the right CA file, "Choose CA certificate…" picks one and signs in again.
class ServerSignInPage : public QWidget
{
    Q_OBJECT

public:
    // Asks for a CA certificate file (the current one to start from); "" when cancelled. Tests
    // answer it; by default it is a QFileDialog.
    using FileChooser = std::function<QString(QWidget *parent, const QString &current)>;

    ServerSignInPage(SecretStore *secrets, QSettings &settings, QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);
    QString password() const;
    void setPassword(const QString &password);
    bool rememberPassword() const;

    // What is missing before a connection can be tried; empty when the form is complete.
    QString whatIsMissing() const;
    // Saves the settings (not the password) and, after a successful sign-in, remembers or forgets
    // the password in the keychain; returns a warning to show if the keychain failed.
    QString storeAfterSignIn();
    // Fills in the password saved for the current server and user, if any; a keychain that
    // cannot be read is explained on the page but never stops sign-in.
    void loadSavedPassword();
    void forgetSavedPassword();

    InlineMessage *message() const { return m_message; }
    InlineMessage *keychainMessage() const { return m_keychainMessage; }
    void setBusy(bool busy);
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    // Shows or hides "Choose CA certificate…" (after a sign-in refused over the CA file).
    void offerCaChoice(bool offer);
    bool isOfferingCaChoice() const;

signals:
    // A CA file was chosen through "Choose CA certificate…": sign in again with it.
    void caCertificateChosen();

private:
    // Asks for the CA file; whether one was chosen.
    bool chooseCaFile();

    SecretStore *m_secrets;
    QSettings &m_settings;
    QString m_loadedKey; // the keychain key the password field was filled from
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QComboBox *m_sslMode;
    QLineEdit *m_caFile;
    QPushButton *m_browseCa;
    QPushButton *m_chooseCaAndRetry;
    FileChooser m_chooseFile;
    QString m_channelBinding; // kept with the connection; not shown
    QCheckBox *m_remember;
    QPushButton *m_forget;
    InlineMessage *m_message;
    InlineMessage *m_keychainMessage;
};

} // namespace casedesk
