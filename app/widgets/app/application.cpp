#include "application.h"

#include "app/windowparts.h"
#include "app/workopener.h"
#include "common/palettes.h"
#include "definitions/definitionregistry.h"
#include "directpayments/directpaymentsscreens.h"
#include "mainwindow/mainwindow.h"
#include "secrets/keychainsecretstore.h"
#include "signin/signindialog.h"
#include "workview/workviewmodel.h"

#include <QApplication>
#include <QCommandLineParser>
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

} // namespace

Application::Application() : m_secrets(std::make_unique<KeychainSecretStore>()) {}

Application::~Application()
{
    delete m_window;
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
        tr("With --screenshot: open the worker's first piece of <step type> work (their current "
           "work first) before the picture is taken."),
        tr("step type"));
    const QCommandLineOption dark(QStringLiteral("dark"),
                                  tr("Use a dark palette (whatever the desktop's theme)."));
    parser.addOptions({postgres, database, shot, as, role, signInShot, screen, open, dark});
    parser.process(arguments);
    if (parser.isSet(dark)) {
        // Fusion draws every control from the palette.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    m_databasePath = parser.isSet(database) ? parser.value(database) : defaultDatabasePath();
    m_definitions = &DefinitionRegistry::shared();

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
    showMainWindow();
    return QApplication::exec();
}

bool Application::signIn(bool preferServer)
{
    SignInDialog dialog(m_databasePath, m_secrets.get(), m_settings, m_definitions);
    if (preferServer)
        dialog.setMode(SignInDialog::Mode::SharedServer);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    m_session = dialog.takeSession();
    m_warning = dialog.warning();
    return true;
}

void Application::showMainWindow()
{
    m_window = new MainWindow(m_session, m_definitions);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    WorkOpener *opener = nullptr;
    if (m_definitions)
        opener = WindowParts::install(m_window, m_session, *m_definitions).work;
    QObject::connect(
        m_window, &MainWindow::signOutRequested, m_window, [this] { signOut(); },
        Qt::QueuedConnection);
    m_window->show();
    if (!m_warning.isEmpty())
        m_window->statusBar()->showMessage(m_warning);
    if (opener)
        QTimer::singleShot(0, opener, [opener] { opener->offerRecoveredDrafts(); });
}

void Application::signOut()
{
    m_window->hide();
    m_window->deleteLater();
    m_window = nullptr;
    m_session = Session();
    if (signIn(false))
        showMainWindow();
    else
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
    m_session.database = std::make_unique<Database>();
    const Status opened = SessionOpener::openLocal(*m_session.database, m_databasePath);
    if (!opened) {
        printError(opened.message());
        return 1;
    }
    m_session.worker = WorkerDirectory(*m_session.database).identityByUsername(username);
    if (!m_session.worker.isValid()) {
        printError(tr("There is no worker %1 in %2.").arg(username, m_databasePath));
        return 1;
    }
    m_session.actingRole = SessionOpener::defaultRole(m_session.worker);
    MainWindow window(m_session, m_definitions);
    if (!role.isEmpty() && !window.setActingRole(role)) {
        printError(tr("%1 does not hold the role %2.").arg(username, role));
        return 1;
    }
    const WindowParts parts = WindowParts::install(&window, m_session, *m_definitions);
    if (!screen.isEmpty() && !parts.directPayments->openScreen(screen)) {
        printError(tr("There is no screen %1 to show.").arg(screen));
        return 1;
    }
    WorkOpener *opener = parts.work;
    window.show();
    if (!openStepType.isEmpty()) {
        qint64 stepId = 0;
        for (const WorkviewSection &section : window.workviewModel()->sections()) {
            for (const WorkviewCategoryPage &page : section.categories) {
                for (const WorkviewItem &item : page.items) {
                    const bool better = !stepId || item.category == WorkviewCategory::CurrentWork;
                    if (!item.isRequest() && item.stepType == openStepType && better &&
                        (page.category == WorkviewCategory::CurrentWork ||
                         page.category == WorkviewCategory::IncomingWork))
                        stepId = item.stepId;
                }
            }
        }
        if (!stepId || !opener->open(stepId)) {
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

} // namespace casedesk
