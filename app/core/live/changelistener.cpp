#include "changelistener.h"

#include "storage/database.h"
#include "storage/requestwatchdog.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace casedesk {

namespace {
const QLatin1String PingPrefix("ping:");
} // namespace

bool ChangeListener::isPrivateChannel(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^casedesk_w_[0-9a-f]{32}$"));
    return pattern.match(name).hasMatch();
}

ChangeListener::ChangeListener(const ConnectionSettings &settings, const QString &password,
                               qint64 workerId, QObject *parent)
    : QObject(parent), m_settings(settings), m_password(password), m_workerId(workerId)
{
    m_settings.applicationName = QStringLiteral("CaseDesk-listener");
    m_fallback.setInterval(60000);
    connect(&m_fallback, &QTimer::timeout, this, &ChangeListener::pollDue);
}

ChangeListener::~ChangeListener()
{
    stop();
}

void ChangeListener::setFallbackInterval(int milliseconds)
{
    m_fallback.setInterval(milliseconds);
}

void ChangeListener::start()
{
    if (m_connection)
        return;
    m_fallback.start();
    if (m_settings.backend != ConnectionSettings::Backend::Postgres)
        return; // one user on SQLite: the local engine's signal is enough
    m_connection = new ListenerConnection(m_settings, m_password, m_workerId, m_pingInterval);
    m_connection->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_connection, &ListenerConnection::open);
    connect(&m_thread, &QThread::finished, m_connection, &QObject::deleteLater);
    connect(m_connection, &ListenerConnection::notified, this, &ChangeListener::workChanged);
    connect(m_connection, &ListenerConnection::stateChanged, this,
            [this](bool connected, const QString &message) {
                m_listening = connected;
                emit connectionStateChanged(connected, message);
            });
    m_thread.start();
}

void ChangeListener::stop()
{
    m_fallback.stop();
    if (!m_connection)
        return;
    QMetaObject::invokeMethod(m_connection, &ListenerConnection::shutDown,
                              Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_connection = nullptr;
}

// --- the listener thread ---------------------------------------------------------------------

ListenerConnection::ListenerConnection(const ConnectionSettings &settings, const QString &password,
                                       qint64 workerId, int pingInterval)
    : m_settings(settings), m_password(password), m_workerId(workerId),
      m_connectionName(QStringLiteral("casedesk-listener-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_pingInterval(pingInterval)
{}

ListenerConnection::~ListenerConnection()
{
    close();
}

void ListenerConnection::open()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &ListenerConnection::check);
    }
    close();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    db.setHostName(m_settings.host);
    db.setPort(m_settings.port);
    db.setDatabaseName(m_settings.databaseName);
    db.setUserName(m_settings.userName);
    db.setPassword(m_password);
    db.setConnectOptions(m_settings.postgresConnectOptions());
    const QString problem = db.open() ? subscribe(db) : db.lastError().text();
    if (!problem.isEmpty()) {
        db = QSqlDatabase();
        scheduleReconnect(problem);
        return;
    }
    const bool wasReconnect = !m_connected && m_backoff > 500;
    m_connected = true;
    m_backoff = 500;
    emit stateChanged(true, tr("Live updates on"));
    if (wasReconnect)
        emit notified(QString()); // changes may have been missed while away
    m_timer->start(m_pingInterval);
}

QString ListenerConnection::subscribe(QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT casedesk_my_channel(?)"));
    query.addBindValue(m_workerId);
    if (!query.exec() || !query.next())
        return query.lastError().text();
    m_channel = query.value(0).toString();
    // The name becomes an identifier in LISTEN: only the server's own form is ever used.
    if (!ChangeListener::isPrivateChannel(m_channel))
        return tr("the server gave no channel for live updates");
    if (!db.driver()->subscribeToNotification(m_channel))
        return db.lastError().text();
    connect(db.driver(), &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name == m_channel)
                    received(payload.toString());
            });
    m_pingAwaited = 0;
    return QString();
}

void ListenerConnection::received(const QString &payload)
{
    if (payload.startsWith(PingPrefix)) {
        if (payload.mid(PingPrefix.size()).toULongLong() == m_pingAwaited)
            m_pingAwaited = 0;
        return;
    }
    emit notified(payload);
}

void ListenerConnection::check()
{
    if (m_stopping)
        return;
    if (!m_connected) {
        open();
        return;
    }
    if (m_pingAwaited != 0) {
        // Connected, answering, and yet not receiving: say so rather than stay silently stale.
        scheduleReconnect(tr("no live update came back within %1 s").arg(m_pingInterval / 1000.0));
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery ping(db);
    // A black-holed link would block this thread's ping for minutes; the deadline ends it.
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, db, m_settings.requestDeadlineSeconds * 1000);
    // The listener notifies itself: what comes back proves notifications still arrive.
    m_pingAwaited = ++m_pingsSent;
    ping.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    ping.addBindValue(m_channel);
    ping.addBindValue(QString(PingPrefix + QString::number(m_pingAwaited)));
    if (!ping.exec()) {
        const QString why = ping.lastError().text();
        ping = QSqlQuery();
        db = QSqlDatabase();
        scheduleReconnect(why);
        return;
    }
    m_timer->start(m_pingInterval);
}

void ListenerConnection::scheduleReconnect(const QString &why)
{
    close();
    if (m_stopping)
        return;
    if (m_connected || m_backoff == 500)
        emit stateChanged(false, tr("Live updates paused: reconnecting (%1)").arg(why.trimmed()));
    m_connected = false;
    m_timer->start(m_backoff);
    m_backoff = qMin(m_backoff * 2, 30000);
}

void ListenerConnection::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen() && !m_channel.isEmpty())
            db.driver()->unsubscribeFromNotification(m_channel);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

void ListenerConnection::shutDown()
{
    m_stopping = true;
    if (m_timer)
        m_timer->stop();
    close();
}

} // namespace casedesk
