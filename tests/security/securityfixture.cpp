#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "security/accounts.h"
#include "security/rulesync.h"

#include <QSqlQuery>
#include <QUuid>

namespace casedesk::test {

namespace {

struct Spec
{
    const char *key;
    QStringList roles;
    int team; // 0 none, 1 team A, 2 team B
    const char *memberOf;
};

} // namespace

SecurityFixture::SecurityFixture() = default;

SecurityFixture::~SecurityFixture()
{
    m_adminEngine.reset();
    m_engines.clear();
    m_connections.clear();
}

bool SecurityFixture::create(QString *error)
{
    if (!TestDatabase::wantsPostgres()) {
        *error = QStringLiteral("The server rules are PostgreSQL's: run this test with "
                                "CASEDESK_TEST_BACKEND=postgres through tools/test.sh.");
        return false;
    }
    if (!TestDatabase::hasTcp()) {
        *error = QStringLiteral("Workers sign in over TCP with TLS and passwords: run this test "
                                "through tests/harness/with-postgres.sh, whose server listens "
                                "there (CASEDESK_TEST_PGTCPPORT, CASEDESK_TEST_PGSSLROOTCERT).");
        return false;
    }
    if (!m_database.create(error))
        return false;
    const DefinitionRegistry &definitions = DefinitionRegistry::shared();
    RuleSync sync(admin(), definitions);
    if (Status synced = sync.sync(); !synced) {
        *error = synced.message();
        return false;
    }
    if (Status applied = sync.applySecurity(); !applied) {
        *error = applied.message();
        return false;
    }
    QSqlQuery vws = admin().exec(QStringLiteral("SELECT code, id FROM virtual_workers"));
    while (vws.next())
        m_virtualWorkers.insert(vws.value(0).toString(), vws.value(1).toLongLong());

    Accounts accounts(admin(), definitions);
    const QString teamAName = QStringLiteral("CWD Team A");
    const QString teamBName = QStringLiteral("CWD Team B");
    if (Status added = accounts.addTeam(teamAName, QString(), &teamA); !added) {
        *error = added.message();
        return false;
    }
    if (Status added = accounts.addTeam(teamBName, QString(), &teamB); !added) {
        *error = added.message();
        return false;
    }
    m_suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
    const QList<Spec> specs{
        {"sw", {QStringLiteral("social_worker")}, 1, nullptr},
        {"sw2", {QStringLiteral("social_worker")}, 1, nullptr},
        {"manager", {QStringLiteral("ps_manager")}, 1, nullptr},
        {"manager_b", {QStringLiteral("ps_manager")}, 2, nullptr},
        {"far_sw", {QStringLiteral("social_worker")}, 2, nullptr},
        {"panelist", {QStringLiteral("panel")}, 0, "cs-cwd-panel"},
        {"outsider", {QStringLiteral("panel")}, 0, nullptr},
        {"haven", {QStringLiteral("home_staff")}, 0, "haven-cottage"},
        {"strut", {QStringLiteral("home_staff")}, 0, "strut-house"},
        {"ssw", {QStringLiteral("supervising_social_worker")}, 0, nullptr},
        {"duty", {QStringLiteral("duty_desk")}, 0, "duty-desk"},
        {"commissioner",
         {QStringLiteral("commissioning_officer")},
         0,
         "cs-commissioned-placement-inbox"},
        {"dpofficer", {QStringLiteral("dp_officer")}, 0, "direct-payments-inbox"},
        {"paneladmin", {QStringLiteral("panel_administrator")}, 0, "direct-payments-group-tray"},
    };
    for (const Spec &spec : specs) {
        const QString key = QLatin1String(spec.key);
        NewWorker worker;
        worker.username = key + QLatin1Char('.') + m_suffix;
        worker.displayName = QStringLiteral("Worker ") + key;
        worker.teamName = spec.team == 1 ? teamAName : spec.team == 2 ? teamBName : QString();
        worker.roles = spec.roles;
        qint64 workerId = 0;
        const QString password =
            key + QStringLiteral(" pass ") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        if (Status added = accounts.addWorker(worker, password, &workerId); !added) {
            *error = key + QStringLiteral(": ") + added.message();
            return false;
        }
        m_workers.insert(key, workerId);
        m_usernames.insert(key, worker.username);
        m_passwords.insert(key, password);
        if (spec.memberOf) {
            if (Status member = accounts.addMember(worker.username, QLatin1String(spec.memberOf));
                !member) {
                *error = key + QStringLiteral(": ") + member.message();
                return false;
            }
        }
    }
    childId = admin().insert(
        QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child, "
                       "allocated_worker_id, team_id) VALUES (?, 'Ava', 'Testchild', TRUE, ?, ?) "
                       "RETURNING id"),
        {QString(QStringLiteral("TA") + m_suffix), id(QStringLiteral("sw")), teamA});
    restrictedRef = QStringLiteral("TR") + m_suffix;
    restrictedId = admin().insert(
        QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child, "
                       "is_restricted, allocated_worker_id, team_id) VALUES (?, 'Rhea', "
                       "'Testrestricted', TRUE, TRUE, ?, ?) RETURNING id"),
        {restrictedRef, id(QStringLiteral("sw")), teamA});
    if (childId <= 0 || restrictedId <= 0) {
        *error = QStringLiteral("could not add the children");
        return false;
    }
    return true;
}

ConnectionSettings SecurityFixture::settings(const QString &key, bool plain) const
{
    ConnectionSettings settings =
        TestDatabase::postgresTcp(m_database.settings().databaseName, username(key));
    if (plain)
        settings.statementTimeoutSeconds = 0;
    return settings;
}

Database &SecurityFixture::db(const QString &key)
{
    auto found = m_connections.find(key);
    if (found != m_connections.end())
        return *found->second;
    auto database = std::make_unique<Database>();
    const ConnectionSettings settings = this->settings(key);
    const Status opened = database->open(settings, password(key));
    if (!opened)
        qWarning("cannot connect as %s: %s", qPrintable(settings.userName),
                 qPrintable(opened.message()));
    return *m_connections.emplace(key, std::move(database)).first->second;
}

WorkflowEngine &SecurityFixture::engine(const QString &key)
{
    auto found = m_engines.find(key);
    if (found != m_engines.end())
        return *found->second;
    return *m_engines
                .emplace(key,
                         std::make_unique<WorkflowEngine>(db(key), DefinitionRegistry::shared()))
                .first->second;
}

WorkflowEngine &SecurityFixture::adminEngine()
{
    if (!m_adminEngine)
        m_adminEngine = std::make_unique<WorkflowEngine>(admin(), DefinitionRegistry::shared());
    return *m_adminEngine;
}

QString SecurityFixture::refusal(const QString &key, const QString &sql, const QVariantList &values)
{
    QString error;
    db(key).exec(sql, values, &error);
    return error;
}

QVariant SecurityFixture::scalarAs(const QString &key, const QString &sql,
                                   const QVariantList &values)
{
    return db(key).scalar(sql, values);
}

qint64 SecurityFixture::incomingStep(const QString &stepType, qint64 fromStepId)
{
    return admin()
        .scalar(QStringLiteral("SELECT id FROM worksteps WHERE step_type = ? AND from_step_id = ?"),
                {stepType, fromStepId})
        .toLongLong();
}

qint64 SecurityFixture::requestId(qint64 stepId, const QString &type)
{
    return admin()
        .scalar(QStringLiteral("SELECT id FROM requests WHERE step_id = ? AND request_type = ? "
                               "ORDER BY id DESC LIMIT 1"),
                {stepId, type})
        .toLongLong();
}

QStringList SecurityFixture::work(const QString &stepColumn, const QString &requestColumn,
                                  qint64 assignee)
{
    QStringList items;
    // Column names come from the two call sites below, never from input.
    QSqlQuery steps =
        admin().exec(QStringLiteral("SELECT status, step_type FROM worksteps WHERE ") + stepColumn +
                         QStringLiteral(" = ? AND status IN ('incoming', 'started')"),
                     {assignee});
    while (steps.next())
        items << steps.value(0).toString() + QStringLiteral(": ") + steps.value(1).toString();
    QSqlQuery requests = admin().exec(
        QStringLiteral("SELECT r.request_type, s.step_type FROM requests r JOIN worksteps s ON "
                       "s.id = r.step_id WHERE r.status = 'outstanding' AND r.") +
            requestColumn + QStringLiteral(" = ?"),
        {assignee});
    while (requests.next())
        items << QStringLiteral("request: ") + requests.value(0).toString() + QStringLiteral(": ") +
                     requests.value(1).toString();
    items.sort();
    return items;
}

QStringList SecurityFixture::workOf(const QString &key)
{
    return work(QStringLiteral("assignee_worker_id"), QStringLiteral("recipient_worker_id"),
                id(key));
}

QStringList SecurityFixture::workOfVirtualWorker(const QString &code)
{
    return work(QStringLiteral("assignee_virtual_worker_id"),
                QStringLiteral("recipient_virtual_worker_id"), vwId(code));
}

} // namespace casedesk::test
