#pragma once

#include "definitions/definitionregistry.h"
#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>

namespace casedesk {

// Copies the rules of the definitions in forms/ into the rule_* tables of a shared PostgreSQL
// database (migration 003_server_rules.postgres.sql), where the server-side checks read them:
// which request types a step type may send, who may receive and complete each request, which
// role owns each question, which next actions a form offers, the virtual workers and who may be
// their members. Then (re)applies the privileges and audit triggers to every table.
// casedesk-admin upgrade runs this after every schema upgrade and whenever definitions change.
class RuleSync
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::RuleSync)

public:
    RuleSync(Database &db, const DefinitionRegistry &definitions);

    // The whole of casedesk-admin upgrade: migrate, sync, apply. `report` lists what was done.
    Status upgrade(QStringList *report = nullptr);
    // Replaces the rule tables' contents and adds missing virtual workers, in one transaction.
    Status sync(QString *summary = nullptr);
    // SELECT casedesk_apply_security(): group roles, grants and audit triggers on every table.
    Status applySecurity(QString *summary = nullptr);
    // What the server lacks for pgaudit to record every read of a child's record, one sentence
    // for its administrator each (015_read_audit.postgres.sql); empty: the trail is complete.
    QStringList readAuditProblems(Status *status = nullptr);

private:
    bool run(const QString &sql, const QVariantList &values, QString *error);

    Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
