#include "authorityfixture.h"

#include <QSqlQuery>

namespace casedesk::test {

AuthorityFixture::AuthorityFixture(Database &db) : m_db(db)
{
    teamId = m_db.insert(QStringLiteral("INSERT INTO teams (name) VALUES (?) RETURNING id"),
                         {QStringLiteral("CWD Team Test")});
    for (const VirtualWorkerDefinition &definition :
         DefinitionRegistry::shared().virtualWorkers()) {
        virtualWorkers.insert(definition.code,
                              m_db.insert(QStringLiteral("INSERT INTO virtual_workers (code, name) "
                                                         "VALUES (?, ?) RETURNING id"),
                                          {definition.code, definition.name}));
    }
    addWorker(QStringLiteral("sw"), {QStringLiteral("social_worker")}, teamId);
    addWorker(QStringLiteral("sw2"), {QStringLiteral("social_worker")}, teamId);
    addWorker(QStringLiteral("manager"), {QStringLiteral("ps_manager")}, teamId);
    addWorker(QStringLiteral("panelist"), {QStringLiteral("panel")});
    addWorker(QStringLiteral("dual"), {QStringLiteral("ps_manager"), QStringLiteral("panel")});
    addWorker(QStringLiteral("haven"), {QStringLiteral("home_staff")});
    addWorker(QStringLiteral("strut"), {QStringLiteral("home_staff")});
    addWorker(QStringLiteral("commissioner"), {QStringLiteral("commissioning_officer")});
    addWorker(QStringLiteral("ssw"), {QStringLiteral("supervising_social_worker")});
    addWorker(QStringLiteral("duty"), {QStringLiteral("duty_desk")});
    addWorker(QStringLiteral("dpofficer"), {QStringLiteral("dp_officer")});
    addMember(QStringLiteral("cs-cwd-panel"), workers.value(QStringLiteral("panelist")));
    addMember(QStringLiteral("cs-cwd-panel"), workers.value(QStringLiteral("dual")));
    addMember(QStringLiteral("haven-cottage"), workers.value(QStringLiteral("haven")));
    addMember(QStringLiteral("strut-house"), workers.value(QStringLiteral("strut")));
    addMember(QStringLiteral("cs-commissioned-placement-inbox"),
              workers.value(QStringLiteral("commissioner")));
    addMember(QStringLiteral("duty-desk"), workers.value(QStringLiteral("duty")));
    addMember(QStringLiteral("direct-payments-inbox"), workers.value(QStringLiteral("dpofficer")));
    childId = addChild(QStringLiteral("Ava"), QStringLiteral("Testchild"));
}

qint64 AuthorityFixture::addWorker(const QString &username, const QStringList &roles, qint64 team)
{
    const qint64 id = m_db.insert(
        QStringLiteral("INSERT INTO workers (username, display_name, team_id) VALUES (?, ?, ?) "
                       "RETURNING id"),
        {username, QString(QStringLiteral("Worker ") + username),
         team > 0 ? QVariant(team) : QVariant(QMetaType(QMetaType::LongLong))});
    for (const QString &role : roles)
        m_db.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"),
                  {id, role});
    workers.insert(username, id);
    return id;
}

qint64 AuthorityFixture::addChild(const QString &givenName, const QString &familyName)
{
    return m_db.insert(
        QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child, "
                       "allocated_worker_id, team_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
        {QString(QStringLiteral("T") + familyName + givenName), givenName, familyName, true,
         workers.value(QStringLiteral("sw")), teamId});
}

void AuthorityFixture::addMember(const QString &virtualWorkerCode, qint64 workerId)
{
    m_db.exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, worker_id) "
                             "VALUES (?, ?)"),
              {virtualWorkers.value(virtualWorkerCode), workerId});
}

QStringList AuthorityFixture::work(const QString &stepColumn, const QString &requestColumn,
                                   qint64 id) const
{
    QStringList items;
    // Column names come from the two call sites below, never from input.
    QSqlQuery steps =
        m_db.exec(QStringLiteral("SELECT status, step_type FROM worksteps WHERE ") + stepColumn +
                      QStringLiteral(" = ? AND status IN ('incoming', 'started')"),
                  {id});
    while (steps.next())
        items << steps.value(0).toString() + QStringLiteral(": ") + steps.value(1).toString();
    QSqlQuery requests = m_db.exec(
        QStringLiteral("SELECT r.request_type, s.step_type FROM requests r JOIN worksteps s ON "
                       "s.id = r.step_id WHERE r.status = 'outstanding' AND r.") +
            requestColumn + QStringLiteral(" = ?"),
        {id});
    while (requests.next())
        items << QStringLiteral("request: ") + requests.value(0).toString() + QStringLiteral(": ") +
                     requests.value(1).toString();
    items.sort();
    return items;
}

QStringList AuthorityFixture::workOf(const QString &username) const
{
    return work(QStringLiteral("assignee_worker_id"), QStringLiteral("recipient_worker_id"),
                workers.value(username));
}

QStringList AuthorityFixture::workOfVirtualWorker(const QString &code) const
{
    return work(QStringLiteral("assignee_virtual_worker_id"),
                QStringLiteral("recipient_virtual_worker_id"), virtualWorkers.value(code));
}

} // namespace casedesk::test
