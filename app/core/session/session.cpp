#include "session.h"

#include "demo/demoseeder.h"
#include "storage/migrator.h"

namespace casedesk {

Status SessionOpener::openLocal(Database &db, const QString &path, bool seedDemo)
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Sqlite;
    settings.sqlitePath = path;
    const Status opened = db.open(settings);
    if (!opened)
        return opened;
    const Status upgraded = Migrator(db).upgrade();
    if (!upgraded) {
        db.close();
        if (upgraded.code() == Status::Code::SchemaTooNew)
            return upgraded;
        return Status::failure(tr("CaseDesk could not prepare its database file %1. Check that "
                                  "the file and its folder can be written to. (%2)")
                                   .arg(path, upgraded.message()),
                               upgraded.code());
    }
    if (seedDemo) {
        const Status seeded = DemoSeeder(db).seedIfEmpty();
        if (!seeded) {
            db.close();
            return seeded;
        }
    }
    return Status::ok();
}

Status SessionOpener::openShared(Database &db, const ConnectionSettings &settings,
                                 const QString &password)
{
    const Status opened = db.open(settings, password);
    if (!opened)
        return opened;
    const Status compatible = Migrator(db).checkCompatible();
    if (!compatible) {
        db.close();
        return compatible;
    }
    return Status::ok();
}

Status SessionOpener::findWorker(const Database &db, const QString &username,
                                 WorkerIdentity *worker)
{
    *worker = WorkerDirectory(db).identityByUsername(username);
    if (!worker->isValid())
        return Status::failure(tr("You are signed in to the database as %1, but CaseDesk has no "
                                  "worker with that user name. Ask your IT department to add you.")
                                   .arg(username),
                               Status::Code::NotFound);
    if (worker->roles.isEmpty())
        return Status::failure(tr("Your CaseDesk account %1 has no roles yet. Ask your IT "
                                  "department to give you a role.")
                                   .arg(username),
                               Status::Code::NotAllowed);
    return Status::ok();
}

} // namespace casedesk
