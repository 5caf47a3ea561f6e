#include "decisiongate.h"
#include "formlogic.h"
#include "workflowengine.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

namespace casedesk {

// --- next actions ----------------------------------------------------------------------------

QList<NextActionRecord> WorkflowEngine::nextActions(qint64 stepId) const
{
    QList<NextActionRecord> result;
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT n.id, n.form_code, n.step_type, n.assignee_worker_id, "
            "n.assignee_team_id, n.assignee_virtual_worker_id, n.send_immediately, "
            "n.created_step_id, n.added_as_role, COALESCE(w.display_name, t.name, vw.name) "
            "FROM next_actions n LEFT JOIN workers w ON w.id = n.assignee_worker_id "
            "LEFT JOIN teams t ON t.id = n.assignee_team_id "
            "LEFT JOIN virtual_workers vw ON vw.id = n.assignee_virtual_worker_id "
            "WHERE n.step_id = ? AND n.removed_at IS NULL ORDER BY n.id"),
        {stepId});
    while (query.next()) {
        NextActionRecord record;
        record.id = query.value(0).toLongLong();
        record.stepId = stepId;
        record.formCode = query.value(1).toString();
        record.stepType = query.value(2).toString();
        record.assignee = Assignee::fromColumns(
            query.value(3).toLongLong(), query.value(4).toLongLong(), query.value(5).toLongLong());
        record.sendImmediately = query.value(6).toBool();
        record.createdStepId = query.value(7).toLongLong();
        record.addedAsRole = query.value(8).toString();
        record.assigneeName = query.value(9).toString();
        result << record;
    }
    return result;
}

qint64 WorkflowEngine::addNextAction(qint64 stepId, const QString &formCode,
                                     const QString &stepType, const Assignee &assignee,
                                     bool sendImmediately, const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return refuse(Status::failure(why, Status::Code::NotAllowed));
    const StepRecord record = step(stepId);
    const FormDefinition *form = m_definitions.form(formCode);
    if (!form || !record.openForms.contains(formCode))
        return refuse(Status::failure(tr("Open form %1 on this step first.").arg(formCode),
                                      Status::Code::Invalid));
    const AnswerValues values = answerValues(stepId);
    const SectionDefinition *section = nullptr;
    NextActionOption option;
    for (const SectionDefinition &candidate : form->sections) {
        for (const NextActionOption &visible :
             FormLogic::visibleNextActions(*form, candidate, values)) {
            if (visible.stepType == stepType) {
                section = &candidate;
                option = visible;
            }
        }
    }
    if (!section)
        return refuse(
            Status::failure(tr("%1 does not offer \"%2\" as a next action for the answers "
                               "given.")
                                .arg(form->displayName(), stepType),
                            Status::Code::Invalid));
    if (!section->ownerRole.isEmpty() && section->ownerRole != actor.role)
        return refuse(
            Status::failure(tr("Section %1. %2 is for the %3 to complete.")
                                .arg(section->number)
                                .arg(section->title, m_definitions.roleName(section->ownerRole)),
                            Status::Code::NotAllowed));
    if (!option.assigneeKinds.contains(assignee.kind))
        return refuse(Status::failure(tr("\"%1\" cannot be assigned that way.").arg(stepType),
                                      Status::Code::Invalid));
    if (sendImmediately && !option.sendImmediatelyAllowed)
        return refuse(Status::failure(tr("\"%1\" cannot be sent immediately; it is sent when this "
                                         "step is finished.")
                                          .arg(stepType),
                                      Status::Code::Invalid));
    if (sendImmediately) {
        const QString why =
            DecisionGate::refusal(option.allowedWhen, formCode, values, m_definitions);
        if (!why.isEmpty())
            return refuse(Status::failure(tr("%1 cannot be sent: %2.").arg(stepType, why),
                                          Status::Code::NotAllowed));
    }
    const Assignee resolved =
        assignee.kind == AssigneeKind::Me ? Assignee{AssigneeKind::Me, actor.workerId} : assignee;
    if (Status checked = checkAssignee(resolved, option.virtualWorkers, option.workerRoles);
        !checked)
        return refuse(checked);
    const QList<NextActionRecord> existing = nextActions(stepId);
    for (const NextActionRecord &added : existing) {
        if (added.stepType == stepType)
            return refuse(Status::failure(tr("\"%1\" has already been added.").arg(stepType),
                                          Status::Code::Invalid));
        for (const QStringList &group : section->nextActionRules.atMostOneOf) {
            if (group.contains(stepType) && group.contains(added.stepType))
                return refuse(
                    Status::failure(tr("Only one of %1 can be added; remove \"%2\" first.")
                                        .arg(group.join(tr(" or ")), added.stepType),
                                    Status::Code::Invalid));
        }
    }

    Transaction transaction(m_db);
    const qint64 workerId =
        resolved.kind == AssigneeKind::Me || resolved.kind == AssigneeKind::Worker ? resolved.id
                                                                                   : 0;
    const qint64 id = m_db.insert(
        QStringLiteral(
            "INSERT INTO next_actions (step_id, form_code, step_type, assignee_worker_id, "
            "assignee_team_id, assignee_virtual_worker_id, send_immediately, added_by, "
            "added_as_role, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {stepId, formCode, stepType, nullableId(workerId),
         nullableId(resolved.kind == AssigneeKind::Team ? resolved.id : 0),
         nullableId(resolved.kind == AssigneeKind::VirtualWorker ? resolved.id : 0),
         sendImmediately, actor.workerId, actor.role, utcNow()});
    if (id <= 0)
        return refuse(failed(tr("add the next action")));
    if (sendImmediately) {
        const qint64 created = insertStep(record.personId, stepType, resolved, stepId, actor);
        if (created <= 0)
            return refuse(failed(tr("send the next action")));
        m_db.exec(QStringLiteral("UPDATE next_actions SET created_step_id = ? WHERE id = ?"),
                  {created, id});
    }
    audit(actor, QStringLiteral("add next action"), QStringLiteral("workstep"), stepId,
          record.personId, stepType + QStringLiteral(" → ") + assigneeName(resolved));
    if (!transaction.commit())
        return refuse(failed(tr("add the next action")));
    if (status)
        *status = Status::ok();
    if (sendImmediately)
        emit workChanged();
    return id;
}

Status WorkflowEngine::removeNextAction(qint64 nextActionId, const Actor &actor)
{
    const qint64 stepId =
        m_db.scalar(QStringLiteral("SELECT step_id FROM next_actions WHERE id = ?"), {nextActionId})
            .toLongLong();
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    for (const NextActionRecord &action : nextActions(stepId)) {
        if (action.id != nextActionId)
            continue;
        if (action.createdStepId)
            return Status::failure(
                tr("\"%1\" has already been sent to %2, so it cannot be removed.")
                    .arg(action.stepType, action.assigneeName),
                Status::Code::Invalid);
        const FormDefinition *form = m_definitions.form(action.formCode);
        for (const SectionDefinition &section :
             form ? form->sections : QList<SectionDefinition>()) {
            if (section.isNextActions() && !section.ownerRole.isEmpty() &&
                section.ownerRole != actor.role)
                return Status::failure(
                    tr("Section %1. %2 is for the %3 to complete.")
                        .arg(section.number)
                        .arg(section.title, m_definitions.roleName(section.ownerRole)),
                    Status::Code::NotAllowed);
        }
        Transaction transaction(m_db);
        m_db.exec(QStringLiteral("UPDATE next_actions SET removed_at = ? WHERE id = ?"),
                  {utcNow(), nextActionId});
        audit(actor, QStringLiteral("remove next action"), QStringLiteral("workstep"), stepId,
              step(stepId).personId, action.stepType);
        if (!transaction.commit())
            return commitFailed(tr("remove the next action"));
        return Status::ok();
    }
    return Status::failure(tr("That next action no longer exists."), Status::Code::NotFound);
}

// --- requests --------------------------------------------------------------------------------

QList<RequestRecord> WorkflowEngine::requests(qint64 stepId) const
{
    QList<RequestRecord> result;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT r.id FROM requests r WHERE r.step_id = ? ORDER BY r.id"), {stepId});
    while (query.next())
        result << request(query.value(0).toLongLong());
    return result;
}

RequestRecord WorkflowEngine::request(qint64 requestId) const
{
    RequestRecord record;
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT r.id, r.step_id, r.request_type, s.step_type, r.is_required, r.status, "
            "r.sender_worker_id, sw.display_name, r.sent_as_role, r.recipient_worker_id, "
            "r.recipient_virtual_worker_id, COALESCE(rw.display_name, vw.name), r.note, r.sent_at, "
            "resp.display_name, r.responded_at, r.decline_reason "
            "FROM requests r JOIN worksteps s ON s.id = r.step_id "
            "JOIN workers sw ON sw.id = r.sender_worker_id "
            "LEFT JOIN workers rw ON rw.id = r.recipient_worker_id "
            "LEFT JOIN virtual_workers vw ON vw.id = r.recipient_virtual_worker_id "
            "LEFT JOIN workers resp ON resp.id = r.responded_by WHERE r.id = ?"),
        {requestId});
    if (!query.next())
        return record;
    record.id = query.value(0).toLongLong();
    record.stepId = query.value(1).toLongLong();
    record.requestType = query.value(2).toString();
    record.stepType = query.value(3).toString();
    record.required = query.value(4).toBool();
    record.status = query.value(5).toString();
    record.senderWorkerId = query.value(6).toLongLong();
    record.senderName = query.value(7).toString();
    record.sentAsRole = query.value(8).toString();
    record.recipientWorkerId = query.value(9).toLongLong();
    record.recipientVirtualWorkerId = query.value(10).toLongLong();
    record.recipientName = query.value(11).toString();
    record.note = query.value(12).toString();
    record.sentAt = query.value(13).toDateTime();
    record.respondedByName = query.value(14).toString();
    record.respondedAt = query.value(15).toDateTime();
    record.declineReason = query.value(16).toString();
    return record;
}

qint64 WorkflowEngine::sendRequest(qint64 stepId, const QString &requestType,
                                   const Assignee &recipient, const Actor &actor,
                                   const QString &note, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return refuse(Status::failure(why, Status::Code::NotAllowed));
    const StepRecord record = step(stepId);
    const StepTypeDefinition *stepType = m_definitions.stepType(record.stepType);
    const RequestTypeDefinition *type = m_definitions.requestType(requestType);
    if (!stepType || !type || !stepType->requestTypes.contains(requestType))
        return refuse(
            Status::failure(tr("\"%1\" cannot be sent from %2.").arg(requestType, record.stepType),
                            Status::Code::Invalid));
    if (!type->allowedWhen.isAlways()) {
        Status read;
        const AnswerValues values = answerValues(stepId, &read);
        if (!read)
            return refuse(read);
        const QString why = DecisionGate::requestRefused(*type, values, m_definitions);
        if (!why.isEmpty())
            return refuse(Status::failure(why, Status::Code::NotAllowed));
    }
    const bool toVirtualWorker = type->recipientKind == RecipientKind::VirtualWorker;
    if (toVirtualWorker != (recipient.kind == AssigneeKind::VirtualWorker) ||
        recipient.kind == AssigneeKind::Team || recipient.kind == AssigneeKind::Me)
        return refuse(Status::failure(
            toVirtualWorker ? tr("\"%1\" goes to an inbox, not to a person.").arg(requestType)
                            : tr("\"%1\" goes to a person: choose a worker.").arg(requestType),
            Status::Code::Invalid));
    if (Status checked =
            checkAssignee(recipient, type->recipientVirtualWorkers, type->recipientRoles);
        !checked)
        return refuse(checked);
    for (const RequestRecord &existing : requests(stepId)) {
        if (existing.requestType == requestType && existing.isOutstanding())
            return refuse(Status::failure(tr("\"%1\" was already sent to %2 and is still "
                                             "outstanding.")
                                              .arg(requestType, existing.recipientName),
                                          Status::Code::Invalid));
    }
    Transaction transaction(m_db);
    const qint64 id = insertRequest(record, *type, recipient, actor, note);
    if (id <= 0)
        return refuse(failed(tr("send the request")));
    if (!transaction.commit())
        return refuse(failed(tr("send the request")));
    if (status)
        *status = Status::ok();
    emit workChanged();
    return id;
}

qint64 WorkflowEngine::insertRequest(const StepRecord &record, const RequestTypeDefinition &type,
                                     const Assignee &recipient, const Actor &actor,
                                     const QString &note)
{
    const bool toVirtualWorker = type.recipientKind == RecipientKind::VirtualWorker;
    const qint64 id = m_db.insert(
        QStringLiteral(
            "INSERT INTO requests (step_id, request_type, is_required, status, "
            "sender_worker_id, sent_as_role, recipient_worker_id, "
            "recipient_virtual_worker_id, note, sent_at) "
            "VALUES (?, ?, ?, 'outstanding', ?, ?, ?, ?, COALESCE(?, ''), ?) RETURNING id"),
        {record.id, type.name, type.required, actor.workerId, actor.role,
         nullableId(toVirtualWorker ? 0 : recipient.id),
         nullableId(toVirtualWorker ? recipient.id : 0), note, utcNow()});
    if (id > 0)
        audit(actor, QStringLiteral("send request"), QStringLiteral("request"), id, record.personId,
              type.name + QStringLiteral(" → ") + assigneeName(recipient));
    return id;
}

// The worker who asked (finished the step this one came from) is told the outcome; should they
// no longer be able to receive it (left, or changed role), the child's allocated worker is.
Status WorkflowEngine::sendNoticeOnFinish(const StepRecord &record, const Actor &actor)
{
    const StepTypeDefinition *stepType = m_definitions.stepType(record.stepType);
    const RequestTypeDefinition *notice =
        stepType ? m_definitions.requestType(stepType->noticeOnFinish) : nullptr;
    if (!notice || !record.fromStepId)
        return Status::ok();
    for (const RequestRecord &sent : requests(record.id)) {
        if (sent.requestType == notice->name)
            return Status::ok(); // the holder already told them, from the requests dialog
    }
    const qint64 asker =
        m_db.scalar(QStringLiteral("SELECT finished_by FROM worksteps WHERE id = ?"),
                    {record.fromStepId})
            .toLongLong();
    for (qint64 candidate : {asker, record.allocatedWorkerId}) {
        const Assignee recipient = Assignee::worker(candidate);
        if (candidate <= 0 || candidate == actor.workerId ||
            !checkAssignee(recipient, {}, notice->recipientRoles))
            continue;
        return insertRequest(record, *notice, recipient, actor, QString()) > 0
                   ? Status::ok()
                   : failed(tr("tell %1 of the decision").arg(workerName(candidate)));
    }
    return Status::ok(); // nobody who asked is left to tell; the decision is on the record
}

QString WorkflowEngine::whyCannotRespond(qint64 requestId, const Actor &actor) const
{
    const RequestRecord record = request(requestId);
    if (!record.id)
        return tr("This request no longer exists.");
    const QString stepStatus =
        m_db.scalar(QStringLiteral("SELECT status FROM worksteps WHERE id = ?"), {record.stepId})
            .toString();
    return refusalToRespond(record, stepStatus, holdsRole(actor),
                            isRequestRecipient(record, actor.workerId), actor);
}

QString WorkflowEngine::refusalToRespond(const RequestRecord &record, const QString &stepStatus,
                                         bool holdsRole, bool isRecipient, const Actor &actor) const
{
    const RequestTypeDefinition *type = m_definitions.requestType(record.requestType);
    // A notice is cleared once read, even after the step it came from has closed.
    const bool notice = type && type->notice;
    if (record.status == RequestStatus::Completed)
        return notice ? tr("This notice was already cleared by %1.").arg(record.respondedByName)
                      : tr("This request was already completed by %1.").arg(record.respondedByName);
    if (record.status == RequestStatus::Declined)
        return tr("This request was already declined by %1.").arg(record.respondedByName);
    if (!notice && (stepStatus == StepStatus::Finished || stepStatus == StepStatus::Cancelled))
        return tr("The step this request is about has been closed.");
    if (!holdsRole)
        return tr("You do not hold the role you are acting in.");
    if (!isRecipient)
        return tr("This request was sent to %1, so only they can complete it.")
            .arg(record.recipientName);
    if (type && !type->completedByRoles.isEmpty() && !type->completedByRoles.contains(actor.role)) {
        QStringList names;
        for (const QString &role : type->completedByRoles)
            names << m_definitions.roleName(role);
        return tr("Only a %1 can complete this request.").arg(names.join(tr(" or ")));
    }
    return QString();
}

Status WorkflowEngine::clearNotice(qint64 requestId, const Actor &actor)
{
    const RequestRecord record = request(requestId);
    const RequestTypeDefinition *type = m_definitions.requestType(record.requestType);
    if (record.id && !(type && type->notice))
        return Status::failure(tr("\"%1\" is not a notice: open it to complete or decline it.")
                                   .arg(record.requestType),
                               Status::Code::NotAllowed);
    return completeRequest(requestId, actor);
}

Status WorkflowEngine::completeRequest(qint64 requestId, const Actor &actor)
{
    const QString why = whyCannotRespond(requestId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    const RequestRecord record = request(requestId);
    Transaction transaction(m_db);
    QSqlQuery update = m_db.exec(
        QStringLiteral("UPDATE requests SET status = 'completed', responded_by = ?, "
                       "responded_as_role = ?, responded_at = ? WHERE id = ? AND status = "
                       "'outstanding'"),
        {actor.workerId, actor.role, utcNow(), requestId});
    if (update.numRowsAffected() != 1)
        return Status::failure(tr("Someone else answered this request a moment ago."),
                               Status::Code::Conflict);
    audit(actor, QStringLiteral("complete request"), QStringLiteral("request"), requestId,
          step(record.stepId).personId, record.requestType);
    if (!transaction.commit())
        return commitFailed(tr("complete the request"));
    emit workChanged();
    return Status::ok();
}

Status WorkflowEngine::declineRequest(qint64 requestId, const QString &reason, const Actor &actor)
{
    if (reason.trimmed().isEmpty())
        return Status::failure(tr("Give a reason for declining, so %1 knows what to do next.")
                                   .arg(request(requestId).senderName),
                               Status::Code::Invalid);
    const QString why = whyCannotRespond(requestId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    const RequestRecord record = request(requestId);
    if (const RequestTypeDefinition *type = m_definitions.requestType(record.requestType);
        type && type->notice)
        return Status::failure(tr("\"%1\" is a notice: clear it once read; there is nothing to "
                                  "decline.")
                                   .arg(record.requestType),
                               Status::Code::NotAllowed);
    Transaction transaction(m_db);
    QSqlQuery update =
        m_db.exec(QStringLiteral("UPDATE requests SET status = 'declined', responded_by = ?, "
                                 "responded_as_role = ?, responded_at = ?, decline_reason = ? "
                                 "WHERE id = ? AND status = 'outstanding'"),
                  {actor.workerId, actor.role, utcNow(), reason.trimmed(), requestId});
    if (update.numRowsAffected() != 1)
        return Status::failure(tr("Someone else answered this request a moment ago."),
                               Status::Code::Conflict);
    audit(actor, QStringLiteral("decline request"), QStringLiteral("request"), requestId,
          step(record.stepId).personId, record.requestType + QStringLiteral(": ") + reason);
    if (!transaction.commit())
        return commitFailed(tr("decline the request"));
    emit workChanged();
    return Status::ok();
}

} // namespace casedesk
