#pragma once

#include "definitions/definitionregistry.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QHash>
#include <QStringList>

namespace casedesk::test {

// A small invented authority for workflow tests: one worker per role, the virtual workers of
// the shipped definitions with members, and one child with a parent.
class AuthorityFixture
{
public:
    explicit AuthorityFixture(Database &db);

    qint64 addWorker(const QString &username, const QStringList &roles, qint64 teamId = 0);
    qint64 addChild(const QString &givenName, const QString &familyName);
    void addMember(const QString &virtualWorkerCode, qint64 workerId);

    Actor as(const QString &username, const QString &role) const
    {
        return Actor{workers.value(username), role};
    }
    Assignee vw(const QString &code) const
    {
        return Assignee::virtualWorker(virtualWorkers.value(code));
    }
    Assignee worker(const QString &username) const
    {
        return Assignee::worker(workers.value(username));
    }

    // What a worker or virtual worker has in their work, as "kind: title" strings, sorted:
    //   "incoming: SC Panel", "request: CS Request for CWD Panel: SC Panel"
    QStringList workOf(const QString &username) const;
    QStringList workOfVirtualWorker(const QString &code) const;

    QHash<QString, qint64> workers;
    QHash<QString, qint64> virtualWorkers;
    qint64 teamId = 0;
    qint64 childId = 0;

private:
    QStringList work(const QString &stepColumn, const QString &requestColumn, qint64 id) const;
    Database &m_db;
};

} // namespace casedesk::test
