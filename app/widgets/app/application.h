#pragma once

#include "secrets/secretstore.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QSettings>
#include <functional>
#include <memory>

namespace casedesk {

class DefinitionRegistry;
class MainWindow;
class SignedInWindow;

// What `casedesk` does, kept out of main() so tests link it as a library:
//
//   casedesk                         sign in (this computer's demo data, or the council server)
//   casedesk --postgres              open the sign-in dialog on the council server page
//   casedesk --database <file>       use another SQLite file
//   casedesk --screenshot <png> --as <username> [--role <code>] [--open <step type>]
//                                    sign in to the SQLite data without the dialog, save a
//                                    picture of the main window, and exit
//                                    [--screen timetable|meeting|reports|declines|workspace]
//   casedesk --screenshot <png> --sign-in [--postgres]
//   casedesk --database <file> --as <username> --open <step type> --pdf <pdf>   (no window)
//                                    save a picture of the sign-in dialog, and exit
//   casedesk --dark ...              a dark palette, whatever the desktop's theme
class Application
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Application)

public:
    // How a worker signs in: fills `session` (and a `warning` to show) and returns true, or
    // returns false when they gave up. The sign-in dialog unless a test supplies another way.
    using SignInPrompt = std::function<bool(bool preferServer, Session *session, QString *warning)>;

    // `secrets` defaults to the OS keychain.
    explicit Application(std::unique_ptr<SecretStore> secrets = {}, SignInPrompt prompt = {});
    ~Application();

    // The signed-in window, or null between sessions.
    MainWindow *window() const;

    // Runs until the worker quits; returns the exit code.
    int run(const QStringList &arguments);

    // The default SQLite file: <AppDataLocation>/casedesk.sqlite.
    static QString defaultDatabasePath();

    // What run() returns when the definitions (forms, step types, bank holidays) are broken.
    static constexpr int BrokenDefinitionsExitCode = 3;

private:
    // False, once the problems are printed (and, when `interactive`, shown in a dialog), when the
    // definitions are broken: nothing can work without them.
    bool definitionsLoad(bool interactive);
    bool signIn(bool preferServer);
    bool signInWithDialog(bool preferServer, Session *session, QString *warning);
    void showMainWindow(Session session, const QString &warning);
    void signOut();
    int screenshot(const QString &file, const QString &username, const QString &role,
                   const QString &screen, const QString &openStepType);
    int signInScreenshot(const QString &file, bool server);
    // The worker's first piece of `stepType` work (current work first) as a PDF; no window.
    int stepPdf(const QString &file, const QString &username, const QString &stepType);

    QString m_databasePath;
    QSettings m_settings;
    std::unique_ptr<SecretStore> m_secrets;
    SignInPrompt m_prompt;
    const DefinitionRegistry *m_definitions = nullptr;
    std::unique_ptr<SignedInWindow> m_signedIn;
};

} // namespace casedesk
