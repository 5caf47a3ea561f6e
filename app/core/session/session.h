#pragma once

#include "domain/status.h"
#include "storage/database.h"
#include "workview/workerdirectory.h"

#include <QCoreApplication>
#include <memory>

namespace casedesk {

// A signed-in worker on an open database: what the main window works from.
struct Session
{
    std::unique_ptr<Database> database;
    WorkerIdentity worker;
    QString actingRole; // one of worker.roles

    bool isValid() const { return database && database->isOpen() && worker.isValid(); }
};

// Opening the two kinds of database the way sign-in needs them.
class SessionOpener
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::SessionOpener)

public:
    // This computer's own SQLite database: created and upgraded as needed and, when it has no
    // workers yet and `seedDemo` is set, filled with the demo authority.
    static Status openLocal(Database &db, const QString &path, bool seedDemo = true);
    // The authority's shared PostgreSQL database. The schema is never changed from a client:
    // a database at another schema version is refused with SchemaTooOld / SchemaTooNew.
    static Status openShared(Database &db, const ConnectionSettings &settings,
                             const QString &password);
    // The worker a PostgreSQL login belongs to; NotFound, with a message, if there is none.
    static Status findWorker(const Database &db, const QString &username, WorkerIdentity *worker);
    // The usual first role of a worker ("" if they have none).
    static QString defaultRole(const WorkerIdentity &worker)
    {
        return worker.roles.isEmpty() ? QString() : worker.roles.first();
    }
};

} // namespace casedesk
