#pragma once

#include <QString>
#include <QThread>

namespace casedesk::test {

class LinkWorker;

// Where a LinkSimulator forwards its connections: a Unix socket (how the test PostgreSQL is
// reached: it listens on no TCP port) or a TCP host and port.
struct LinkTarget
{
    QString localSocketPath;
    QString host;
    quint16 port = 0;

    static LinkTarget unixSocket(const QString &path);
    static LinkTarget tcp(const QString &host, quint16 port);
    // The socket of the harness's PostgreSQL: $CASEDESK_TEST_PGHOST/.s.PGSQL.$CASEDESK_TEST_PGPORT.
    static LinkTarget testPostgres();
};

// A TCP proxy on 127.0.0.1 that plays a bad network between a client and `target`: a fixed delay
// each way, a black hole (nothing goes through, nothing is closed) and a reset of every
// connection. See README.md, "Testing".
//
// Its sockets live in a thread of its own with its own event loop, so a test may block its own
// thread in a synchronous QSqlQuery through it. The controls may be called from any thread but
// that one; each returns once it has taken effect.
class LinkSimulator
{
public:
    // Listens on 127.0.0.1:`listenPort`, or on a free port when it is 0.
    explicit LinkSimulator(const LinkTarget &target, quint16 listenPort = 0);
    ~LinkSimulator();
    LinkSimulator(const LinkSimulator &) = delete;
    LinkSimulator &operator=(const LinkSimulator &) = delete;

    bool isListening() const { return m_port != 0; }
    QString errorString() const { return m_errorString; }
    // Where clients connect: host() and port() go into QSqlDatabase's host name and port.
    static QString host();
    quint16 port() const { return m_port; }

    // Holds every chunk this long before forwarding it, in both directions, in order.
    void setDelay(int oneWayMs);
    // While on: no new connection is accepted (the kernel may still complete the handshake),
    // nothing is read, forwarded or closed. Switched off, what was held goes through.
    void setBlackHole(bool on);
    // The next time a client sends bytes containing `marker` (e.g. "COMMIT"), they reach the
    // target but nothing the target sends back on that connection ever arrives: a reply lost
    // after the server acted on the request. Once, on one connection.
    void loseRepliesAfter(const QByteArray &marker);
    // Aborts every open connection, both the client's side and the target's.
    void resetConnections();
    int connectionCount() const;
    // What clients have sent on, in chunks: a request flushed and then waited for is one chunk
    // (libpq sends each statement in one write), so differences count round trips.
    qint64 clientSends() const;

private:
    QThread m_thread;
    LinkWorker *m_worker = nullptr;
    quint16 m_port = 0;
    QString m_errorString;
};

} // namespace casedesk::test
