#include "databasethread.h"

#include "migrator.h"
#include "requestwatchdog.h"

#include <QElapsedTimer>

namespace casedesk {

namespace {
// How long a failure must have taken to say the link is silent rather than refusing: a refused
// connection or a reset fails in milliseconds, a silent link at the request deadline or the
// connect timeout (libpq waits at least 2 s).
constexpr qint64 SilentLinkMs = 1000;
} // namespace

DatabaseThread::DatabaseThread(const ConnectionSettings &settings, const QString &password)
    : m_settings(settings), m_password(password), m_context(new QObject)
{
    m_settings.applicationName = QStringLiteral("CaseDesk-background");
    m_thread.setObjectName(QStringLiteral("CaseDesk database"));
    m_context->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

DatabaseThread::~DatabaseThread()
{
    m_stopping = true;
    // The connection closes in the thread that made it, after the request now running (those
    // still queued before this one return at once).
    QMetaObject::invokeMethod(
        m_context, [this] { m_database.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void DatabaseThread::post(std::function<void(Database *)> job, EvenWhenStopping always)
{
    const quint64 ticket = ++m_lastTicket;
    QMetaObject::invokeMethod(
        m_context,
        [this, ticket, always, job = std::move(job)] {
            if (m_stopping && always == EvenWhenStopping::No) {
                job(nullptr);
            } else {
                Database &db = connection(ticket);
                const bool wasOpen = db.isOpen();
                QElapsedTimer waited;
                waited.start();
                job(&db);
                // A reset or a server that ended the session fails at once, and the next request
                // may well reconnect; a request that broke after waiting met a silent link. (Qt
                // closes a connection libpq found broken.)
                if (wasOpen && waited.elapsed() >= SilentLinkMs &&
                    (!db.isOpen() || RequestWatchdog::isBroken(db.connection())))
                    declineQueued();
            }
            ++m_requestsRun;
        },
        Qt::QueuedConnection);
}

Database &DatabaseThread::connection(quint64 ticket)
{
    if (!m_database)
        m_database = std::make_unique<Database>();
    if (m_database->isOpen() && !RequestWatchdog::isBroken(m_database->connection()))
        return *m_database;
    if (ticket <= m_declineThrough) {
        // Asked before the link was found silent: not sent, and not waited on a second time.
        m_database->close();
        return *m_database;
    }
    // On failure the request finds it closed. So it does when the database was upgraded or
    // restored to another schema version meanwhile: nothing is read or written there.
    QElapsedTimer trying;
    trying.start();
    if (m_database->open(m_settings, m_password) && !Migrator(*m_database).checkCompatible().isOk())
        m_database->close();
    if (!m_database->isOpen() && trying.elapsed() >= SilentLinkMs)
        declineQueued(); // a refused connection fails at once; this one waited for the timeout
    return *m_database;
}

void DatabaseThread::declineQueued()
{
    m_declineThrough = m_lastTicket;
}

} // namespace casedesk
