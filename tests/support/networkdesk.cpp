#include "networkdesk.h"

#include "app/sessionservices.h"
#include "app/workopener.h"
#include "definitions/definitionregistry.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "testdatabase.h"
#include "workview/workerdirectory.h"
#include "workviewwait.h"

namespace casedesk::test {

NetworkDesk::NetworkDesk(const LinkSimulator &link) : m_link(link) {}

NetworkDesk::~NetworkDesk()
{
    // SignedInWindow's order: the services stop (listener, presence) while the connection is
    // open, then the window goes, then the session with its connection.
    if (m_window)
        m_window->hide();
    if (m_parts.work)
        m_parts.work->services().shutDown();
    // What the database thread still owes the window lands before the window goes: Qt 6.4 asserts
    // when a job ends (or is cancelled with the thread) after the object its continuation runs on
    // was deleted. The reads first, then everything asked before now (the thread is serial).
    if (m_window && session.backgroundThread) {
        (void)waitForWorkview(*m_window);
        QFuture<void> drained = session.background().run([](Database &) {});
        (void)QTest::qWaitFor([&drained] { return drained.isFinished(); }, 20000);
    }
    m_parts = WindowParts();
    m_window.reset();
}

bool NetworkDesk::signIn(const QString &databaseName, const QString &username, const QString &role,
                         int requestDeadlineSeconds, QString *error)
{
    ConnectionSettings settings = TestDatabase::postgresServerThrough(m_link, databaseName);
    settings.requestDeadlineSeconds = requestDeadlineSeconds;
    *error = QStringLiteral("no link or no connection through it");
    Database lookup; // the sign-in's own connection, closed after it as the app's is
    if (!m_link.isListening() || !lookup.open(settings))
        return false;
    session.worker = WorkerDirectory(lookup).identityByUsername(username);
    lookup.close();
    // As the app's sign-in leaves it: the GUI thread's handle is aimed, never opened, so a widget
    // that ran a statement on the GUI thread would fail here instead of passing unnoticed.
    session.database = std::make_unique<Database>();
    session.database->aimAt(settings, QString());
    session.actingRole = role;
    *error = QStringLiteral("no worker %1").arg(username);
    return session.worker.isValid();
}

bool NetworkDesk::openWindow(QString *error)
{
    m_window = std::make_unique<MainWindow>(session, &DefinitionRegistry::shared());
    m_parts = WindowParts::install(m_window.get(), session, DefinitionRegistry::shared());
    return showWindow(error);
}

bool NetworkDesk::openBareWindow(QString *error)
{
    m_window = std::make_unique<MainWindow>(session, &DefinitionRegistry::shared());
    return showWindow(error);
}

bool NetworkDesk::showWindow(QString *error)
{
    m_window->show();
    *error = QStringLiteral("the first workview was not read");
    return waitForWorkview(*m_window);
}

} // namespace casedesk::test
