#pragma once

#include "storage/connectionsettings.h"

#include <QWidget>

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
class ServerSignInPage : public QWidget
{
    Q_OBJECT

public:
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

private:
    void chooseCaFile();

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
    QCheckBox *m_remember;
    QPushButton *m_forget;
    InlineMessage *m_message;
    InlineMessage *m_keychainMessage;
};

} // namespace casedesk
