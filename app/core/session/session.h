#pragma once

#include "domain/status.h"
#include "storage/database.h"
#include "storage/databasethread.h"
#include "workview/workerdirectory.h"

#include <QCoreApplication>
#include <QSettings>
#include <functional>
#include <memory>

namespace casedesk {

class LocalDatabaseMarker;

// A signed-in worker on an open database: what the main window works from.
struct Session
{
    // The GUI thread's handle: where and as whom. Signed in to a server, it is never opened
    // (Database::aimAt): every statement runs on the database thread below.
    std::unique_ptr<Database> database;
    WorkerIdentity worker;
    QString actingRole; // one of worker.roles
    // Off the GUI thread: what the screens read and write without waiting (made on first use,
    // with the database's settings and password). Declared after `database`: it ends first.
    std::unique_ptr<DatabaseThread> backgroundThread;

    bool isValid() const { return database && worker.isValid(); }
    DatabaseThread &background()
    {
        if (!backgroundThread)
            backgroundThread =
                std::make_unique<DatabaseThread>(database->settings(), database->password());
        return *backgroundThread;
    }
};

// Opening the two kinds of database the way sign-in needs them.
class SessionOpener
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::SessionOpener)

public:
    // This computer's own SQLite database: created and upgraded as needed and, when it has no
    // workers yet and `seedDemo` is set, filled with the demo authority. A file is first checked
    // (PRAGMA quick_check): a damaged one is refused with DatabaseDamaged, unchanged. Once it has
    // been opened with data in it, `settings` remember it (LocalDatabaseMarker): if it is then
    // missing or empty it is refused with DatabaseMissing, and nothing is created in its place.
    static Status openLocal(Database &db, const QString &path, QSettings &settings,
                            bool seedDemo = true);
    // The same off the GUI thread, for the sign-in page: on a pool thread, with a connection of
    // its own that is closed again before the future ends, then the active workers (memberships
    // included) are read. `used` is what LocalDatabaseMarker says of the file: the caller asks it
    // and, when `markUsed` comes back set, marks the file on its own thread (the job never touches
    // the caller's QSettings). Progress text names the stage ("Preparing the demo data…" while a
    // first start fills the file). The session's handle is then aimed at `settings`.
    struct LocalOpened
    {
        Status status = Status::failure(tr("CaseDesk did not finish opening the data on this "
                                           "computer."));
        QList<WorkerIdentity> workers;
        ConnectionSettings settings;
        bool markUsed = false;
    };
    static QFuture<LocalOpened> openLocalOffThread(const QString &path, bool used,
                                                   bool seedDemo = true);
    static QString openingText() { return tr("Opening the data on this computer\u2026"); }
    static QString seedingText() { return tr("Preparing the demo data\u2026"); }
    // The deliberate way back from DatabaseMissing / DatabaseDamaged: the file (and its -wal and
    // -shm files) are moved aside, never deleted, to "<file>.set-aside-<date and time>" (given in
    // `setAside` if one was there), and the file is forgotten as used, so the next openLocal
    // starts afresh with the demo data.
    static Status startAfresh(const QString &path, QSettings &settings,
                              QString *setAside = nullptr);
    // The authority's shared PostgreSQL database. The schema is never changed from a client:
    // a database at another schema version is refused with SchemaTooOld / SchemaTooNew.
    static Status openShared(Database &db, const ConnectionSettings &settings,
                             const QString &password);
    // Signing in to the shared server off the GUI thread: openShared and findWorker on a
    // throwaway connection of a pool thread (the window stays live; a silent server ends at the
    // connect timeout). The session's handle is then aimed at the server (Database::aimAt).
    struct SignedIn
    {
        Status status;
        WorkerIdentity worker;
    };
    static QFuture<SignedIn> signInToShared(const ConnectionSettings &settings,
                                            const QString &password);
    // The worker a PostgreSQL login belongs to; NotFound, with a message, if there is none.
    static Status findWorker(const Database &db, const QString &username, WorkerIdentity *worker);
    // The usual first role of a worker ("" if they have none).
    static QString defaultRole(const WorkerIdentity &worker)
    {
        return worker.roles.isEmpty() ? QString() : worker.roles.first();
    }

private:
    // `*markUsed` is set when the file, not used before, now holds workers; `stage` hears
    // seedingText() before the demo data is added.
    static Status openSqlite(Database &db, const QString &path, bool used, bool seedDemo,
                             bool *markUsed,
                             const std::function<void(const QString &)> &stage = {});
    static Status quickCheck(Database &db, const QString &path);
    static Status missingFile(const QString &path);
    static Status damagedFile(const QString &path, const QString &detail);
};

} // namespace casedesk
