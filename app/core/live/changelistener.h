#pragma once

#include "storage/connectionsettings.h"

#include <QObject>
#include <QThread>
#include <QTimer>

namespace casedesk {

class ListenerConnection;

// Tells the client when anyone's work changed, so workviews refresh by themselves.
// PostgreSQL: LISTEN on casedesk_work over a dedicated connection in its own thread with an
// event loop; the connection is pinged, re-opened with backoff when it drops (Qt does not say it
// dropped) and subscribed again, and a catch-up workChanged() follows every reconnect.
// A slow periodic workChanged() is the fallback should a notification ever be missed.
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    static QString channel() { return QStringLiteral("casedesk_work"); }

    ChangeListener(const ConnectionSettings &settings, const QString &password,
                   QObject *parent = nullptr);
    ~ChangeListener() override;

    void setPingInterval(int milliseconds) { m_pingInterval = milliseconds; }
    void setFallbackInterval(int milliseconds);
    void start();
    void stop();

signals:
    // `payload` is "table:id", or empty for a catch-up after a reconnect or the periodic check.
    void workChanged(const QString &payload);
    void connectionStateChanged(bool connected, const QString &message);

private:
    ConnectionSettings m_settings;
    QString m_password;
    int m_pingInterval = 5000;
    QThread m_thread;
    ListenerConnection *m_connection = nullptr;
    QTimer m_fallback;
};

// Lives in the listener thread; owns the LISTEN connection. Internal to ChangeListener.
class ListenerConnection : public QObject
{
    Q_OBJECT

public:
    ListenerConnection(const ConnectionSettings &settings, const QString &password,
                       int pingInterval);
    ~ListenerConnection() override;

public slots:
    void open();
    void shutDown();

signals:
    void notified(const QString &payload);
    void stateChanged(bool connected, const QString &message);

private:
    void check();
    void scheduleReconnect(const QString &why);
    void close();

    ConnectionSettings m_settings;
    QString m_password;
    QString m_connectionName;
    int m_pingInterval;
    int m_backoff = 500;
    bool m_connected = false;
    bool m_stopping = false;
    QTimer *m_timer = nullptr;
};

} // namespace casedesk
