#pragma once

#include "definitions/definitionregistry.h"
#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QStringList>

namespace casedesk {

struct NewWorker
{
    QString username;    // the PostgreSQL login, validated by security::isValidUsername
    QString displayName; // "Sam Jones"
    QString teamName;    // an existing team; empty for none
    QStringList roles;   // role codes from forms/roles.json
    QString jobTitle;
    QString managerUsername; // optional
};

// Worker accounts on the shared PostgreSQL database, as casedesk-admin manages them: each
// worker is a login role named as workers.username, member of casedesk_user and of the group
// role of each CaseDesk role they hold (casedesk_social_worker, ...), kept in step with
// worker_roles. Needs a connection as the database owner with CREATEROLE (or a superuser).
// Every operation is one transaction: it all happens, or nothing does.
class Accounts
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Accounts)

public:
    Accounts(Database &db, const DefinitionRegistry &definitions);

    Status addTeam(const QString &name, const QString &service = QString(),
                   qint64 *teamId = nullptr);
    // Creates the login role (or takes over an existing plain login role of that name), the
    // workers row, its worker_roles and the group role memberships. `password` empty: the role
    // gets no password (the server may authenticate it another way, e.g. GSSAPI or LDAP).
    Status addWorker(const NewWorker &worker, const QString &password = QString(),
                     qint64 *workerId = nullptr);
    // Stores a SCRAM-SHA-256 verifier made on this computer; the password is never sent.
    Status setPassword(const QString &username, const QString &password);
    // Marks the worker inactive and stops the login (NOLOGIN); their history stays attributed.
    // `note` tells what they still hold that someone should pick up.
    Status retireWorker(const QString &username, QString *note = nullptr);
    Status grantRole(const QString &username, const QString &role);
    Status revokeRole(const QString &username, const QString &role);
    // Membership of a virtual worker (its code, e.g. cs-cwd-panel, or its name); the worker must
    // hold one of its member roles.
    Status addMember(const QString &username, const QString &virtualWorker);
    Status removeMember(const QString &username, const QString &virtualWorker);
    // The explicit access list of restricted records (people.person_ref).
    Status grantAccess(const QString &personRef, const QString &username, const QString &reason);
    Status revokeAccess(const QString &personRef, const QString &username);

    // After addWorker or setPassword with a password: empty when the statement carrying the
    // SCRAM verifier was kept out of the server's log (log_statement and
    // log_min_duration_statement switched off for that transaction, which needs a superuser or
    // GRANT SET ON PARAMETER), else a warning for the administrator saying what may have
    // recorded it.
    QString serverLogWarning() const { return m_serverLogWarning; }

private:
    Status requirePostgres() const;
    Status checkUsername(const QString &username) const;
    qint64 workerId(const QString &username, bool *active = nullptr) const;
    qint64 virtualWorkerId(const QString &codeOrName, QString *code) const;
    bool utility(const QString &sql, QString *error) const;
    QString quoted(const QString &name) const;
    Status ensureGroupRole(const QString &role, QString *name);
    // In a transaction, before a statement carrying a password verifier.
    void keepOutOfServerLog();

    QString m_serverLogWarning;

    Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
