#pragma once

#include <QSqlDatabase>

namespace casedesk {

// Ends a PostgreSQL connection whose request has waited past its deadline. A link that stops
// answering (Wi-Fi gone, a VPN re-keying, a laptop lid closed) otherwise leaves the caller blocked
// in libpq until the kernel gives up on the TCP connection, which can take many minutes. Shutting
// the socket down makes the blocked call fail at once with a connection error, so the usual
// "connection lost" path (journal, save tokens, reconnect) takes over.
//
// One thread serves the whole process; it sleeps until the earliest deadline of the requests it
// watches. Watching costs a mutex and no system call.
class RequestWatchdog
{
public:
    // While a Watch is alive, its connection's socket is shut down if the deadline passes.
    class Watch
    {
    public:
        Watch() = default;
        Watch(const Watch &) = delete;
        Watch &operator=(const Watch &) = delete;
        ~Watch();
        // Whether the deadline passed and the connection was shut down.
        bool expired() const;

    private:
        friend class RequestWatchdog;
        quint64 m_id = 0;
    };

    // Starts watching a request on `connection` (PostgreSQL only; nothing happens for other
    // drivers or when `deadlineMs` <= 0). Construct the Watch before the request, destroy it after.
    static void watch(Watch &watch, const QSqlDatabase &connection, int deadlineMs);

    // The socket of a PostgreSQL connection, or -1.
    static int socketOf(const QSqlDatabase &connection);
    // Whether libpq knows a PostgreSQL connection is gone (no round trip; false otherwise).
    static bool isBroken(const QSqlDatabase &connection);
};

} // namespace casedesk
