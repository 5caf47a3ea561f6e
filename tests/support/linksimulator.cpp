#include "linksimulator.h"

#include <QDeadlineTimer>
#include <QList>
#include <QLocalSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <sys/socket.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace casedesk::test {

LinkTarget LinkTarget::unixSocket(const QString &path)
{
    LinkTarget target;
    target.localSocketPath = path;
    return target;
}

LinkTarget LinkTarget::tcp(const QString &host, quint16 port)
{
    LinkTarget target;
    target.host = host;
    target.port = port;
    return target;
}

LinkTarget LinkTarget::testPostgres()
{
    return unixSocket(qEnvironmentVariable("CASEDESK_TEST_PGHOST") + u"/.s.PGSQL."_s +
                      qEnvironmentVariable("CASEDESK_TEST_PGPORT"));
}

namespace {

// What every link obeys; owned by the worker, read and written only in its thread.
struct LinkConditions
{
    int delayMs = 0;
    bool blackHole = false;
    // Once a client sends this, the server's answers on that link vanish (one link, once).
    QByteArray loseRepliesAfter;
    // Chunks clients have sent on to the target: each request a client flushes and then waits
    // for is one, so this counts round trips.
    qint64 clientSends = 0;
};

// The two ends are a QTcpSocket (the client) and a QTcpSocket or QLocalSocket (the target),
// which share QIODevice but not their state().
bool isConnected(const QIODevice *device)
{
    if (auto *tcp = qobject_cast<const QAbstractSocket *>(device))
        return tcp->state() == QAbstractSocket::ConnectedState;
    return static_cast<const QLocalSocket *>(device)->state() == QLocalSocket::ConnectedState;
}

bool isUnconnected(const QIODevice *device)
{
    if (auto *tcp = qobject_cast<const QAbstractSocket *>(device))
        return tcp->state() == QAbstractSocket::UnconnectedState;
    return static_cast<const QLocalSocket *>(device)->state() == QLocalSocket::UnconnectedState;
}

// Closes after what was written has gone out, as the other end's own close did.
void closeGracefully(QIODevice *device)
{
    if (auto *tcp = qobject_cast<QAbstractSocket *>(device))
        tcp->disconnectFromHost();
    else
        static_cast<QLocalSocket *>(device)->disconnectFromServer();
}

void abortWithReset(QIODevice *device)
{
    if (auto *tcp = qobject_cast<QAbstractSocket *>(device)) {
        // SO_LINGER with a zero timeout makes the close send RST instead of FIN, as a firewall
        // or NAT box dropping its state does.
        const linger noLinger{1, 0};
        if (tcp->socketDescriptor() != -1)
            ::setsockopt(int(tcp->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger,
                         sizeof noLinger);
        tcp->abort();
    } else {
        static_cast<QLocalSocket *>(device)->abort();
    }
}

// One accepted client connection and the connection made for it to the target. Whatever one
// side sends (data, then its close) is held in a queue of that side until it is due and the
// link is not a black hole, then handed to the other side in order.
class Link : public QObject
{
public:
    enum Side
    {
        Client = 0,
        Target = 1
    };

    Link(QTcpSocket *client, LinkConditions &conditions, QObject *parent,
         std::function<void(Link *)> onFinished)
        : QObject(parent), m_conditions(conditions), m_onFinished(std::move(onFinished))
    {
        client->setParent(this);
        m_ends[Client] = client;
        connect(client, &QTcpSocket::readyRead, this, [this] { take(Client); });
        connect(client, &QTcpSocket::disconnected, this, [this] { endClosed(Client); });
    }

    void connectTo(const LinkTarget &target)
    {
        // Signals are connected before connecting: a Unix socket may connect (or fail) at once.
        if (!target.localSocketPath.isEmpty()) {
            auto *socket = new QLocalSocket(this);
            m_ends[Target] = socket;
            connect(socket, &QLocalSocket::connected, this, [this] { forward(Client); });
            connect(socket, &QLocalSocket::readyRead, this, [this] { take(Target); });
            connect(socket, &QLocalSocket::disconnected, this, [this] { endClosed(Target); });
            connect(socket, &QLocalSocket::errorOccurred, this, [this] { targetFailed(); });
            socket->connectToServer(target.localSocketPath);
        } else {
            auto *socket = new QTcpSocket(this);
            m_ends[Target] = socket;
            connect(socket, &QTcpSocket::connected, this, [this] { forward(Client); });
            connect(socket, &QTcpSocket::readyRead, this, [this] { take(Target); });
            connect(socket, &QTcpSocket::disconnected, this, [this] { endClosed(Target); });
            connect(socket, &QTcpSocket::errorOccurred, this, [this] { targetFailed(); });
            socket->connectToHost(target.host, target.port);
        }
    }

    // The black hole is over: what both ends sent meanwhile, and what was held, goes through.
    void release()
    {
        take(Client);
        take(Target);
        forward(Client);
        forward(Target);
    }

    void abortBothEnds()
    {
        for (QIODevice *end : m_ends) {
            if (!end)
                continue;
            end->disconnect(this); // no close is forwarded: both ends go at once
            abortWithReset(end);
        }
    }

private:
    struct Chunk
    {
        QDeadlineTimer due;
        QByteArray data;
        bool isClose = false;
    };

    static Side other(Side side) { return side == Client ? Target : Client; }

    void take(Side from)
    {
        if (m_conditions.blackHole) // nothing is read in the hole; Qt keeps it buffered
            return;
        hold(from);
    }

    void hold(Side from)
    {
        QByteArray data = m_ends[from]->readAll();
        if (data.isEmpty())
            return;
        m_held[from].push_back({QDeadlineTimer(m_conditions.delayMs), std::move(data), false});
        forward(from);
    }

    void endClosed(Side side)
    {
        if (m_closed[side])
            return;
        m_closed[side] = true;
        hold(side); // what it sent before closing still goes through, and before the close
        m_held[side].push_back({QDeadlineTimer(m_conditions.delayMs), {}, true});
        forward(side);
    }

    void targetFailed()
    {
        // Errors of a connected socket are followed by disconnected(); one that never
        // connected (no server there) only fails, and the client is closed as if refused.
        if (isUnconnected(m_ends[Target]))
            endClosed(Target);
    }

    void forward(Side from)
    {
        const Side to = other(from);
        std::deque<Chunk> &queue = m_held[from];
        while (!m_conditions.blackHole && !queue.empty()) {
            if (m_closed[to]) { // nobody left to hand it to
                queue.clear();
                break;
            }
            if (!isConnected(m_ends[to])) // the target is still being connected to
                return;
            if (!queue.front().due.hasExpired()) {
                const auto wait = std::chrono::milliseconds(queue.front().due.remainingTime());
                QTimer::singleShot(wait, Qt::PreciseTimer, this, [this, from] { forward(from); });
                return;
            }
            const Chunk chunk = std::move(queue.front());
            queue.pop_front();
            if (chunk.isClose) {
                closeGracefully(m_ends[to]); // may re-enter endClosed(to) at once
            } else if (from == Target && m_repliesLost) {
                continue; // the answer is lost on the way; the client is left waiting
            } else {
                m_ends[to]->write(chunk.data);
                if (from == Client)
                    ++m_conditions.clientSends;
                if (from == Client && !m_conditions.loseRepliesAfter.isEmpty() &&
                    chunk.data.contains(m_conditions.loseRepliesAfter)) {
                    m_conditions.loseRepliesAfter.clear();
                    m_repliesLost = true;
                }
            }
        }
        if (m_closed[Client] && m_closed[Target] && m_onFinished)
            std::exchange(m_onFinished, nullptr)(this);
    }

    LinkConditions &m_conditions;
    std::function<void(Link *)> m_onFinished;
    bool m_repliesLost = false;
    QIODevice *m_ends[2] = {nullptr, nullptr};
    std::deque<Chunk> m_held[2]; // by the side that sent them
    bool m_closed[2] = {false, false};
};

} // namespace

// Lives in the simulator's thread and owns everything there: the server and the links.
class LinkWorker : public QObject
{
public:
    explicit LinkWorker(const LinkTarget &target) : m_target(target) {}

    quint16 listen(quint16 port, QString *error)
    {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, [this] { acceptPending(); });
        if (!m_server->listen(QHostAddress::LocalHost, port)) {
            *error = m_server->errorString();
            return 0;
        }
        return m_server->serverPort();
    }

    void setDelay(int oneWayMs) { m_conditions.delayMs = qMax(0, oneWayMs); }
    void loseRepliesAfter(const QByteArray &marker) { m_conditions.loseRepliesAfter = marker; }

    void setBlackHole(bool on)
    {
        m_conditions.blackHole = on;
        if (on) {
            m_server->pauseAccepting();
            return;
        }
        m_server->resumeAccepting();
        const QList<Link *> links = m_links; // a link may finish, and leave the list, meanwhile
        for (Link *link : links)
            link->release();
    }

    void resetConnections()
    {
        for (Link *link : std::exchange(m_links, {})) {
            link->abortBothEnds();
            link->deleteLater();
        }
    }

    int connectionCount() const { return int(m_links.size()); }
    qint64 clientSends() const { return m_conditions.clientSends; }

private:
    void acceptPending()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            auto *link = new Link(client, m_conditions, this, [this](Link *finished) {
                m_links.removeOne(finished);
                finished->deleteLater();
            });
            m_links.append(link);
            link->connectTo(m_target);
        }
    }

    const LinkTarget m_target;
    LinkConditions m_conditions;
    QTcpServer *m_server = nullptr;
    QList<Link *> m_links;
};

namespace {

// The controls run in the worker's thread and the caller waits for them: when one returns it has
// taken effect. (Called from the worker's own thread this would deadlock; nothing does.)
template <typename Function> void inWorkerThread(LinkWorker *worker, Function function)
{
    QMetaObject::invokeMethod(worker, function, Qt::BlockingQueuedConnection);
}

} // namespace

LinkSimulator::LinkSimulator(const LinkTarget &target, quint16 listenPort)
    : m_worker(new LinkWorker(target))
{
    m_thread.setObjectName(u"LinkSimulator"_s);
    m_worker->moveToThread(&m_thread);
    // Deleted in its thread after its event loop ends, with the server, links and sockets.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    inWorkerThread(m_worker, [&] { m_port = m_worker->listen(listenPort, &m_errorString); });
}

LinkSimulator::~LinkSimulator()
{
    m_thread.quit();
    m_thread.wait();
}

QString LinkSimulator::host()
{
    return u"127.0.0.1"_s;
}

void LinkSimulator::setDelay(int oneWayMs)
{
    inWorkerThread(m_worker, [&] { m_worker->setDelay(oneWayMs); });
}

void LinkSimulator::setBlackHole(bool on)
{
    inWorkerThread(m_worker, [&] { m_worker->setBlackHole(on); });
}

void LinkSimulator::loseRepliesAfter(const QByteArray &marker)
{
    inWorkerThread(m_worker, [&] { m_worker->loseRepliesAfter(marker); });
}

void LinkSimulator::resetConnections()
{
    inWorkerThread(m_worker, [&] { m_worker->resetConnections(); });
}

qint64 LinkSimulator::clientSends() const
{
    qint64 count = 0;
    inWorkerThread(m_worker, [&] { count = m_worker->clientSends(); });
    return count;
}

int LinkSimulator::connectionCount() const
{
    int count = 0;
    inWorkerThread(m_worker, [&] { count = m_worker->connectionCount(); });
    return count;
}

} // namespace casedesk::test
