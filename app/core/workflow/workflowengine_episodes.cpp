#include "workflowengine.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

// Additions for workflows whose steps belong to an episode (Direct Payments). Nothing here
// changes what the other engine operations do.

namespace casedesk {

qint64 WorkflowEngine::createEpisodeStep(qint64 personId, qint64 episodeId, const QString &stepType,
                                         const Assignee &assignee, qint64 fromStepId,
                                         const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    const Assignee resolved =
        assignee.kind == AssigneeKind::Me ? Assignee{AssigneeKind::Me, actor.workerId} : assignee;
    if (!holdsRole(actor))
        return refuse(Status::failure(tr("You do not hold the role you are acting in."),
                                      Status::Code::NotAllowed));
    if (!m_definitions.stepType(stepType))
        return refuse(Status::failure(tr("\"%1\" is not a step CaseDesk knows.").arg(stepType),
                                      Status::Code::Invalid));
    const qint64 episodePerson =
        m_db.scalar(QStringLiteral("SELECT person_id FROM episodes WHERE id = ?"), {episodeId})
            .toLongLong();
    if (!episodePerson || episodePerson != personId)
        return refuse(Status::failure(tr("That episode is not on this person's record."),
                                      Status::Code::Invalid));
    if (!fromStepId) {
        if (Status allowed = mayStartFromRecord(personId, stepType, actor); !allowed)
            return refuse(allowed);
    }
    if (Status checked = checkAssignee(resolved, {}, {}); !checked)
        return refuse(checked);
    const qint64 id = insertStep(personId, stepType, resolved, fromStepId, actor);
    if (id <= 0)
        return refuse(failed(tr("create the step")));
    QString error;
    m_db.exec(QStringLiteral("UPDATE worksteps SET episode_id = ? WHERE id = ?"), {episodeId, id},
              &error);
    if (!error.isEmpty())
        return refuse(failed(tr("create the step")));
    if (status)
        *status = Status::ok();
    return id;
}

Status WorkflowEngine::copyAnswersFrom(qint64 stepId, qint64 sourceStepId, const Actor &actor)
{
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    const StepRecord record = step(stepId);
    const StepRecord source = step(sourceStepId);
    if (!source.id || source.id == stepId || source.personId != record.personId)
        return Status::failure(tr("Answers can only be copied from another step on %1's record.")
                                   .arg(record.personName),
                               Status::Code::Invalid);
    if (source.status != StepStatus::Finished)
        return Status::failure(
            tr("%1 has not been finished yet, so its answers cannot be copied forward.")
                .arg(source.stepType),
            Status::Code::Invalid);
    const StepTypeDefinition *type = m_definitions.stepType(record.stepType);
    if (!type)
        return Status::failure(tr("\"%1\" is not a step CaseDesk knows.").arg(record.stepType),
                               Status::Code::Invalid);

    // The source's current answers: per form, and per question id whichever form comes first.
    QHash<QString, QHash<QString, AnswerRecord>> sourceByForm;
    for (const QString &code : source.openForms)
        sourceByForm.insert(code, answers(sourceStepId, code));

    Transaction transaction(m_db);
    const QDateTime savedAt = utcNow();
    int copied = 0;
    for (const QString &formCode : type->allForms()) {
        const FormDefinition *form = m_definitions.form(formCode);
        if (!form)
            continue;
        const QHash<QString, AnswerRecord> current = answers(stepId, formCode);
        int copiedHere = 0;
        for (const SectionDefinition &section : form->sections) {
            for (const QuestionDefinition &question : section.questions) {
                // Confirmations must be given afresh: that is what "Checked and completed by"
                // means; a value carried read-only comes from the step before, not from here.
                if (question.type == QuestionType::Confirmation || question.carriedFrom.readOnly ||
                    !current.value(question.id).value.isEmpty())
                    continue;
                QString value = sourceByForm.value(formCode).value(question.id).value;
                for (const QString &code : source.openForms) {
                    if (!value.isEmpty())
                        break;
                    value = sourceByForm.value(code).value(question.id).value;
                }
                if (value.isEmpty())
                    continue;
                QString error;
                m_db.exec(
                    QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, "
                                   "value, version, saved_by, saved_as_role, saved_at, "
                                   "copied_from_step_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {stepId, formCode, question.id, value, current.value(question.id).version + 1,
                     actor.workerId, actor.role, savedAt, sourceStepId},
                    &error);
                if (!error.isEmpty())
                    return failed(tr("copy the earlier answers"));
                ++copiedHere;
            }
        }
        copied += copiedHere;
        if (copiedHere && !record.openForms.contains(formCode))
            m_db.exec(
                QStringLiteral("INSERT INTO step_forms (step_id, form_code, opened_by, opened_at) "
                               "VALUES (?, ?, ?, ?)"),
                {stepId, formCode, actor.workerId, savedAt});
    }
    if (!copied)
        return Status::failure(
            tr("%1 has no answers that fit %2.").arg(source.stepType, record.stepType),
            Status::Code::NotFound);
    m_db.exec(QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ?"),
              {stepId});
    audit(actor, QStringLiteral("copy forward"), QStringLiteral("workstep"), stepId,
          record.personId, QStringLiteral("from step %1").arg(sourceStepId));
    if (!transaction.commit())
        return commitFailed(tr("copy the earlier answers"));
    return Status::ok();
}

} // namespace casedesk
