#pragma once

#include "storage/connectionsettings.h"

#include <QObject>
#include <QSqlDatabase>
#include <QThread>
#include <QTimer>

namespace casedesk {

class ListenerConnection;

// Tells the client when work that concerns its worker changed, so workviews and open steps
// refresh by themselves. PostgreSQL: LISTEN, over a dedicated connection in its own thread with
// an event loop, on the worker's private channel (its name is a secret the server gives only to
// them, casedesk_my_channel(); anyone may NOTIFY any channel they can name). The listener checks
// that it still receives by notifying itself on that channel (a connection that answers but
// cannot receive, e.g. behind a transaction-mode pooler, is caught too); when the check fails it
// re-opens with backoff and subscribes again, and a catch-up workChanged() follows every
// reconnect. A slow periodic pollDue() is the fallback should a notification ever be missed: it
// is a signal of its own so that clients read at once, not behind a burst's coalescing.
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    // Whether `name` is a channel the server hands out (it goes into LISTEN as an identifier).
    static bool isPrivateChannel(const QString &name);

    // `workerId`: whose work to hear of (a worker's own login hears of its own whatever it says).
    ChangeListener(const ConnectionSettings &settings, const QString &password, qint64 workerId,
                   QObject *parent = nullptr);
    ~ChangeListener() override;

    void setPingInterval(int milliseconds) { m_pingInterval = milliseconds; }
    void setFallbackInterval(int milliseconds);
    void start();
    void stop();
    // Whether the listening connection is subscribed now (as last reported).
    bool isListening() const { return m_listening; }

signals:
    // `payload` says which of this worker's trays changed, never anything about the record
    // (LiveChange::fromPayload reads it), or is empty for a catch-up after a reconnect.
    void workChanged(const QString &payload);
    // The periodic fallback: read everything, now.
    void pollDue();
    void connectionStateChanged(bool connected, const QString &message);

private:
    ConnectionSettings m_settings;
    QString m_password;
    qint64 m_workerId = 0;
    int m_pingInterval = 5000;
    bool m_listening = false;
    QThread m_thread;
    ListenerConnection *m_connection = nullptr;
    QTimer m_fallback;
};

// Lives in the listener thread; owns the LISTEN connection. Internal to ChangeListener.
class ListenerConnection : public QObject
{
    Q_OBJECT

public:
    ListenerConnection(const ConnectionSettings &settings, const QString &password, qint64 workerId,
                       int pingInterval);
    ~ListenerConnection() override;

public slots:
    void open();
    void shutDown();

signals:
    void notified(const QString &payload);
    void stateChanged(bool connected, const QString &message);

private:
    // Asks the server for this worker's channel and listens on it; the error text, or "".
    QString subscribe(QSqlDatabase &db);
    void received(const QString &payload);
    void check();
    void scheduleReconnect(const QString &why);
    void close();

    ConnectionSettings m_settings;
    QString m_password;
    qint64 m_workerId;
    QString m_connectionName;
    QString m_channel;
    int m_pingInterval;
    quint64 m_pingsSent = 0;
    quint64 m_pingAwaited = 0; // the self-notification not yet back (0: none)
    int m_backoff = 500;
    bool m_connected = false;
    bool m_stopping = false;
    QTimer *m_timer = nullptr;
};

} // namespace casedesk
