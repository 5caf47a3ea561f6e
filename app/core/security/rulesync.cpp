#include "rulesync.h"

#include "identifiers.h"

#include "storage/migrator.h"
#include "workflow/formlogic.h"

#include <QSqlError>
#include <QSqlQuery>

namespace casedesk {

namespace {

// Arrays go to the server as one newline-separated parameter (codes never contain newlines).
QString joined(const QStringList &values)
{
    return security::nonNull(values.join(QLatin1Char('\n')));
}

QString assigneeKindCode(AssigneeKind kind)
{
    switch (kind) {
    case AssigneeKind::Me:
        return QStringLiteral("me");
    case AssigneeKind::Worker:
        return QStringLiteral("worker");
    case AssigneeKind::Team:
        return QStringLiteral("team");
    case AssigneeKind::VirtualWorker:
        return QStringLiteral("virtualWorker");
    }
    return QString();
}

QString questionTypeCode(QuestionType type)
{
    switch (type) {
    case QuestionType::Text:
        return QStringLiteral("text");
    case QuestionType::Line:
        return QStringLiteral("line");
    case QuestionType::Choice:
        return QStringLiteral("choice");
    case QuestionType::Boolean:
        return QStringLiteral("boolean");
    case QuestionType::Date:
        return QStringLiteral("date");
    case QuestionType::Number:
        return QStringLiteral("number");
    case QuestionType::Confirmation:
        return QStringLiteral("confirmation");
    }
    return QString();
}

} // namespace

RuleSync::RuleSync(Database &db, const DefinitionRegistry &definitions)
    : m_db(db), m_definitions(definitions)
{}

bool RuleSync::run(const QString &sql, const QVariantList &values, QString *error)
{
    if (!error->isEmpty())
        return false;
    m_db.exec(sql, values, error);
    return error->isEmpty();
}

Status RuleSync::upgrade(QStringList *report)
{
    if (m_db.settings().backend != ConnectionSettings::Backend::Postgres)
        return Status::failure(tr("casedesk-admin upgrade is for the shared PostgreSQL database."),
                               Status::Code::Invalid);
    Migrator migrator(m_db);
    const int before = migrator.currentVersion();
    const Status migrated = migrator.upgrade();
    if (!migrated)
        return migrated;
    const int after = migrator.currentVersion();
    if (report) {
        *report << (before == after
                        ? tr("Schema already at version %1.").arg(after)
                        : tr("Schema upgraded from version %1 to %2.").arg(before).arg(after));
    }
    QString summary;
    if (Status synced = sync(&summary); !synced)
        return synced;
    if (report)
        *report << summary;
    if (Status applied = applySecurity(&summary); !applied)
        return applied;
    if (report)
        *report << summary;
    // Reported, not refused: the schema is usable; the administrator is told what is missing.
    Status checked;
    const QStringList problems = readAuditProblems(&checked);
    if (!checked)
        return checked;
    if (report) {
        if (problems.isEmpty())
            *report << tr("Read audit trail: pgaudit records every read of a child's record.");
        for (const QString &problem : problems)
            *report << tr("Warning: %1").arg(problem);
    }
    return Status::ok();
}

Status RuleSync::sync(QString *summary)
{
    Transaction transaction(m_db);
    QString error;
    for (const char *table :
         {"rule_roles", "rule_step_types", "rule_step_forms", "rule_step_requests",
          "rule_request_types", "rule_request_roles", "rule_request_virtual_workers",
          "rule_questions", "rule_sections", "rule_next_actions", "rule_virtual_workers"})
        run(QStringLiteral("DELETE FROM ") + QLatin1String(table), {}, &error);

    const QList<RoleDefinition> roles = m_definitions.roles();
    for (const RoleDefinition &role : roles)
        run(QStringLiteral("INSERT INTO rule_roles (role, name, opens_records) VALUES (?, ?, ?)"),
            {role.code, role.name,
             role.opensRecords == OpensRecords::AskedAbout ? QStringLiteral("asked-about")
                                                           : QStringLiteral("whole")},
            &error);

    const QList<StepTypeDefinition> stepTypes = m_definitions.stepTypes();
    for (const StepTypeDefinition &type : stepTypes) {
        // started_*: who starts it from a record, and for whom (020_access_by_job).
        run(QStringLiteral("INSERT INTO rule_step_types (step_type, primary_form, prepopulate, "
                           "startable_from_record, created_by_roles, started_by_roles, "
                           "started_for) VALUES (?, ?, ?, ?, "
                           "COALESCE(string_to_array(?, chr(10)), '{}'), "
                           "COALESCE(string_to_array(?, chr(10)), '{}'), ?)"),
            {type.name, type.primaryForm, type.prepopulateFromPrevious, type.startableFromRecord,
             joined(type.createdByRoles), joined(type.startedByRoles),
             type.startedFor == StartedFor::Children ? QStringLiteral("children")
                                                     : QStringLiteral("anyone")},
            &error);
        QStringList forms = type.allForms();
        forms.removeDuplicates();
        for (const QString &form : forms)
            run(QStringLiteral("INSERT INTO rule_step_forms (step_type, form_code) VALUES (?, ?)"),
                {type.name, form}, &error);
        for (const QString &request : type.requestTypes)
            run(QStringLiteral(
                    "INSERT INTO rule_step_requests (step_type, request_type) VALUES (?, ?)"),
                {type.name, request}, &error);
    }

    const QList<RequestTypeDefinition> requestTypes = m_definitions.requestTypes();
    for (const RequestTypeDefinition &type : requestTypes) {
        // allowed_*: the decision that must allow sending it (019_decision_gates).
        // is_notice: cleared by its recipient even after its step closed (022_notice_requests).
        run(QStringLiteral("INSERT INTO rule_request_types (request_type, is_required, "
                           "recipient_kind, recipient_may_finish, is_notice, allowed_form, "
                           "allowed_question, allowed_any_of) VALUES (?, ?, ?, ?, ?, ?, ?, "
                           "COALESCE(string_to_array(?, chr(10)), '{}'))"),
            {type.name, type.required,
             type.recipientKind == RecipientKind::VirtualWorker ? QStringLiteral("virtualWorker")
                                                                : QStringLiteral("worker"),
             type.recipientMayFinishStep, type.notice, security::nonNull(type.allowedWhen.formCode),
             security::nonNull(type.allowedWhen.questionId), joined(type.allowedWhen.anyOf)},
            &error);
        for (const QString &role : type.recipientRoles)
            run(QStringLiteral("INSERT INTO rule_request_roles (request_type, kind, role) "
                               "VALUES (?, 'recipient', ?)"),
                {type.name, role}, &error);
        for (const QString &role : type.completedByRoles)
            run(QStringLiteral("INSERT INTO rule_request_roles (request_type, kind, role) "
                               "VALUES (?, 'completed_by', ?)"),
                {type.name, role}, &error);
        for (const QString &code : type.recipientVirtualWorkers)
            run(QStringLiteral("INSERT INTO rule_request_virtual_workers (request_type, "
                               "virtual_worker_code) VALUES (?, ?)"),
                {type.name, code}, &error);
    }

    int questions = 0;
    const QList<FormDefinition> forms = m_definitions.forms();
    for (const FormDefinition &form : forms) {
        for (const SectionDefinition &section : form.sections) {
            run(QStringLiteral("INSERT INTO rule_sections (form_code, section_id, visible_form, "
                               "visible_question, visible_any_of) VALUES (?, ?, ?, ?, "
                               "COALESCE(string_to_array(?, chr(10)), '{}'))"),
                {form.code, section.id, security::nonNull(section.visibleWhen.formCode),
                 security::nonNull(section.visibleWhen.questionId),
                 joined(section.visibleWhen.anyOf)},
                &error);
            for (const QuestionDefinition &question : section.questions) {
                ++questions;
                // What the server checks answers and finishes against (014_workflow_rules).
                run(QStringLiteral(
                        "INSERT INTO rule_questions (form_code, question_id, section_id, "
                        "owner_role, label, question_type, mandatory, choices, max_length, "
                        "visible_form, visible_question, visible_any_of, carried_form, "
                        "carried_question, carried_read_only) VALUES (?, ?, ?, ?, ?, "
                        "?, ?, COALESCE(string_to_array(?, chr(10)), '{}'), ?, ?, ?, "
                        "COALESCE(string_to_array(?, chr(10)), '{}'), ?, ?, ?)"),
                    {form.code, question.id, section.id,
                     security::nonNull(form.ownerRoleOf(question.id)), question.label,
                     questionTypeCode(question.type), question.mandatory, joined(question.choices),
                     FormLogic::maxLength(question),
                     security::nonNull(question.visibleWhen.formCode),
                     security::nonNull(question.visibleWhen.questionId),
                     joined(question.visibleWhen.anyOf),
                     // carried_*: the answer it carries from the step before (023).
                     security::nonNull(question.carriedFrom.formCode),
                     security::nonNull(question.carriedFrom.questionId),
                     question.carriedFrom.readOnly},
                    &error);
            }
            for (const NextActionOption &option : section.nextActions) {
                QStringList kinds;
                for (AssigneeKind kind : option.assigneeKinds)
                    kinds << assigneeKindCode(kind);
                run(QStringLiteral(
                        "INSERT INTO rule_next_actions (form_code, step_type, section_id, "
                        "owner_role, assign_kinds, virtual_workers, worker_roles, "
                        "send_immediately, visible_form, visible_question, visible_any_of, "
                        "allowed_form, allowed_question, allowed_any_of) "
                        "VALUES (?, ?, ?, ?, COALESCE(string_to_array(?, chr(10)), '{}'), "
                        "COALESCE(string_to_array(?, chr(10)), '{}'), COALESCE(string_to_array(?, "
                        "chr(10)), '{}'), ?, ?, ?, COALESCE(string_to_array(?, chr(10)), '{}'), "
                        "?, ?, COALESCE(string_to_array(?, chr(10)), '{}'))"),
                    {form.code, option.stepType, section.id, security::nonNull(section.ownerRole),
                     joined(kinds), joined(option.virtualWorkers), joined(option.workerRoles),
                     option.sendImmediatelyAllowed, security::nonNull(option.visibleWhen.formCode),
                     security::nonNull(option.visibleWhen.questionId),
                     joined(option.visibleWhen.anyOf),
                     security::nonNull(option.allowedWhen.formCode),
                     security::nonNull(option.allowedWhen.questionId),
                     joined(option.allowedWhen.anyOf)},
                    &error);
            }
        }
    }

    const QList<VirtualWorkerDefinition> virtualWorkers = m_definitions.virtualWorkers();
    for (const VirtualWorkerDefinition &vw : virtualWorkers) {
        run(QStringLiteral("INSERT INTO rule_virtual_workers (code, name, member_roles) VALUES "
                           "(?, ?, COALESCE(string_to_array(?, chr(10)), '{}'))"),
            {vw.code, vw.name, joined(vw.memberRoles)}, &error);
        run(QStringLiteral("INSERT INTO virtual_workers (code, name) VALUES (?, ?) "
                           "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name "
                           "WHERE virtual_workers.name <> EXCLUDED.name"),
            {vw.code, vw.name}, &error);
    }

    const QString done =
        tr("Rules synced from the definitions: %1 roles, %2 step types, %3 request types, %4 "
           "questions on %5 forms, %6 virtual workers.")
            .arg(roles.size())
            .arg(stepTypes.size())
            .arg(requestTypes.size())
            .arg(questions)
            .arg(forms.size())
            .arg(virtualWorkers.size());
    run(QStringLiteral("INSERT INTO rule_sync (id, synced_at, synced_by, summary) "
                       "VALUES (1, now(), current_user, ?) ON CONFLICT (id) DO UPDATE SET "
                       "synced_at = now(), synced_by = current_user, summary = EXCLUDED.summary"),
        {done}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not sync the rules: %1").arg(error));
    if (!transaction.commit())
        return Status::failure(
            tr("Could not sync the rules: %1").arg(m_db.connection().lastError().text()));
    if (summary)
        *summary = done;
    return Status::ok();
}

Status RuleSync::applySecurity(QString *summary)
{
    QString error;
    QSqlQuery query = m_db.exec(QStringLiteral("SELECT casedesk_apply_security()"), {}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("Could not apply the privileges: %1").arg(error));
    if (summary)
        *summary =
            query.next() ? tr("Server rules: %1.").arg(query.value(0).toString()) : QString();
    return Status::ok();
}

QStringList RuleSync::readAuditProblems(Status *status)
{
    QStringList problems;
    QString error;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT casedesk_read_audit_problems()"), {}, &error);
    while (error.isEmpty() && query.next())
        problems << query.value(0).toString();
    if (status)
        *status = error.isEmpty()
                      ? Status::ok()
                      : Status::failure(tr("Could not check the read audit trail: %1").arg(error));
    return problems;
}

} // namespace casedesk
