#pragma once

#include "session/session.h"

#include <QDialog>
#include <QFuture>

class QDialogButtonBox;
class QSettings;
class QTabWidget;

namespace casedesk {

class DefinitionRegistry;
class LocalSignInPage;
class SecretStore;
class ServerSignInPage;

// Who is signing in, and to which database. SQLite (this computer, the demo authority) is the
// default; PostgreSQL is the authority's shared server. Every failure is explained in the dialog,
// next to the fields, and what was typed stays.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode
    {
        ThisComputer,
        SharedServer
    };

    // `secrets` may be null (no keychain); `definitions` (for role names) may be null.
    SignInDialog(const QString &sqlitePath, SecretStore *secrets, QSettings &settings,
                 const DefinitionRegistry *definitions, QWidget *parent = nullptr);
    ~SignInDialog() override;

    Mode mode() const;
    void setMode(Mode mode);

    // Tries to sign in with what is on the current page; accepts the dialog on success. The
    // future ends with whether it did: at once on this computer; off the GUI thread for a server
    // (a press while an attempt is on its way gets the same future).
    QFuture<bool> signIn();
    bool isSigningIn() const { return m_signingIn; }
    // After accept(): the signed-in session (the dialog gives it up).
    Session takeSession();
    // Something to tell the worker after a sign-in that worked (a keychain that failed).
    QString warning() const { return m_warning; }

    LocalSignInPage *localPage() const { return m_local; }
    // Cancel, also while an attempt is on its way (it then signs no one in).
    void reject() override;
    ServerSignInPage *serverPage() const { return m_server; }

private:
    bool signInLocally();
    QFuture<bool> signInToServer();
    void setSigningIn(bool signingIn);
    void pageChanged();
    void updateButtons();

    QSettings &m_settings;
    QTabWidget *m_tabs;
    LocalSignInPage *m_local;
    ServerSignInPage *m_server;
    QDialogButtonBox *m_buttons;
    Session m_session;
    QString m_warning;
    bool m_signingIn = false;
    int m_attempts = 0;
    QFuture<bool> m_attempt;
};

} // namespace casedesk
