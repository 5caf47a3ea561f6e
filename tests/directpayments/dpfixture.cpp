#include "dpfixture.h"

#include <QSqlQuery>

namespace casedesk::test {

DpFixture::DpFixture() = default;

bool DpFixture::create(QString *error)
{
    if (!m_database.create(error))
        return false;
    m_engine = std::make_unique<WorkflowEngine>(db(), DefinitionRegistry::shared());
    m_dp = std::make_unique<DirectPayments>(db(), *m_engine);
    m_dp->setClock([this] { return m_today; });
    for (const VirtualWorkerDefinition &definition :
         DefinitionRegistry::shared().virtualWorkers()) {
        virtualWorkers.insert(definition.code,
                              db().insert(QStringLiteral("INSERT INTO virtual_workers (code, name) "
                                                         "VALUES (?, ?) RETURNING id"),
                                          {definition.code, definition.name}));
    }
    const qint64 north = addTeam(QStringLiteral("CWD Team North"));
    const qint64 south = addTeam(QStringLiteral("CWD Team South"));
    const qint64 manager = addWorker(QStringLiteral("manager"), {dp::Manager}, north);
    const qint64 manager2 = addWorker(QStringLiteral("manager2"), {dp::Manager}, south);
    addWorker(QStringLiteral("sw"), {dp::SocialWorker}, north, manager);
    addWorker(QStringLiteral("sw2"), {dp::SocialWorker}, south, manager2);
    addWorker(QStringLiteral("admin"), {dp::PanelAdministrator}, 0);
    addWorker(QStringLiteral("dpofficer"), {QStringLiteral("dp_officer")}, 0);
    for (const QString &member : {QStringLiteral("admin"), QStringLiteral("dpofficer")})
        db().exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, "
                                 "worker_id) VALUES (?, ?)"),
                  {trayId(), workers.value(member)});
    return true;
}

qint64 DpFixture::addTeam(const QString &name)
{
    const qint64 id =
        db().insert(QStringLiteral("INSERT INTO teams (name) VALUES (?) RETURNING id"), {name});
    teams.insert(name, id);
    return id;
}

qint64 DpFixture::addWorker(const QString &username, const QStringList &roles, qint64 teamId,
                            qint64 managerId)
{
    const qint64 id = db().insert(
        QStringLiteral("INSERT INTO workers (username, display_name, team_id, manager_id) "
                       "VALUES (?, ?, ?, ?) RETURNING id"),
        {username, QString(QStringLiteral("Worker ") + username),
         teamId > 0 ? QVariant(teamId) : QVariant(QMetaType(QMetaType::LongLong)),
         managerId > 0 ? QVariant(managerId) : QVariant(QMetaType(QMetaType::LongLong))});
    for (const QString &role : roles)
        db().exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"),
                  {id, role});
    workers.insert(username, id);
    return id;
}

qint64 DpFixture::addPerson(const QString &givenName, const QString &familyName)
{
    return db().insert(
        QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child) "
                       "VALUES (?, ?, ?, ?) RETURNING id"),
        {QString(QStringLiteral("A") + familyName + givenName), givenName, familyName, false});
}

void DpFixture::relate(qint64 childId, qint64 personId, const QString &relationship)
{
    db().exec(QStringLiteral("INSERT INTO relationships (person_id, related_person_id, "
                             "relationship, has_parental_responsibility) VALUES (?, ?, ?, ?)"),
              {childId, personId, relationship, true});
}

qint64 DpFixture::addChild(const QString &givenName, const QString &familyName,
                           const QString &worker)
{
    const qint64 workerId = workers.value(worker);
    const qint64 teamId =
        db().scalar(QStringLiteral("SELECT team_id FROM workers WHERE id = ?"), {workerId})
            .toLongLong();
    const qint64 childId = db().insert(
        QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, date_of_birth, "
                       "is_child, allocated_worker_id, team_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {QString(QStringLiteral("T") + familyName + givenName), givenName, familyName,
         QDate(2016, 5, 1), true, workerId, teamId});
    const qint64 mother = addPerson(QStringLiteral("Jo"), familyName);
    relate(childId, mother, QStringLiteral("Mother"));
    m_parents.insert(childId, mother);
    return childId;
}

QStringList DpFixture::work(const QString &stepColumn, const QString &requestColumn,
                            qint64 id) const
{
    QStringList items;
    // Column names come from the two call sites below, never from input.
    QSqlQuery steps = m_database.db().exec(
        QStringLiteral("SELECT status, step_type FROM worksteps WHERE ") + stepColumn +
            QStringLiteral(" = ? AND status IN ('incoming', 'started')"),
        {id});
    while (steps.next())
        items << steps.value(0).toString() + QStringLiteral(": ") + steps.value(1).toString();
    QSqlQuery requests = m_database.db().exec(
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

QStringList DpFixture::workOf(const QString &username) const
{
    return work(QStringLiteral("assignee_worker_id"), QStringLiteral("recipient_worker_id"),
                workers.value(username));
}

QStringList DpFixture::tray() const
{
    return work(QStringLiteral("assignee_virtual_worker_id"),
                QStringLiteral("recipient_virtual_worker_id"), trayId());
}

qint64 DpFixture::stepOf(qint64 personId, const QString &stepType) const
{
    return m_database.db()
        .scalar(QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? AND step_type = ? "
                               "ORDER BY id DESC LIMIT 1"),
                {personId, stepType})
        .toLongLong();
}

} // namespace casedesk::test
