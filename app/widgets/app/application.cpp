#include "application.h"

#include "app/signedinwindow.h"
#include "app/windowparts.h"
#include "app/workopener.h"
#include "common/messagebox.h"
#include "common/palettes.h"
#include "definitions/definitionregistry.h"
#include "directpayments/directpaymentsscreens.h"
#include "directpayments/workingdays.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "paper/paperreader.h"
#include "paperrenderer.h"
#include "secrets/keychainsecretstore.h"
#include "session/localdatabasemarker.h"
#include "signin/signindialog.h"
#include "storage/databasethread.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTimer>
#include <QWidget>
#include <cstdio>

namespace casedesk {

namespace {

void printError(const QString &text)
{
    std::fprintf(stderr, "casedesk: %s\n", qPrintable(text));
}

// Lets pending layout and paint events run for `milliseconds`.
void settle(int milliseconds)
{
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}

// The unattended --screenshot run only: the workview is read off the GUI thread; its first read
// lands before the picture is taken or work is looked up in it (at most 30 s).
void waitForWorkview(const MainWindow &window)
{
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    QObject::connect(&window, &MainWindow::workviewRead, &loop, &QEventLoop::quit);
    if (window.isReadingWorkview())
        loop.exec();
}

// The same run: a job ends (the data file opened, the step or screen asked for read, all off
// the GUI thread) before the picture. A default T (null, false) when it did not within 30 s.
template <typename T> T waitFor(QFuture<T> opening)
{
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    opening.then(&loop, [&loop](const T &) { loop.quit(); });
    if (!opening.isFinished())
        loop.exec();
    return opening.isFinished() && !opening.isCanceled() ? opening.result() : T{};
}

// The worker's first piece of `stepType` work in their current or incoming work, current work
// first; 0 when there is none.
qint64 firstStepOfType(const QList<WorkviewSection> &sections, const QString &stepType)
{
    qint64 stepId = 0;
    for (const WorkviewSection &section : sections) {
        for (const WorkviewCategoryPage &page : section.categories) {
            for (const WorkviewItem &item : page.items) {
                const bool better = !stepId || item.category == WorkviewCategory::CurrentWork;
                if (!item.isRequest() && item.stepType == stepType && better &&
                    (page.category == WorkviewCategory::CurrentWork ||
                     page.category == WorkviewCategory::IncomingWork))
                    stepId = item.stepId;
            }
        }
    }
    return stepId;
}

} // namespace

Application::Application(std::unique_ptr<SecretStore> secrets, SignInPrompt prompt)
    : m_secrets(secrets ? std::move(secrets) : std::make_unique<KeychainSecretStore>()),
      m_prompt(std::move(prompt))
{
    if (!m_prompt) {
        m_prompt = [this](bool preferServer, Session *session, QString *warning) {
            return signInWithDialog(preferServer, session, warning);
        };
    }
}

Application::~Application() = default;

MainWindow *Application::window() const
{
    return m_signedIn ? m_signedIn->window() : nullptr;
}

QString Application::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/casedesk.sqlite");
}

int Application::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Casework for children's social care."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption postgres(QStringLiteral("postgres"),
                                      tr("Sign in to the council's PostgreSQL server."));
    const QCommandLineOption database(QStringLiteral("database"),
                                      tr("Use the SQLite database <file>."), tr("file"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  tr("Save a picture of the main window to <png> and exit."),
                                  tr("png"));
    const QCommandLineOption as(QStringLiteral("as"),
                                tr("With --screenshot: sign in as <username>."), tr("username"));
    const QCommandLineOption role(QStringLiteral("role"),
                                  tr("With --screenshot: act in role <code>."), tr("code"));
    const QCommandLineOption signInShot(
        QStringLiteral("sign-in"),
        tr("With --screenshot: save a picture of the sign-in dialog instead (with --postgres: "
           "its council server page)."));
    const QCommandLineOption screen(
        QStringLiteral("screen"),
        tr("With --screenshot: open a Direct Payments screen first (timetable, meeting, "
           "reports, declines, workspace)."),
        tr("name"));
    const QCommandLineOption open(
        QStringLiteral("open"),
        tr("With --screenshot or --pdf: the worker's first piece of <step type> work (their "
           "current work first), opened before the picture is taken or saved as the PDF."),
        tr("step type"));
    const QCommandLineOption dark(QStringLiteral("dark"),
                                  tr("Use a dark palette (whatever the desktop's theme)."));
    const QCommandLineOption pdf(
        QStringLiteral("pdf"),
        tr("With --as and --open: save the worker's first piece of <step type> work as the PDF "
           "<pdf> and exit, without a window."),
        tr("pdf"));
    parser.addOptions({postgres, database, shot, as, role, signInShot, screen, open, dark, pdf});
    parser.process(arguments);
    if (parser.isSet(dark)) {
        // Fusion draws every control from the palette.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    m_databasePath = parser.isSet(database) ? parser.value(database) : defaultDatabasePath();
    if (!definitionsLoad(!parser.isSet(shot)))
        return BrokenDefinitionsExitCode;
    m_definitions = &DefinitionRegistry::shared();

    if (parser.isSet(pdf)) {
        if (!parser.isSet(as) || !parser.isSet(open)) {
            printError(tr("--pdf needs --as <username> and --open <step type>."));
            return 2;
        }
        return stepPdf(parser.value(pdf), parser.value(as), parser.value(open));
    }
    if (parser.isSet(shot) && parser.isSet(signInShot))
        return signInScreenshot(parser.value(shot), parser.isSet(postgres));
    if (parser.isSet(shot)) {
        if (!parser.isSet(as)) {
            printError(tr("--screenshot needs --as <username>."));
            return 2;
        }
        return screenshot(parser.value(shot), parser.value(as), parser.value(role),
                          parser.value(screen), parser.value(open));
    }
    if (!signIn(parser.isSet(postgres)))
        return 0;
    const int exitCode = QApplication::exec();
    m_signedIn.reset(); // the window closed: end the session in order, while Qt is still up
    return exitCode;
}

bool Application::definitionsLoad(bool interactive)
{
    const QStringList problems =
        DefinitionRegistry::sharedProblems() + WorkingDaysCalendar::sharedProblems();
    if (problems.isEmpty())
        return true;
    const QString directory = QDir::toNativeSeparators(DefinitionRegistry::defaultDirectory());
    const QString heading =
        tr("CaseDesk cannot start: the form definitions in %1 are broken.").arg(directory);
    printError(heading + QLatin1Char('\n') + problems.join(QLatin1Char('\n')));
    // Only a QApplication can show a dialog (the printing-only paths run without a display);
    // --screenshot runs unattended, so it only prints.
    if (!interactive || !qobject_cast<QApplication *>(QCoreApplication::instance()))
        return false;
    // A long list is cut short on screen; the whole of it went to stderr above.
    const int shown = 15;
    QStringList lines = problems.mid(0, shown);
    if (problems.size() > shown)
        lines << tr("… and %n more.", nullptr, int(problems.size() - shown));
    MessageBox::critical(nullptr, tr("CaseDesk cannot start"),
                         heading + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')) +
                             QStringLiteral("\n\n") +
                             tr("Ask your IT department to correct them, or to install CaseDesk "
                                "again."));
    return false;
}

bool Application::signIn(bool preferServer)
{
    Session session;
    QString warning;
    if (!m_prompt(preferServer, &session, &warning))
        return false;
    showMainWindow(std::move(session), warning);
    return true;
}

bool Application::signInWithDialog(bool preferServer, Session *session, QString *warning)
{
    SignInDialog dialog(m_databasePath, m_secrets.get(), m_settings, m_definitions);
    if (preferServer)
        dialog.setMode(SignInDialog::Mode::SharedServer);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *session = dialog.takeSession();
    *warning = dialog.warning();
    return true;
}

void Application::showMainWindow(Session session, const QString &warning)
{
    m_signedIn = std::make_unique<SignedInWindow>(std::move(session), m_definitions);
    MainWindow *window = m_signedIn->window();
    // Queued, and not in the window's own context: signOut() deletes the window.
    QObject::connect(
        window, &MainWindow::signOutRequested, qApp, [this] { signOut(); }, Qt::QueuedConnection);
    window->show();
    if (!warning.isEmpty())
        window->statusBar()->showMessage(warning);
    if (WorkOpener *opener = m_signedIn->parts().work)
        QTimer::singleShot(0, opener, [opener] { opener->offerRecoveredDrafts(); });
}

void Application::signOut()
{
    if (!m_signedIn)
        return;
    m_signedIn.reset(); // editors, presence, listener, window, then the connection
    if (!signIn(false))
        QApplication::quit();
}

int Application::signInScreenshot(const QString &file, bool server)
{
    SignInDialog dialog(m_databasePath, m_secrets.get(), m_settings, m_definitions);
    dialog.setMode(server ? SignInDialog::Mode::SharedServer : SignInDialog::Mode::ThisComputer);
    dialog.show();
    settle(400);
    if (!dialog.grab().save(file)) {
        printError(tr("Could not save the picture to %1.").arg(file));
        return 1;
    }
    return 0;
}

int Application::screenshot(const QString &file, const QString &username, const QString &role,
                            const QString &screen, const QString &openStepType)
{
    // Opened (and on a first start filled) off the GUI thread, as the sign-in page does; the
    // session's handle is only aimed at the file.
    const SessionOpener::LocalOpened opened = waitFor(SessionOpener::openLocalOffThread(
        m_databasePath, LocalDatabaseMarker(m_settings).wasUsed(m_databasePath)));
    if (!opened.status) {
        printError(opened.status.message());
        return 1;
    }
    if (opened.markUsed)
        LocalDatabaseMarker(m_settings).markUsed(m_databasePath);
    Session session;
    session.database = std::make_unique<Database>();
    session.database->aimAt(opened.settings, QString());
    for (const WorkerIdentity &worker : opened.workers)
        if (worker.username.compare(username, Qt::CaseInsensitive) == 0)
            session.worker = worker;
    if (!session.worker.isValid()) {
        printError(tr("There is no worker %1 in %2.").arg(username, m_databasePath));
        return 1;
    }
    session.actingRole = SessionOpener::defaultRole(session.worker);
    SignedInWindow signedIn(std::move(session), m_definitions);
    MainWindow &window = *signedIn.window();
    if (!role.isEmpty() && !window.setActingRole(role)) {
        printError(tr("%1 does not hold the role %2.").arg(username, role));
        return 1;
    }
    const WindowParts parts = signedIn.parts();
    if (!screen.isEmpty() && !waitFor(parts.directPayments->openScreen(screen))) {
        printError(tr("There is no screen %1 to show.").arg(screen));
        return 1;
    }
    WorkOpener *opener = parts.work;
    window.show();
    waitForWorkview(window);
    if (!openStepType.isEmpty()) {
        const qint64 stepId = firstStepOfType(window.workviewModel()->sections(), openStepType);
        if (!stepId || !waitFor(opener->open(stepId))) {
            printError(tr("%1 has no %2 to open.").arg(username, openStepType));
            return 1;
        }
    }
    settle(600);
    if (!window.grab().save(file)) {
        printError(tr("Could not save the picture to %1.").arg(file));
        return 1;
    }
    return 0;
}

int Application::stepPdf(const QString &file, const QString &username, const QString &stepType)
{
    const SessionOpener::LocalOpened opened = waitFor(SessionOpener::openLocalOffThread(
        m_databasePath, LocalDatabaseMarker(m_settings).wasUsed(m_databasePath)));
    if (!opened.status) {
        printError(opened.status.message());
        return 1;
    }
    if (opened.markUsed)
        LocalDatabaseMarker(m_settings).markUsed(m_databasePath);
    WorkerIdentity worker;
    for (const WorkerIdentity &candidate : opened.workers)
        if (candidate.username.compare(username, Qt::CaseInsensitive) == 0)
            worker = candidate;
    if (!worker.isValid()) {
        printError(tr("There is no worker %1 in %2.").arg(username, m_databasePath));
        return 1;
    }
    const Actor actor{worker.id, SessionOpener::defaultRole(worker)};
    const DefinitionRegistry &definitions = *m_definitions;
    // Read (and the read audited) on a database thread, as the screens do.
    DatabaseThread background(opened.settings, QString());
    const PaperDocument document =
        waitFor(background.run([worker, actor, stepType, &definitions](Database &db) {
            const qint64 stepId = firstStepOfType(WorkviewQuery(db).workviewOf(worker), stepType);
            if (!stepId) {
                PaperDocument none;
                none.status =
                    Status::failure(tr("%1 has no %2 to open.").arg(worker.username, stepType),
                                    Status::Code::NotFound);
                return none;
            }
            return PaperReader(db, definitions).step(stepId, actor);
        }));
    QString error;
    if (!PaperRenderer::writePdf(document, file, &error)) {
        printError(error);
        return 1;
    }
    return 0;
}

} // namespace casedesk
