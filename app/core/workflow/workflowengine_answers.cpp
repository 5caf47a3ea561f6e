#include "currentanswers.h"
#include "formlogic.h"
#include "workflowengine.h"

#include "answertext.h"

#include "storage/sqlvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace casedesk {

bool WorkflowEngine::isSaveApplied(const QString &saveToken) const
{
    return m_db.scalar(QStringLiteral("SELECT count(*) FROM applied_saves WHERE token = ?"),
                       {saveToken})
               .toInt() > 0;
}

QHash<QString, AnswerRecord> WorkflowEngine::answers(qint64 stepId, const QString &formCode) const
{
    QHash<QString, AnswerRecord> result;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT a.question_id, a.value, a.version, a.saved_by, w.display_name, "
                       "a.saved_as_role, a.saved_at, a.copied_from_step_id "
                       "FROM form_answers a LEFT JOIN workers w ON w.id = a.saved_by "
                       "WHERE a.step_id = ? AND a.form_code = ?") +
            currentAnswersOnly(QStringLiteral("a")),
        {stepId, formCode});
    while (query.next()) {
        AnswerRecord record;
        record.value = query.value(1).toString();
        record.version = query.value(2).toInt();
        record.savedBy = query.value(3).toLongLong();
        record.savedByName = query.value(4).toString();
        record.savedAsRole = query.value(5).toString();
        record.savedAt = query.value(6).toDateTime();
        record.copiedFromStepId = query.value(7).toLongLong();
        result.insert(query.value(0).toString(), record);
    }
    return result;
}

Status WorkflowEngine::answersUnreadable(const QString &error, bool damaged)
{
    return Status::failure(
        tr("CaseDesk could not read the answers saved in this step, so they are not shown and the "
           "step cannot be changed now: blank boxes would not be the real answers. Nothing has "
           "been changed. Close the step and open it again; if this keeps happening, tell your IT "
           "department. (%1)")
            .arg(error),
        damaged ? Status::Code::DatabaseDamaged : Status::Code::Failed);
}

AnswerValues WorkflowEngine::answerValues(qint64 stepId, Status *status) const
{
    if (status)
        *status = Status::ok();
    AnswerValues values;
    QString error;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT a.form_code, a.question_id, a.value FROM form_answers a WHERE "
                       "a.step_id = ?") +
            currentAnswersOnly(QStringLiteral("a")),
        {stepId}, &error);
    while (query.next())
        values[query.value(0).toString()].insert(query.value(1).toString(),
                                                 query.value(2).toString());
    // A read that stops part-way (a damaged page, a dropped connection) ends next() like the last
    // row does: only the error tells them apart, and half the answers must not pass as all.
    if (error.isEmpty() && query.lastError().isValid())
        error = query.lastError().text();
    if (error.isEmpty() && !query.isActive())
        error = tr("the connection to the database is closed");
    if (!error.isEmpty()) {
        if (status)
            *status = answersUnreadable(error, Database::isDamage(query.lastError()));
        return {};
    }
    return values;
}

Status WorkflowEngine::saveAnswers(qint64 stepId, const QString &formCode,
                                   const QHash<QString, QString> &typedAnswers, const Actor &actor,
                                   int expectedRevision, QList<Problem> *problems,
                                   const QString &saveToken)
{
    QHash<QString, QString> newAnswers;
    for (auto it = typedAnswers.cbegin(); it != typedAnswers.cend(); ++it)
        newAnswers.insert(it.key(), withoutControlCharacters(it.value()));
    // Everything the checks need, in one statement: the step, the actor's right to edit it, this
    // form's answers and whether this very save was applied already.
    const StepReading reading = readStep(stepId, actor, Answers, saveToken);
    if (!saveToken.isEmpty() && reading.saveApplied)
        return Status::ok(); // this very save reached the server before the connection dropped
    const QString why = refusalToEdit(reading);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    const StepRecord &record = reading.step;
    const StepTypeDefinition *type = m_definitions.stepType(record.stepType);
    const FormDefinition *form = m_definitions.form(formCode);
    if (!type || !form || !type->allForms().contains(formCode))
        return Status::failure(
            tr("Form %1 is not one of the forms of %2.").arg(formCode, record.stepType),
            Status::Code::Invalid);
    if (expectedRevision >= 0 && record.revision != expectedRevision)
        return Status::failure(tr("Someone else saved this step after you opened it. Your answers "
                                  "are kept: review their changes before saving again."),
                               Status::Code::Conflict);

    const QHash<QString, AnswerRecord> current = reading.answers.value(formCode);
    QList<Problem> found;
    QHash<QString, QString> changed;
    for (auto it = newAnswers.cbegin(); it != newAnswers.cend(); ++it) {
        const QuestionDefinition *question = form->question(it.key());
        const SectionDefinition *section = form->sectionOfQuestion(it.key());
        if (!question || !section) {
            found << Problem{formCode, QString(), it.key(), 0,
                             tr("Form %1 has no question \"%2\".").arg(formCode, it.key())};
            continue;
        }
        const bool isChange = current.contains(it.key())
                                  ? current.value(it.key()).value != it.value()
                                  : !it.value().isEmpty();
        if (!isChange)
            continue;
        // A value decided earlier and carried here read-only stays as decided.
        if (question->carriedFrom.readOnly && current.value(it.key()).copiedFromStepId) {
            found << Problem{
                formCode, section->id, it.key(), 0,
                tr("\"%1\" was decided in %2 and cannot be changed here.")
                    .arg(question->label, m_definitions.decidedIn(question->carriedFrom.formCode))};
            continue;
        }
        const QString owner = form->ownerRoleOf(it.key());
        if (!owner.isEmpty() && owner != actor.role) {
            found << Problem{formCode, section->id, it.key(), 0,
                             tr("\"%1\" is for the %2 to complete; only a %2 can write it.")
                                 .arg(question->label, m_definitions.roleName(owner))};
            continue;
        }
        const QString invalid = FormLogic::invalidValueMessage(*question, it.value());
        if (!invalid.isEmpty()) {
            found << Problem{formCode, section->id, it.key(), 0, invalid};
            continue;
        }
        changed.insert(it.key(), it.value());
    }
    if (problems)
        *problems = found;
    if (!found.isEmpty()) {
        QStringList lines;
        for (const Problem &problem : found)
            lines << problem.message;
        return Status::failure(tr("Nothing was saved:\n%1").arg(lines.join(QLatin1Char('\n'))),
                               Status::Code::Invalid);
    }
    if (changed.isEmpty())
        return Status::ok();

    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres)
        return writeAnswersInOneStatement(record, formCode, changed, current, actor, saveToken);
    return writeAnswersInTransaction(record, formCode, changed, current, actor, saveToken);
}

namespace {
QString auditDetails(const QString &formCode, const QHash<QString, QString> &changed)
{
    return formCode + QStringLiteral(": ") + QStringList(changed.keys()).join(QStringLiteral(", "));
}
} // namespace

// One statement is one transaction: the revision bump (which makes a concurrent save of the step
// wait, then conflict), the save token, the form opened, every answer and the audit entry go in
// together or not at all, in one round trip with no BEGIN or COMMIT. Each write hangs off the
// bump, so when someone else saved first nothing is written.
Status WorkflowEngine::writeAnswersInOneStatement(const StepRecord &record, const QString &formCode,
                                                  const QHash<QString, QString> &changed,
                                                  const QHash<QString, AnswerRecord> &current,
                                                  const Actor &actor, const QString &saveToken)
{
    const QDateTime savedAt = utcNow();
    QJsonArray rows;
    for (auto it = changed.cbegin(); it != changed.cend(); ++it)
        rows << QJsonObject{{QStringLiteral("question_id"), it.key()},
                            {QStringLiteral("value"), it.value()},
                            {QStringLiteral("version"), current.value(it.key()).version + 1}};
    QString sql = QStringLiteral(
        "WITH bump AS (UPDATE worksteps SET revision = revision + 1 "
        "WHERE id = ?::bigint AND revision = ?::integer AND status = 'started' RETURNING id)");
    QVariantList values{record.id, record.revision};
    if (!saveToken.isEmpty()) {
        sql += QStringLiteral(", token AS (INSERT INTO applied_saves (token, step_id, saved_by) "
                              "SELECT ?::text, id, ?::bigint FROM bump)");
        values << saveToken << actor.workerId;
    }
    if (!record.openForms.contains(formCode)) {
        sql += QStringLiteral(", opened AS (INSERT INTO step_forms (step_id, form_code, "
                              "opened_by, opened_at) SELECT id, ?::text, ?::bigint, "
                              "?::timestamptz FROM bump)");
        values << formCode << actor.workerId << savedAt;
    }
    sql += QStringLiteral(
        ", saved AS (INSERT INTO form_answers (step_id, form_code, question_id, value, version, "
        "saved_by, saved_as_role, saved_at) SELECT bump.id, ?::text, a.question_id, a.value, "
        "a.version, ?::bigint, ?::text, ?::timestamptz FROM bump, json_to_recordset(?::json) "
        "AS a(question_id text, value text, version integer))"
        ", audited AS (INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, "
        "entity, entity_id, person_id, details) SELECT ?::timestamptz, ?::bigint, ?::text, "
        "'save', 'workstep', id, ?::bigint, ?::text FROM bump)"
        " SELECT count(*) FROM bump");
    values << formCode << actor.workerId << actor.role << savedAt
           << QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)) << utcNow()
           << nullableId(actor.workerId) << actor.role << nullableId(record.personId)
           << auditDetails(formCode, changed);
    QSqlQuery query = m_db.exec(sql, values);
    // Without a transaction of our own, a statement whose answer was lost may have been carried
    // out: commitFailed() says so when the server cannot be asked.
    if (!query.isActive() || !query.next())
        return commitFailed(tr("save the answers"));
    if (query.value(0).toInt() != 1)
        return Status::failure(tr("Someone else saved this step a moment ago. Your answers are "
                                  "kept: review their changes before saving again."),
                               Status::Code::Conflict);
    return Status::ok();
}

Status WorkflowEngine::writeAnswersInTransaction(const StepRecord &record, const QString &formCode,
                                                 const QHash<QString, QString> &changed,
                                                 const QHash<QString, AnswerRecord> &current,
                                                 const Actor &actor, const QString &saveToken)
{
    const qint64 stepId = record.id;
    Transaction transaction(m_db);
    if (!saveToken.isEmpty()) {
        QString error;
        m_db.exec(
            QStringLiteral("INSERT INTO applied_saves (token, step_id, saved_by) VALUES (?, ?, ?)"),
            {saveToken, stepId, actor.workerId}, &error);
        if (!error.isEmpty())
            return failed(tr("save the answers"));
    }
    // Bumping the revision first makes a concurrent save of the same step wait, then conflict.
    QSqlQuery bump = m_db.exec(
        QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ? AND revision = ? "
                       "AND status = 'started'"),
        {stepId, record.revision});
    if (bump.numRowsAffected() != 1)
        return Status::failure(tr("Someone else saved this step a moment ago. Your answers are "
                                  "kept: review their changes before saving again."),
                               Status::Code::Conflict);
    if (!record.openForms.contains(formCode))
        m_db.exec(
            QStringLiteral("INSERT INTO step_forms (step_id, form_code, opened_by, opened_at) "
                           "VALUES (?, ?, ?, ?)"),
            {stepId, formCode, actor.workerId, utcNow()});
    const QDateTime savedAt = utcNow();
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        QString error;
        m_db.exec(
            QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, value, "
                           "version, saved_by, saved_as_role, saved_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            {stepId, formCode, it.key(), it.value(), current.value(it.key()).version + 1,
             actor.workerId, actor.role, savedAt},
            &error);
        if (!error.isEmpty())
            return failed(tr("save the answers"));
    }
    audit(actor, QStringLiteral("save"), QStringLiteral("workstep"), stepId, record.personId,
          auditDetails(formCode, changed));
    if (!transaction.commit())
        return commitFailed(tr("save the answers"));
    return Status::ok();
}

Status WorkflowEngine::prepopulate(qint64 stepId, const Actor &actor)
{
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    const StepRecord record = step(stepId);
    const StepTypeDefinition *type = m_definitions.stepType(record.stepType);
    if (!type || !type->prepopulateFromPrevious)
        return Status::failure(
            tr("%1 does not copy answers from earlier steps.").arg(record.stepType),
            Status::Code::Invalid);
    const qint64 previousId =
        m_db.scalar(QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? AND step_type = ? "
                                   "AND status = 'finished' AND id <> ? "
                                   "ORDER BY finished_at DESC, id DESC LIMIT 1"),
                    {record.personId, record.stepType, stepId})
            .toLongLong();
    if (!previousId)
        return Status::failure(tr("There is no earlier %1 for %2 to copy from.")
                                   .arg(record.stepType, record.personName),
                               Status::Code::NotFound);
    Transaction transaction(m_db);
    const QDateTime savedAt = utcNow();
    for (const QString &formCode : type->allForms()) {
        const FormDefinition *form = m_definitions.form(formCode);
        if (!form)
            continue;
        const QHash<QString, AnswerRecord> previous = answers(previousId, formCode);
        const QHash<QString, AnswerRecord> current = answers(stepId, formCode);
        for (auto it = previous.cbegin(); it != previous.cend(); ++it) {
            const QuestionDefinition *question = form->question(it.key());
            // Confirmations must be given afresh: that is what "Checked and completed by" means.
            // A value carried read-only is the decision on the step this one comes from, not
            // one copied from an older step.
            if (!question || question->type == QuestionType::Confirmation ||
                question->carriedFrom.readOnly || !current.value(it.key()).value.isEmpty() ||
                it.value().value.isEmpty())
                continue;
            m_db.exec(QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, "
                                     "value, version, saved_by, saved_as_role, saved_at, "
                                     "copied_from_step_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                      {stepId, formCode, it.key(), it.value().value,
                       current.value(it.key()).version + 1, actor.workerId, actor.role, savedAt,
                       previousId});
        }
    }
    m_db.exec(QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ?"),
              {stepId});
    audit(actor, QStringLiteral("prepopulate"), QStringLiteral("workstep"), stepId, record.personId,
          QStringLiteral("from step %1").arg(previousId));
    if (!transaction.commit())
        return commitFailed(tr("copy the earlier answers"));
    return Status::ok();
}

} // namespace casedesk
