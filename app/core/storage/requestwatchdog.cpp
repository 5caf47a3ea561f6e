#include "requestwatchdog.h"

#include <QSqlDriver>
#include <QVariant>
#include <chrono>
#include <condition_variable>
#include <libpq-fe.h>
#include <map>
#include <mutex>
#include <sys/socket.h>
#include <thread>

namespace casedesk {

namespace {

using Clock = std::chrono::steady_clock;

class WatchdogThread
{
public:
    static WatchdogThread &instance()
    {
        static WatchdogThread thread;
        return thread;
    }

    quint64 add(int socket, Clock::time_point deadline)
    {
        std::lock_guard lock(m_mutex);
        if (!m_thread.joinable())
            m_thread = std::thread([this] { run(); });
        const quint64 id = ++m_lastId;
        m_watched.emplace(id, Entry{socket, deadline, false});
        m_wake.notify_one();
        return id;
    }

    // Forgets the request; true when its deadline had passed.
    bool remove(quint64 id)
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_watched.find(id);
        if (found == m_watched.end())
            return false;
        const bool expired = found->second.expired;
        m_watched.erase(found);
        return expired;
    }

    bool expired(quint64 id)
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_watched.find(id);
        return found != m_watched.end() && found->second.expired;
    }

    ~WatchdogThread()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    struct Entry
    {
        int socket;
        Clock::time_point deadline;
        bool expired;
    };

    void run()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            auto next = Clock::time_point::max();
            const auto now = Clock::now();
            for (auto &[id, entry] : m_watched) {
                if (entry.expired)
                    continue;
                if (entry.deadline <= now) {
                    // Safe while the entry exists: the caller is still blocked in the request,
                    // so nothing can have closed the socket or reused its number.
                    ::shutdown(entry.socket, SHUT_RDWR);
                    entry.expired = true;
                } else {
                    next = std::min(next, entry.deadline);
                }
            }
            if (next == Clock::time_point::max())
                m_wake.wait(lock);
            else
                m_wake.wait_until(lock, next);
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<quint64, Entry> m_watched;
    quint64 m_lastId = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace

RequestWatchdog::Watch::~Watch()
{
    if (m_id)
        WatchdogThread::instance().remove(m_id);
}

bool RequestWatchdog::Watch::expired() const
{
    return m_id && WatchdogThread::instance().expired(m_id);
}

void RequestWatchdog::watch(Watch &watch, const QSqlDatabase &connection, int deadlineMs)
{
    if (deadlineMs <= 0 || watch.m_id)
        return;
    const int socket = socketOf(connection);
    if (socket < 0)
        return;
    watch.m_id = WatchdogThread::instance().add(socket, Clock::now() +
                                                            std::chrono::milliseconds(deadlineMs));
}

namespace {
PGconn *libpqOf(const QSqlDatabase &connection)
{
    if (!connection.isOpen() || !connection.driver())
        return nullptr;
    const QVariant handle = connection.driver()->handle();
    // Qt registers the handle's type under the struct's own name ("pg_conn*"); older builds
    // used the typedef ("PGconn*").
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn *const *>(handle.constData());
}
} // namespace

int RequestWatchdog::socketOf(const QSqlDatabase &connection)
{
    PGconn *pg = libpqOf(connection);
    return pg ? PQsocket(pg) : -1;
}

bool RequestWatchdog::isBroken(const QSqlDatabase &connection)
{
    PGconn *pg = libpqOf(connection);
    return pg && PQstatus(pg) == CONNECTION_BAD;
}

} // namespace casedesk
