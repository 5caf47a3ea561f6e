#include "changelistener.h"

#include "storage/database.h"
#include "storage/requestwatchdog.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace casedesk {

ChangeListener::ChangeListener(const ConnectionSettings &settings, const QString &password,
                               QObject *parent)
    : QObject(parent), m_settings(settings), m_password(password)
{
    m_settings.applicationName = QStringLiteral("CaseDesk-listener");
    m_fallback.setInterval(60000);
    connect(&m_fallback, &QTimer::timeout, this, [this] { emit workChanged(QString()); });
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
    m_connection = new ListenerConnection(m_settings, m_password, m_pingInterval);
    m_connection->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_connection, &ListenerConnection::open);
    connect(&m_thread, &QThread::finished, m_connection, &QObject::deleteLater);
    connect(m_connection, &ListenerConnection::notified, this, &ChangeListener::workChanged);
    connect(m_connection, &ListenerConnection::stateChanged, this,
            &ChangeListener::connectionStateChanged);
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
                                       int pingInterval)
    : m_settings(settings), m_password(password),
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
    if (!db.open() || !db.driver()->subscribeToNotification(ChangeListener::channel())) {
        const QString why = db.lastError().text();
        db = QSqlDatabase();
        scheduleReconnect(why);
        return;
    }
    connect(db.driver(), &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name == ChangeListener::channel())
                    emit notified(payload.toString());
            });
    const bool wasReconnect = !m_connected && m_backoff > 500;
    m_connected = true;
    m_backoff = 500;
    emit stateChanged(true, tr("Live updates on"));
    if (wasReconnect)
        emit notified(QString()); // changes may have been missed while away
    m_timer->start(m_pingInterval);
}

void ListenerConnection::check()
{
    if (m_stopping)
        return;
    if (!m_connected) {
        open();
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery ping(db);
    // A black-holed link would block this thread's ping for minutes; the deadline ends it.
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, db, m_settings.requestDeadlineSeconds * 1000);
    if (!ping.exec(QStringLiteral("SELECT 1"))) {
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
        if (db.isOpen())
            db.driver()->unsubscribeFromNotification(ChangeListener::channel());
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
