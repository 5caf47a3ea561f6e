#include "accounts.h"
#include "identifiers.h"
#include "scram.h"

#include <QSqlError>
#include <QSqlQuery>

namespace casedesk {

using namespace security;

Accounts::Accounts(Database &db, const DefinitionRegistry &definitions)
    : m_db(db), m_definitions(definitions)
{}

Status Accounts::requirePostgres() const
{
    if (m_db.settings().backend != ConnectionSettings::Backend::Postgres)
        return Status::failure(tr("Worker accounts are managed on the shared PostgreSQL database "
                                  "only."),
                               Status::Code::Invalid);
    return Status::ok();
}

Status Accounts::checkUsername(const QString &username) const
{
    QString why;
    if (!isValidUsername(username, &why))
        return Status::failure(why, Status::Code::Invalid);
    return Status::ok();
}

qint64 Accounts::workerId(const QString &username, bool *active) const
{
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT id, is_active FROM workers WHERE username = ?"), {username});
    if (!query.next())
        return 0;
    if (active)
        *active = query.value(1).toBool();
    return query.value(0).toLongLong();
}

qint64 Accounts::virtualWorkerId(const QString &codeOrName, QString *code) const
{
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT id, code FROM virtual_workers WHERE code = ? OR name = ? "
                                 "ORDER BY (code = ?) DESC LIMIT 1"),
                  {codeOrName, codeOrName, codeOrName});
    if (!query.next())
        return 0;
    *code = query.value(1).toString();
    return query.value(0).toLongLong();
}

bool Accounts::utility(const QString &sql, QString *error) const
{
    if (!error->isEmpty())
        return false;
    return execUtility(m_db, sql, error);
}

QString Accounts::quoted(const QString &name) const
{
    return quoteIdentifier(m_db, name);
}

Status Accounts::ensureGroupRole(const QString &role, QString *name)
{
    if (!m_definitions.role(role) || !isValidRoleCode(role))
        return Status::failure(tr("\"%1\" is not a CaseDesk role. The roles are: %2.")
                                   .arg(role,
                                        [this] {
                                            QStringList codes;
                                            for (const RoleDefinition &known :
                                                 m_definitions.roles())
                                                codes << known.code;
                                            codes.sort();
                                            return codes.join(QStringLiteral(", "));
                                        }()),
                               Status::Code::Invalid);
    *name = m_db.scalar(QStringLiteral("SELECT casedesk_ensure_group_role(?)"), {role}).toString();
    if (name->isEmpty() || *name != groupRoleName(role))
        return Status::failure(tr("Could not create the group role for %1: %2")
                                   .arg(role, m_db.connection().lastError().text()));
    return Status::ok();
}

void Accounts::keepOutOfServerLog()
{
    // Each is a superuser's setting; PostgreSQL 15 lets one be granted (GRANT SET ON PARAMETER).
    // Values are constants, never input.
    static const struct
    {
        const char *name;
        const char *off;
    } settings[] = {{"log_statement", "'none'"},
                    {"log_min_duration_statement", "-1"},
                    {"log_min_error_statement", "'panic'"}};
    const bool superuser =
        m_db.scalar(QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
            .toBool();
    const bool grantable =
        m_db.scalar(QStringLiteral("SELECT current_setting('server_version_num')::int")).toInt() >=
        150000;
    for (const auto &setting : settings) {
        const QString name = QLatin1String(setting.name);
        if (!superuser &&
            !(grantable &&
              m_db.scalar(QStringLiteral("SELECT has_parameter_privilege(?, 'SET')"), {name})
                  .toBool()))
            continue;
        QString ignored;
        execUtility(m_db,
                    QStringLiteral("SET LOCAL ") + name + QStringLiteral(" = ") +
                        QLatin1String(setting.off),
                    &ignored);
    }
    QSqlQuery now = m_db.exec(QStringLiteral("SELECT current_setting('log_statement'), "
                                             "current_setting('log_min_duration_statement')"));
    const QString logStatement = now.next() ? now.value(0).toString() : QString();
    const QString logDuration = now.value(1).toString();
    QStringList recording;
    if (logStatement != QLatin1String("none"))
        recording << QStringLiteral("log_statement = ") + logStatement;
    if (logDuration != QLatin1String("-1"))
        recording << QStringLiteral("log_min_duration_statement = ") + logDuration;
    m_serverLogWarning =
        recording.isEmpty()
            ? QString()
            : tr("The server's log may now hold this password's SCRAM verifier (%1), and this "
                 "login may not switch that logging off: run casedesk-admin as a superuser, or "
                 "have one GRANT SET ON PARAMETER log_statement, log_min_duration_statement, "
                 "log_min_error_statement to it, or set passwords where the log is off.")
                  .arg(recording.join(QStringLiteral(", ")));
}

Status Accounts::addTeam(const QString &name, const QString &service, qint64 *teamId)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (name.trimmed().isEmpty() || name.trimmed() != name)
        return Status::failure(tr("Give the team a name, without spaces at either end."),
                               Status::Code::Invalid);
    if (m_db.scalar(QStringLiteral("SELECT count(*) FROM teams WHERE name = ?"), {name}).toInt())
        return Status::failure(tr("There is already a team called %1.").arg(name),
                               Status::Code::Invalid);
    QString error;
    const qint64 id =
        m_db.insert(QStringLiteral("INSERT INTO teams (name, service) VALUES (?, ?) RETURNING id"),
                    {name, nonNull(service)}, &error);
    if (id <= 0)
        return Status::failure(tr("Could not add the team: %1").arg(error));
    if (teamId)
        *teamId = id;
    return Status::ok();
}

Status Accounts::addWorker(const NewWorker &worker, const QString &password, qint64 *id)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(worker.username); !ok)
        return ok;
    if (worker.displayName.trimmed().isEmpty())
        return Status::failure(tr("Give the worker's name (--name)."), Status::Code::Invalid);
    if (worker.roles.isEmpty())
        return Status::failure(tr("Give the worker at least one role (--role)."),
                               Status::Code::Invalid);
    if (workerId(worker.username))
        return Status::failure(
            tr("There is already a worker with the user name %1.").arg(worker.username),
            Status::Code::Invalid);
    QVariant teamId(QMetaType(QMetaType::LongLong));
    if (!worker.teamName.isEmpty()) {
        const QVariant found =
            m_db.scalar(QStringLiteral("SELECT id FROM teams WHERE name = ?"), {worker.teamName});
        if (!found.isValid() || found.isNull())
            return Status::failure(
                tr("There is no team called %1; add it first with add-team.").arg(worker.teamName),
                Status::Code::NotFound);
        teamId = found.toLongLong();
    }
    QVariant managerId(QMetaType(QMetaType::LongLong));
    if (!worker.managerUsername.isEmpty()) {
        const qint64 manager = workerId(worker.managerUsername);
        if (!manager)
            return Status::failure(
                tr("There is no worker with the user name %1.").arg(worker.managerUsername),
                Status::Code::NotFound);
        managerId = manager;
    }

    // An existing role of that name is taken over only if it is a plain role: never a
    // superuser, a role administrator or one that can act as the database owner.
    QSqlQuery existing = m_db.exec(
        QStringLiteral("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR "
                       "rolbypassrls OR pg_has_role(oid, (SELECT relowner FROM pg_class WHERE "
                       "oid = 'workers'::regclass), 'MEMBER') FROM pg_roles WHERE rolname = ?"),
        {worker.username});
    const bool roleExists = existing.next();
    if (roleExists && existing.value(0).toBool())
        return Status::failure(tr("The database role %1 is an administrator's role, so it cannot "
                                  "be a worker's login.")
                                   .arg(worker.username),
                               Status::Code::NotAllowed);
    existing = QSqlQuery();

    Transaction transaction(m_db);
    QStringList groups{UserGroupRole};
    for (const QString &role : worker.roles) {
        QString group;
        if (Status ok = ensureGroupRole(role, &group); !ok)
            return ok;
        groups << quoted(group);
    }
    QString error;
    m_serverLogWarning.clear();
    if (!password.isEmpty())
        keepOutOfServerLog();
    const QString verifier = password.isEmpty() ? QString() : scramSha256Verifier(password);
    if (!verifier.isEmpty() && !isScramVerifier(verifier))
        return Status::failure(tr("Could not make the password verifier."));
    const QString passwordClause =
        verifier.isEmpty() ? QString()
                           : QString(QStringLiteral(" PASSWORD '") + verifier + QLatin1Char('\''));
    if (roleExists)
        utility(QStringLiteral("ALTER ROLE ") + quoted(worker.username) +
                    QStringLiteral(" LOGIN INHERIT") + passwordClause,
                &error);
    else
        utility(QStringLiteral("CREATE ROLE ") + quoted(worker.username) +
                    QStringLiteral(" LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE") +
                    passwordClause,
                &error);
    utility(QStringLiteral("GRANT ") + groups.join(QStringLiteral(", ")) + QStringLiteral(" TO ") +
                quoted(worker.username),
            &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not create the login %1: %2").arg(worker.username, error));
    const qint64 newId = m_db.insert(
        QStringLiteral("INSERT INTO workers (username, display_name, job_title, team_id, "
                       "manager_id) VALUES (?, ?, ?, ?, ?) RETURNING id"),
        {worker.username, worker.displayName.trimmed(), nonNull(worker.jobTitle), teamId,
         managerId},
        &error);
    for (const QString &role : worker.roles) {
        if (error.isEmpty())
            m_db.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?) "
                                     "ON CONFLICT DO NOTHING"),
                      {newId, role}, &error);
    }
    // The server's limits for a worker's login (012_leavers_and_limits.postgres.sql).
    if (error.isEmpty())
        m_db.exec(QStringLiteral("SELECT casedesk_apply_worker_limits(?)"), {worker.username},
                  &error);
    if (newId <= 0 || !error.isEmpty())
        return Status::failure(tr("Could not add the worker: %1").arg(error));
    if (!transaction.commit())
        return Status::failure(
            tr("Could not add the worker: %1").arg(m_db.connection().lastError().text()));
    if (id)
        *id = newId;
    return Status::ok();
}

Status Accounts::setPassword(const QString &username, const QString &password)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    if (!workerId(username))
        return Status::failure(tr("There is no worker with the user name %1.").arg(username),
                               Status::Code::NotFound);
    if (password.isEmpty())
        return Status::failure(tr("The password is empty."), Status::Code::Invalid);
    const QString verifier = scramSha256Verifier(password);
    if (!isScramVerifier(verifier))
        return Status::failure(tr("Could not make the password verifier."));
    Transaction transaction(m_db);
    keepOutOfServerLog();
    QString error;
    utility(QStringLiteral("ALTER ROLE ") + quoted(username) + QStringLiteral(" PASSWORD '") +
                verifier + QLatin1Char('\''),
            &error);
    if (!error.isEmpty() || !transaction.commit())
        return Status::failure(tr("Could not set the password: %1").arg(error));
    return Status::ok();
}

Status Accounts::retireWorker(const QString &username, QString *note)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    bool active = false;
    const qint64 id = workerId(username, &active);
    if (!id)
        return Status::failure(tr("There is no worker with the user name %1.").arg(username),
                               Status::Code::NotFound);
    if (!active)
        return Status::failure(tr("%1 has already been retired.").arg(username),
                               Status::Code::Invalid);
    // Everything but ending the sessions in one transaction: once it is committed the login
    // is stopped, the memberships are gone and the server's row rules refuse the worker.
    Transaction transaction(m_db);
    QString error;
    m_db.exec(QStringLiteral("SELECT casedesk_retire_worker(?)"), {username}, &error);
    if (!error.isEmpty() || !transaction.commit())
        return Status::failure(tr("Could not retire %1: %2").arg(username, error));
    // Then the connections still open are ended (a reconnect finds the login stopped).
    QSqlQuery endSessions =
        m_db.exec(QStringLiteral("SELECT casedesk_end_sessions(?)"), {username}, &error);
    const QVariant ended = endSessions.next() ? endSessions.value(0) : QVariant();
    endSessions = QSqlQuery();
    QString sessions;
    if (!error.isEmpty() || !ended.isValid() || ended.isNull())
        sessions = tr("Their open sessions could not be ended (%1): they can no longer read or "
                      "write anything, but to end them the administrator's login needs "
                      "pg_signal_backend (GRANT pg_signal_backend TO <owner>).")
                       .arg(error.isEmpty() ? tr("not allowed") : error);
    else
        sessions = tr("%n open session(s) ended.", nullptr, ended.toInt());
    if (note) {
        const int steps =
            m_db.scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE assignee_worker_id = "
                                       "? AND status IN ('incoming', 'started')"),
                        {id})
                .toInt();
        const int requests =
            m_db.scalar(QStringLiteral("SELECT count(*) FROM requests WHERE recipient_worker_id = "
                                       "? AND status = 'outstanding'"),
                        {id})
                .toInt();
        const int children =
            m_db.scalar(QStringLiteral("SELECT count(*) FROM people WHERE allocated_worker_id = ?"),
                        {id})
                .toInt();
        *note = sessions + QLatin1Char(' ') +
                tr("%1 still holds %2 open steps and %3 outstanding requests, and is the "
                   "allocated worker of %4 people: reallocate them.")
                    .arg(username)
                    .arg(steps)
                    .arg(requests)
                    .arg(children);
    }
    return Status::ok();
}

Status Accounts::grantRole(const QString &username, const QString &role)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    bool active = false;
    const qint64 id = workerId(username, &active);
    if (!id || !active)
        return Status::failure(tr("There is no active worker with the user name %1.").arg(username),
                               Status::Code::NotFound);
    Transaction transaction(m_db);
    QString group;
    if (Status ok = ensureGroupRole(role, &group); !ok)
        return ok;
    QString error;
    m_db.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?) ON "
                             "CONFLICT DO NOTHING"),
              {id, role}, &error);
    utility(QStringLiteral("GRANT ") + quoted(group) + QStringLiteral(" TO ") + quoted(username),
            &error);
    if (!error.isEmpty() || !transaction.commit())
        return Status::failure(tr("Could not grant %1 to %2: %3").arg(role, username, error));
    return Status::ok();
}

Status Accounts::revokeRole(const QString &username, const QString &role)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    const qint64 id = workerId(username);
    if (!id)
        return Status::failure(tr("There is no worker with the user name %1.").arg(username),
                               Status::Code::NotFound);
    if (!isValidRoleCode(role))
        return Status::failure(tr("\"%1\" is not a CaseDesk role.").arg(role),
                               Status::Code::Invalid);
    Transaction transaction(m_db);
    QString error;
    m_db.exec(QStringLiteral("DELETE FROM worker_roles WHERE worker_id = ? AND role = ?"),
              {id, role}, &error);
    if (error.isEmpty() &&
        m_db.scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = ?"),
                    {groupRoleName(role)})
            .toInt() &&
        m_db.scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = ?"), {username})
            .toInt())
        utility(QStringLiteral("REVOKE ") + quoted(groupRoleName(role)) + QStringLiteral(" FROM ") +
                    quoted(username),
                &error);
    if (!error.isEmpty() || !transaction.commit())
        return Status::failure(tr("Could not revoke %1 from %2: %3").arg(role, username, error));
    return Status::ok();
}

Status Accounts::addMember(const QString &username, const QString &virtualWorker)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    bool active = false;
    const qint64 id = workerId(username, &active);
    if (!id || !active)
        return Status::failure(tr("There is no active worker with the user name %1.").arg(username),
                               Status::Code::NotFound);
    QString code;
    const qint64 vw = virtualWorkerId(virtualWorker, &code);
    if (!vw)
        return Status::failure(tr("There is no virtual worker %1; casedesk-admin upgrade adds "
                                  "those of the definitions.")
                                   .arg(virtualWorker),
                               Status::Code::NotFound);
    if (const VirtualWorkerDefinition *definition = m_definitions.virtualWorker(code);
        definition && !definition->memberRoles.isEmpty()) {
        const int holds =
            m_db.scalar(QStringLiteral("SELECT count(*) FROM worker_roles WHERE worker_id = ? AND "
                                       "role = ANY (string_to_array(?, chr(10)))"),
                        {id, definition->memberRoles.join(QLatin1Char('\n'))})
                .toInt();
        if (!holds) {
            QStringList names;
            for (const QString &role : definition->memberRoles)
                names << m_definitions.roleName(role);
            return Status::failure(tr("Only a %1 can be a member of %2; grant %3 one of those "
                                      "roles first.")
                                       .arg(names.join(tr(" or ")), definition->name, username),
                                   Status::Code::NotAllowed);
        }
    }
    QString error;
    m_db.exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, worker_id) "
                             "VALUES (?, ?) ON CONFLICT DO NOTHING"),
              {vw, id}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not add the member: %1").arg(error));
    return Status::ok();
}

Status Accounts::removeMember(const QString &username, const QString &virtualWorker)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    const qint64 id = workerId(username);
    QString code;
    const qint64 vw = virtualWorkerId(virtualWorker, &code);
    if (!id || !vw)
        return Status::failure(tr("There is no such worker or virtual worker."),
                               Status::Code::NotFound);
    QString error;
    const QSqlQuery removed = m_db.exec(
        QStringLiteral("DELETE FROM virtual_worker_members WHERE virtual_worker_id = ? AND "
                       "worker_id = ?"),
        {vw, id}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not remove the member: %1").arg(error));
    if (removed.numRowsAffected() == 0)
        return Status::failure(tr("%1 is not a member of %2.").arg(username, virtualWorker),
                               Status::Code::NotFound);
    return Status::ok();
}

Status Accounts::grantAccess(const QString &personRef, const QString &username,
                             const QString &reason)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    const qint64 id = workerId(username);
    const qint64 person =
        m_db.scalar(QStringLiteral("SELECT id FROM people WHERE person_ref = ?"), {personRef})
            .toLongLong();
    if (!id || !person)
        return Status::failure(
            tr("There is no worker %1 or no person %2.").arg(username, personRef),
            Status::Code::NotFound);
    if (reason.trimmed().isEmpty())
        return Status::failure(tr("Give a reason for the access (--reason)."),
                               Status::Code::Invalid);
    QString error;
    m_db.exec(QStringLiteral("INSERT INTO person_access (person_id, worker_id, reason) VALUES "
                             "(?, ?, ?) ON CONFLICT DO NOTHING"),
              {person, id, reason.trimmed()}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not grant access: %1").arg(error));
    return Status::ok();
}

Status Accounts::revokeAccess(const QString &personRef, const QString &username)
{
    if (Status ok = requirePostgres(); !ok)
        return ok;
    if (Status ok = checkUsername(username); !ok)
        return ok;
    QString error;
    const QSqlQuery removed = m_db.exec(
        QStringLiteral("DELETE FROM person_access WHERE person_id = (SELECT id FROM people WHERE "
                       "person_ref = ?) AND worker_id = (SELECT id FROM workers WHERE username = "
                       "?)"),
        {personRef, username}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not revoke access: %1").arg(error));
    if (removed.numRowsAffected() == 0)
        return Status::failure(tr("%1 has no explicit access to %2.").arg(username, personRef),
                               Status::Code::NotFound);
    return Status::ok();
}

} // namespace casedesk
