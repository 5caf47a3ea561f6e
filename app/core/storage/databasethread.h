#pragma once

#include "database.h"

#include <QFuture>
#include <QPromise>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>

namespace casedesk {

// Database work off the GUI thread: a thread with a connection of its own (the same server, login
// and limits as the session's) that runs one request at a time, in the order asked. A request is
// a function of that connection; its result comes back as a QFuture, which the widget continues
// on its own thread with .then(widget, ...):
//
//   m_session.background()
//       .run([worker](Database &db) { return WorkviewQuery(db).workviewOf(worker); })
//       .then(this, [this](const QList<WorkviewSection> &sections) { ... });
//
// A request must not touch the widgets or any object of the GUI thread: copy in what it needs.
// The connection opens on the first request, and again before a request when libpq says it broke
// (a server restart costs the next request a reconnect, not errors ever after); when it cannot be
// opened, or it reaches a database of another schema version, the request still runs and finds
// db.isOpen() false. A silent link is waited on once: when a request broke after waiting a second
// or more (the request deadline) or a reconnect failed as slowly (the connect timeout), the
// requests already queued run at once on the closed connection, never reaching the server; the
// next one asked tries to reconnect. Requests still waiting when the thread is destroyed are
// cancelled (their continuations never run), except runBeforeClosing's; the one running finishes
// first, within the request deadline.
class DatabaseThread
{
public:
    DatabaseThread(const ConnectionSettings &settings, const QString &password);
    ~DatabaseThread();
    DatabaseThread(const DatabaseThread &) = delete;
    DatabaseThread &operator=(const DatabaseThread &) = delete;

    template <typename Work>
    auto run(Work work) -> QFuture<std::invoke_result_t<Work &, Database &>>
    {
        using Result = std::invoke_result_t<Work &, Database &>;
        auto promise = std::make_shared<QPromise<Result>>();
        QFuture<Result> future = promise->future();
        promise->start();
        post([promise, work = std::move(work)](Database *db) mutable {
            if (!db)
                return; // stopping: the promise goes with this job, its future is cancelled
            if constexpr (std::is_void_v<Result>) {
                work(*db);
            } else {
                promise->addResult(work(*db));
            }
            promise->finish();
        });
        return future;
    }

    // A last word for the server that must not be dropped when the session ends (its presence
    // rows): run even when the thread is being destroyed, before the connection closes (bounded
    // by the request deadline). Nobody hears the result.
    template <typename Work> void runBeforeClosing(Work work)
    {
        post([work = std::move(work)](Database *db) mutable { work(*db); }, EvenWhenStopping::Yes);
    }

    // Requests carried out so far (benchmarks and tests count them).
    int requestsRun() const { return m_requestsRun; }

private:
    enum class EvenWhenStopping
    {
        No,
        Yes
    };
    // `job` gets the connection, or nullptr when the thread is stopping (unless told otherwise).
    void post(std::function<void(Database *)> job, EvenWhenStopping always = EvenWhenStopping::No);
    // In the thread: the connection for request `ticket`, opened (again) when needed and allowed.
    Database &connection(quint64 ticket);
    // In the thread: the link was found silent; the requests asked so far are not to wait on it.
    void declineQueued();

    ConnectionSettings m_settings;
    QString m_password;
    QThread m_thread;
    QObject *m_context = nullptr;         // lives in m_thread; requests are queued to it
    std::unique_ptr<Database> m_database; // made, used and closed in m_thread only
    std::atomic_bool m_stopping{false};
    std::atomic_int m_requestsRun{0};
    std::atomic<quint64> m_lastTicket{0}; // requests asked so far, numbered in post()
    quint64 m_declineThrough = 0;         // in the thread: these run on a closed connection
};

} // namespace casedesk
