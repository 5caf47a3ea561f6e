#include "storage/sqlvalues.h"
#include "workflowengine.h"

#include <QSqlQuery>

namespace casedesk {

namespace {

const QString PsManager = QStringLiteral("ps_manager");

} // namespace

QString WorkflowEngine::whyCannotReassign(qint64 stepId, const Actor &actor) const
{
    const StepRecord record = step(stepId);
    if (!record.id)
        return tr("This step no longer exists.");
    if (record.isReadOnly())
        return tr("%1 is %2, so it can no longer be reassigned.")
            .arg(record.stepType,
                 record.status == StepStatus::Finished ? tr("finished") : tr("cancelled"));
    if (!holdsRole(actor))
        return tr("You do not hold the role you are acting in.");
    if (holdsStep(record, actor.workerId) || actor.role == PsManager)
        return QString();
    return tr("%1 is %2's work: only they, or a PS/Manager, can reassign it.")
        .arg(record.stepType, record.assigneeName);
}

Status WorkflowEngine::reassignStep(qint64 stepId, const Assignee &to, const Actor &actor)
{
    const QString why = whyCannotReassign(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why,
                               step(stepId).id ? Status::Code::NotAllowed : Status::Code::NotFound);
    const StepRecord record = step(stepId);
    const Assignee resolved = to.kind == AssigneeKind::Me ? Assignee::worker(actor.workerId) : to;
    if (const Status checked = checkAssignee(resolved, {}, {}); !checked)
        return checked;
    const qint64 workerId = resolved.kind == AssigneeKind::Worker ? resolved.id : 0;
    const qint64 teamId = resolved.kind == AssigneeKind::Team ? resolved.id : 0;
    const qint64 inboxId = resolved.kind == AssigneeKind::VirtualWorker ? resolved.id : 0;
    if (workerId == record.assigneeWorkerId && teamId == record.assigneeTeamId &&
        inboxId == record.assigneeVirtualWorkerId)
        return Status::failure(
            tr("%1 is already assigned to %2.").arg(record.stepType, record.assigneeName),
            Status::Code::Invalid);

    Transaction transaction(m_db);
    QString error;
    // Only the assignment and the revision change, and only if nobody moved the step on since it
    // was read (the server's rules check the same on PostgreSQL).
    const QSqlQuery update = m_db.exec(
        QStringLiteral("UPDATE worksteps SET assignee_worker_id = ?, assignee_team_id = ?, "
                       "assignee_virtual_worker_id = ?, revision = revision + 1 "
                       "WHERE id = ? AND status = ? AND revision = ?"),
        {nullableId(workerId), nullableId(teamId), nullableId(inboxId), stepId, record.status,
         record.revision},
        &error);
    if (!error.isEmpty())
        return failed(tr("reassign the step"));
    if (update.numRowsAffected() != 1)
        return Status::failure(
            tr("Someone else changed %1 a moment ago. Refresh and try again.").arg(record.stepType),
            Status::Code::Conflict);
    audit(
        actor, QStringLiteral("reassign"), QStringLiteral("workstep"), stepId, record.personId,
        tr("%1: from %2 to %3").arg(record.stepType, record.assigneeName, assigneeName(resolved)));
    if (!transaction.commit())
        return commitFailed(tr("reassign the step"));
    emit workChanged();
    return Status::ok();
}

} // namespace casedesk
