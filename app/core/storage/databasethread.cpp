#include "databasethread.h"

#include "migrator.h"
#include "requestwatchdog.h"

namespace casedesk {

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

void DatabaseThread::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(
        m_context,
        [this, job = std::move(job)] {
            job();
            ++m_requestsRun;
        },
        Qt::QueuedConnection);
}

Database &DatabaseThread::connection()
{
    if (!m_database)
        m_database = std::make_unique<Database>();
    if (!m_database->isOpen() || RequestWatchdog::isBroken(m_database->connection())) {
        // On failure the request finds it closed. So it does when the database was upgraded or
        // restored to another schema version meanwhile: nothing is read or written there.
        if (m_database->open(m_settings, m_password) &&
            !Migrator(*m_database).checkCompatible().isOk())
            m_database->close();
    }
    return *m_database;
}

} // namespace casedesk
