#pragma once

#include "session/session.h"

#include <QDialog>
#include <QFuture>
#include <QPromise>
#include <memory>

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
    // future ends with whether it did: on this computer at once when the workers are listed,
    // else once the page's load (off the GUI thread) has ended; off the GUI thread for a server.
    // A press while an attempt is on its way gets the same future.
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
    // An attempt waiting for the local page's load, to sign in when it ends.
    std::shared_ptr<QPromise<bool>> m_waitingForLocal;
    QMetaObject::Connection m_localWait;
};

} // namespace casedesk
