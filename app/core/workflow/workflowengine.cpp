#include "workflowengine.h"
#include "decisiongate.h"
#include "formlogic.h"

#include "storage/sqlvalues.h"

#include <QSqlQuery>

namespace casedesk {

WorkflowEngine::WorkflowEngine(Database &db, const DefinitionRegistry &definitions, QObject *parent)
    : QObject(parent), m_db(db), m_definitions(definitions)
{}

// --- helpers ---------------------------------------------------------------------------------

bool WorkflowEngine::holdsRole(const Actor &actor) const
{
    return m_db.scalar(QStringLiteral(
                           "SELECT count(*) FROM worker_roles r JOIN workers w ON w.id = "
                           "r.worker_id WHERE r.worker_id = ? AND r.role = ? AND w.is_active"),
                       {actor.workerId, actor.role})
               .toInt() > 0;
}

bool WorkflowEngine::isMemberOfVirtualWorker(qint64 workerId, qint64 virtualWorkerId) const
{
    return m_db.scalar(
                   QStringLiteral("SELECT count(*) FROM virtual_worker_members WHERE worker_id = ? "
                                  "AND virtual_worker_id = ?"),
                   {workerId, virtualWorkerId})
               .toInt() > 0;
}

bool WorkflowEngine::isInTeam(qint64 workerId, qint64 teamId) const
{
    return m_db.scalar(QStringLiteral("SELECT count(*) FROM workers WHERE id = ? AND team_id = ?"),
                       {workerId, teamId})
               .toInt() > 0;
}

bool WorkflowEngine::holdsStep(const StepRecord &step, qint64 workerId) const
{
    if (step.assigneeWorkerId)
        return step.assigneeWorkerId == workerId;
    if (step.assigneeVirtualWorkerId)
        return isMemberOfVirtualWorker(workerId, step.assigneeVirtualWorkerId);
    if (step.assigneeTeamId)
        return isInTeam(workerId, step.assigneeTeamId);
    return false;
}

bool WorkflowEngine::isRequestRecipient(const RequestRecord &request, qint64 workerId) const
{
    if (request.recipientWorkerId)
        return request.recipientWorkerId == workerId;
    return request.recipientVirtualWorkerId &&
           isMemberOfVirtualWorker(workerId, request.recipientVirtualWorkerId);
}

QString WorkflowEngine::workerName(qint64 workerId) const
{
    return m_db.scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"), {workerId})
        .toString();
}

QString WorkflowEngine::assigneeName(const Assignee &assignee) const
{
    switch (assignee.kind) {
    case AssigneeKind::Me:
    case AssigneeKind::Worker:
        return workerName(assignee.id);
    case AssigneeKind::Team:
        return m_db.scalar(QStringLiteral("SELECT name FROM teams WHERE id = ?"), {assignee.id})
            .toString();
    case AssigneeKind::VirtualWorker:
        return m_db
            .scalar(QStringLiteral("SELECT name FROM virtual_workers WHERE id = ?"), {assignee.id})
            .toString();
    }
    return QString();
}

Status WorkflowEngine::checkAssignee(const Assignee &assignee,
                                     const QStringList &allowedVirtualWorkers,
                                     const QStringList &workerRoles) const
{
    switch (assignee.kind) {
    case AssigneeKind::Me:
    case AssigneeKind::Worker: {
        if (workerName(assignee.id).isEmpty())
            return Status::failure(tr("Choose a worker to assign this to."), Status::Code::Invalid);
        if (workerRoles.isEmpty())
            return Status::ok();
        for (const QString &role : workerRoles) {
            if (holdsRole(Actor{assignee.id, role}))
                return Status::ok();
        }
        QStringList names;
        for (const QString &role : workerRoles)
            names << m_definitions.roleName(role);
        return Status::failure(tr("%1 is not a %2, so this cannot be assigned to them.")
                                   .arg(workerName(assignee.id), names.join(tr(" or "))),
                               Status::Code::Invalid);
    }
    case AssigneeKind::Team:
        if (assigneeName(assignee).isEmpty())
            return Status::failure(tr("Choose a team to assign this to."), Status::Code::Invalid);
        return Status::ok();
    case AssigneeKind::VirtualWorker: {
        const QString code =
            m_db.scalar(QStringLiteral("SELECT code FROM virtual_workers WHERE id = ?"),
                        {assignee.id})
                .toString();
        if (code.isEmpty())
            return Status::failure(tr("Choose an inbox to send this to."), Status::Code::Invalid);
        if (!allowedVirtualWorkers.isEmpty() && !allowedVirtualWorkers.contains(code)) {
            QStringList names;
            for (const QString &allowed : allowedVirtualWorkers) {
                if (const VirtualWorkerDefinition *vw = m_definitions.virtualWorker(allowed))
                    names << vw->name;
            }
            return Status::failure(tr("This can only go to %1.").arg(names.join(tr(" or "))),
                                   Status::Code::Invalid);
        }
        return Status::ok();
    }
    }
    return Status::ok();
}

void WorkflowEngine::audit(const Actor &actor, const QString &action, const QString &entity,
                           qint64 entityId, qint64 personId, const QString &details)
{
    m_db.exec(
        QStringLiteral(
            "INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, "
            "entity, entity_id, person_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''))"),
        {utcNow(), nullableId(actor.workerId), actor.role, action, entity, nullableId(entityId),
         nullableId(personId), details});
}

Status WorkflowEngine::failed(const QString &what) const
{
    return Status::failure(
        tr("CaseDesk could not %1. Nothing was changed; please try again.").arg(what));
}

Status WorkflowEngine::commitFailed(const QString &what) const
{
    if (m_db.ping())
        return failed(what);
    // The server may have committed before its answer was lost: only asking it again can tell.
    return Status::failure(tr("The connection to the server was lost as CaseDesk asked it to %1, "
                              "so it is not yet known whether that happened. CaseDesk will check "
                              "as soon as the server is back.")
                               .arg(what),
                           Status::Code::ServerUnreachable);
}

qint64 WorkflowEngine::insertStep(qint64 personId, const QString &stepType,
                                  const Assignee &assignee, qint64 fromStepId, const Actor &actor)
{
    const qint64 workerId = assignee.kind == AssigneeKind::Me       ? actor.workerId
                            : assignee.kind == AssigneeKind::Worker ? assignee.id
                                                                    : 0;
    const qint64 teamId = assignee.kind == AssigneeKind::Team ? assignee.id : 0;
    const qint64 virtualWorkerId = assignee.kind == AssigneeKind::VirtualWorker ? assignee.id : 0;
    const qint64 id = m_db.insert(
        QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, assignee_worker_id, "
                       "assignee_team_id, assignee_virtual_worker_id, from_step_id, created_by, "
                       "created_at) VALUES (?, ?, 'incoming', ?, ?, ?, ?, ?, ?) RETURNING id"),
        {personId, stepType, nullableId(workerId), nullableId(teamId), nullableId(virtualWorkerId),
         nullableId(fromStepId), actor.workerId, utcNow()});
    if (id > 0)
        audit(actor, QStringLiteral("create"), QStringLiteral("workstep"), id, personId, stepType);
    return id;
}

// --- steps -----------------------------------------------------------------------------------

StepRecord WorkflowEngine::step(qint64 stepId) const
{
    StepRecord record;
    QSqlQuery query =
        m_db.exec(QStringLiteral(
                      "SELECT s.id, s.person_id, p.given_name || ' ' || p.family_name, "
                      "s.step_type, s.status, "
                      "s.assignee_worker_id, s.assignee_team_id, s.assignee_virtual_worker_id, "
                      "s.from_step_id, s.created_at, s.started_at, s.finished_at, fw.display_name, "
                      "s.revision, COALESCE(aw.display_name, t.name, vw.name), "
                      "p.allocated_worker_id "
                      "FROM worksteps s JOIN people p ON p.id = s.person_id "
                      "LEFT JOIN workers fw ON fw.id = s.finished_by "
                      "LEFT JOIN workers aw ON aw.id = s.assignee_worker_id "
                      "LEFT JOIN teams t ON t.id = s.assignee_team_id "
                      "LEFT JOIN virtual_workers vw ON vw.id = s.assignee_virtual_worker_id "
                      "WHERE s.id = ?"),
                  {stepId});
    if (!query.isActive()) {
        record.unreadable = true;
        return record;
    }
    if (!query.next())
        return record;
    record.id = query.value(0).toLongLong();
    record.personId = query.value(1).toLongLong();
    record.personName = query.value(2).toString();
    record.stepType = query.value(3).toString();
    record.status = query.value(4).toString();
    record.assigneeWorkerId = query.value(5).toLongLong();
    record.assigneeTeamId = query.value(6).toLongLong();
    record.assigneeVirtualWorkerId = query.value(7).toLongLong();
    record.fromStepId = query.value(8).toLongLong();
    record.createdAt = query.value(9).toDateTime();
    record.startedAt = query.value(10).toDateTime();
    record.finishedAt = query.value(11).toDateTime();
    record.finishedByName = query.value(12).toString();
    record.revision = query.value(13).toInt();
    record.assigneeName = query.value(14).toString();
    record.allocatedWorkerId = query.value(15).toLongLong();
    if (const StepTypeDefinition *type = m_definitions.stepType(record.stepType))
        record.openForms << type->primaryForm;
    QSqlQuery forms = m_db.exec(
        QStringLiteral("SELECT form_code FROM step_forms WHERE step_id = ? ORDER BY opened_at"),
        {stepId});
    record.unreadable = !forms.isActive();
    while (forms.next()) {
        if (!record.openForms.contains(forms.value(0).toString()))
            record.openForms << forms.value(0).toString();
    }
    return record;
}

qint64 WorkflowEngine::createStep(qint64 personId, const QString &stepType,
                                  const Assignee &assignee, const Actor &actor, Status *status)
{
    Status result = Status::ok();
    qint64 id = -1;
    const Assignee resolved =
        assignee.kind == AssigneeKind::Me ? Assignee{AssigneeKind::Me, actor.workerId} : assignee;
    if (!holdsRole(actor)) {
        result = Status::failure(tr("You do not hold the role you are acting in."),
                                 Status::Code::NotAllowed);
    } else if (!m_definitions.stepType(stepType)) {
        result = Status::failure(tr("\"%1\" is not a step CaseDesk knows.").arg(stepType),
                                 Status::Code::Invalid);
    } else if (Status allowed = mayStartFromRecord(personId, stepType, actor); !allowed) {
        result = allowed;
    } else if (Status checked = checkAssignee(resolved, {}, {}); !checked) {
        result = checked;
    } else {
        Transaction transaction(m_db);
        id = insertStep(personId, stepType, resolved, 0, actor);
        if (id <= 0 || !transaction.commit()) {
            id = -1;
            result = failed(tr("create the step"));
        }
    }
    if (status)
        *status = result;
    if (id > 0)
        emit workChanged();
    return id;
}

Status WorkflowEngine::mayStartFromRecord(qint64 personId, const QString &stepType,
                                          const Actor &actor) const
{
    const StepTypeDefinition *type = m_definitions.stepType(stepType);
    // Work that is not started from a record (created by an administrator, or released by
    // another step) is not the worker's to start: the server refuses it on a worker's login.
    if (!type || type->startedByRoles.isEmpty())
        return Status::ok();
    QSqlQuery person =
        m_db.exec(QStringLiteral(
                      "SELECT given_name || ' ' || family_name, is_child FROM people WHERE id = ?"),
                  {personId});
    if (!person.next())
        return Status::failure(tr("This person is no longer on the record."),
                               Status::Code::NotFound);
    const QString why = m_definitions.whyCannotStartFromRecord(
        stepType, actor.role, person.value(1).toBool(), person.value(0).toString());
    return why.isEmpty() ? Status::ok() : Status::failure(why, Status::Code::NotAllowed);
}

Status WorkflowEngine::startStep(qint64 stepId, const Actor &actor)
{
    const StepRecord record = step(stepId);
    if (!record.id)
        return Status::failure(tr("This step no longer exists."), Status::Code::NotFound);
    if (record.status != StepStatus::Incoming)
        return Status::failure(tr("This step has already been started; use Resume."),
                               Status::Code::Invalid);
    if (!holdsRole(actor))
        return Status::failure(tr("You do not hold the role you are acting in."),
                               Status::Code::NotAllowed);
    if (!holdsStep(record, actor.workerId))
        return Status::failure(
            tr("This step is assigned to %1, so only they can start it.").arg(record.assigneeName),
            Status::Code::NotAllowed);
    Transaction transaction(m_db);
    QSqlQuery update = m_db.exec(
        QStringLiteral("UPDATE worksteps SET status = 'started', started_by = ?, started_at = ?, "
                       "revision = revision + 1 WHERE id = ? AND status = 'incoming'"),
        {actor.workerId, utcNow(), stepId});
    if (update.numRowsAffected() != 1)
        return Status::failure(tr("Someone else started this step a moment ago."),
                               Status::Code::Conflict);
    // A step assigned to an inbox or team becomes the starter's own work.
    if (!record.assigneeWorkerId)
        m_db.exec(QStringLiteral("UPDATE worksteps SET assignee_worker_id = ?, assignee_team_id = "
                                 "NULL, assignee_virtual_worker_id = NULL WHERE id = ?"),
                  {actor.workerId, stepId});
    carryDecidedAnswers(record, actor);
    audit(actor, QStringLiteral("start"), QStringLiteral("workstep"), stepId, record.personId,
          record.stepType);
    if (!transaction.commit())
        return commitFailed(tr("start the step"));
    emit workChanged();
    return Status::ok();
}

void WorkflowEngine::carryDecidedAnswers(const StepRecord &record, const Actor &actor)
{
    const StepTypeDefinition *type = m_definitions.stepType(record.stepType);
    if (!type || !record.fromStepId)
        return;
    // Every answer of the step it comes from, in one statement; the highest version last.
    QHash<QString, QString> decided; // "form/question" -> value
    QSqlQuery from = m_db.exec(QStringLiteral("SELECT form_code, question_id, value FROM "
                                              "form_answers WHERE step_id = ? ORDER BY version"),
                               {record.fromStepId});
    while (from.next())
        decided.insert(from.value(0).toString() + QLatin1Char('/') + from.value(1).toString(),
                       from.value(2).toString());
    const QDateTime savedAt = utcNow();
    for (const QString &formCode : type->allForms()) {
        const FormDefinition *form = m_definitions.form(formCode);
        if (!form)
            continue;
        for (const SectionDefinition &section : form->sections) {
            for (const QuestionDefinition &question : section.questions) {
                const CarriedAnswer &carried = question.carriedFrom;
                const QString value =
                    decided.value(carried.formCode + QLatin1Char('/') + carried.questionId);
                if (!carried.isSet() || value.isEmpty())
                    continue;
                m_db.exec(QStringLiteral("INSERT INTO form_answers (step_id, form_code, "
                                         "question_id, value, version, saved_by, saved_as_role, "
                                         "saved_at, copied_from_step_id) "
                                         "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)"),
                          {record.id, formCode, question.id, value, actor.workerId, actor.role,
                           savedAt, record.fromStepId});
            }
        }
    }
}

Status WorkflowEngine::resumeStep(qint64 stepId, const Actor &actor)
{
    const StepRecord record = step(stepId);
    if (!record.id)
        return Status::failure(tr("This step no longer exists."), Status::Code::NotFound);
    if (record.status == StepStatus::Incoming)
        return Status::failure(tr("This step has not been started yet; use Start."),
                               Status::Code::Invalid);
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty() && !record.isReadOnly())
        return Status::failure(why, Status::Code::NotAllowed);
    audit(actor, QStringLiteral("resume"), QStringLiteral("workstep"), stepId, record.personId,
          record.stepType);
    return Status::ok();
}

Status WorkflowEngine::openForm(qint64 stepId, const QString &formCode, const Actor &actor)
{
    const StepRecord record = step(stepId);
    const StepTypeDefinition *type = m_definitions.stepType(record.stepType);
    if (!type || !type->allForms().contains(formCode))
        return Status::failure(
            tr("Form %1 is not one of the forms of %2.").arg(formCode, record.stepType),
            Status::Code::Invalid);
    if (record.openForms.contains(formCode))
        return Status::ok();
    const QString why = whyCannotEdit(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    Transaction transaction(m_db);
    QString error;
    m_db.exec(QStringLiteral("INSERT INTO step_forms (step_id, form_code, opened_by, opened_at) "
                             "VALUES (?, ?, ?, ?)"),
              {stepId, formCode, actor.workerId, utcNow()}, &error);
    audit(actor, QStringLiteral("open form"), QStringLiteral("workstep"), stepId, record.personId,
          formCode);
    if (!error.isEmpty() || !transaction.commit())
        return failed(tr("open the form"));
    return Status::ok();
}

QString WorkflowEngine::whyCannotEdit(qint64 stepId, const Actor &actor,
                                      bool *serverUnreachable) const
{
    const StepReading reading = readStep(stepId, actor, StepAndRequests);
    if (serverUnreachable)
        *serverUnreachable = reading.step.unreadable;
    return refusalToEdit(reading);
}

QString WorkflowEngine::refusalToEdit(const StepReading &reading) const
{
    const StepRecord &record = reading.step;
    if (record.unreadable)
        return tr("CaseDesk cannot reach the server just now. What you type is kept on this "
                  "computer and saved when the server is back.");
    if (!record.id)
        return tr("This step no longer exists.");
    if (record.status == StepStatus::Finished)
        return tr("This step was finished by %1, so its forms are read-only.")
            .arg(record.finishedByName);
    if (record.status == StepStatus::Cancelled)
        return tr("This step was cancelled, so its forms are read-only.");
    if (record.status == StepStatus::Incoming)
        return tr("Start this step before recording on it.");
    if (!reading.holdsRole)
        return tr("You do not hold the role you are acting in.");
    if (reading.holdsStep)
        return QString();
    for (qsizetype i = 0; i < reading.requests.size(); ++i) {
        if (reading.requests.at(i).status != RequestStatus::Declined && reading.isRecipient.at(i))
            return QString();
    }
    return tr("This step is %1's work. You can record on it once it is assigned to you or a "
              "request about it is sent to you.")
        .arg(record.assigneeName);
}

QString WorkflowEngine::whyCannotFinish(qint64 stepId, const Actor &actor,
                                        bool *serverUnreachable) const
{
    const StepReading reading = readStep(stepId, actor, StepAndRequests);
    if (serverUnreachable)
        *serverUnreachable = reading.step.unreadable;
    return refusalToFinish(reading);
}

QString WorkflowEngine::refusalToFinish(const StepReading &reading) const
{
    const QString whyNotEdit = refusalToEdit(reading);
    if (!whyNotEdit.isEmpty())
        return whyNotEdit;
    if (reading.holdsStep)
        return QString();
    for (qsizetype i = 0; i < reading.requests.size(); ++i) {
        const RequestRecord &request = reading.requests.at(i);
        if (!reading.isRecipient.at(i))
            continue;
        const RequestTypeDefinition *type = m_definitions.requestType(request.requestType);
        if (!type || !type->recipientMayFinishStep)
            continue;
        if (request.status == RequestStatus::Completed)
            return QString();
        return tr("Mark the request \"%1\" Completed before finishing this step.")
            .arg(request.requestType);
    }
    return tr("Only %1 can finish this step.").arg(reading.step.assigneeName);
}

QList<Problem> WorkflowEngine::whatIsMissing(qint64 stepId, const QString &actingRole) const
{
    return missingIn(readStep(stepId, Actor{}, Answers | NextActions), actingRole);
}

QList<Problem> WorkflowEngine::missingIn(const StepReading &reading,
                                         const QString &actingRole) const
{
    QList<Problem> problems;
    const StepRecord &record = reading.step;
    const AnswerValues &values = reading.values;
    const QList<NextActionRecord> &added = reading.nextActions;
    for (const QString &code : record.openForms) {
        const FormDefinition *form = m_definitions.form(code);
        if (!form)
            continue;
        problems << FormLogic::missingAnswers(*form, values, actingRole, &m_definitions);
        for (const SectionDefinition &section : form->sections) {
            if (!section.isNextActions())
                continue;
            const QList<NextActionOption> visible =
                FormLogic::visibleNextActions(*form, section, values);
            QStringList visibleTypes;
            for (const NextActionOption &option : visible)
                visibleTypes << option.stepType;
            QStringList addedTypes;
            for (const NextActionRecord &action : added) {
                if (action.formCode != code)
                    continue;
                addedTypes << action.stepType;
                if (!visibleTypes.contains(action.stepType) && !action.createdStepId) {
                    Problem problem{
                        code, section.id, QString(), 0,
                        tr("%1, Section %2. %3: the next action \"%4\" does not fit the "
                           "answers given; remove it or change the answers.")
                            .arg(code)
                            .arg(section.number)
                            .arg(section.title, action.stepType)};
                    problems << problem;
                }
            }
            if (!FormLogic::isSectionVisible(*form, section, values))
                continue;
            for (const QStringList &group : section.nextActionRules.requireOneOf) {
                QStringList applicable;
                for (const QString &type : group) {
                    if (visibleTypes.contains(type))
                        applicable << type;
                }
                bool satisfied = applicable.isEmpty();
                for (const QString &type : applicable)
                    satisfied = satisfied || addedTypes.contains(type);
                if (!satisfied)
                    problems << Problem{code, section.id, QString(), 0,
                                        tr("%1, Section %2. %3: add %4.")
                                            .arg(code)
                                            .arg(section.number)
                                            .arg(section.title, applicable.join(tr(" or ")))};
            }
        }
    }
    for (const RequestRecord &request : reading.requests) {
        if (request.required && request.isOutstanding())
            problems << Problem{QString(), QString(), QString(), request.id,
                                tr("The REQUIRED request \"%1\" sent to %2 has not been completed "
                                   "yet.")
                                    .arg(request.requestType, request.recipientName)};
    }
    return problems;
}

QHash<qint64, QString> WorkflowEngine::heldBackNextActions(const QList<NextActionRecord> &actions,
                                                           const AnswerValues &answers) const
{
    QHash<qint64, QString> heldBack;
    for (const NextActionRecord &action : actions) {
        const FormDefinition *form = m_definitions.form(action.formCode);
        if (action.createdStepId || !form)
            continue;
        for (const SectionDefinition &section : form->sections) {
            for (const NextActionOption &option : section.nextActions) {
                if (option.stepType != action.stepType)
                    continue;
                const QString why =
                    DecisionGate::nextActionHeldBack(option, form->code, answers, m_definitions);
                if (!why.isEmpty())
                    heldBack.insert(action.id, why);
            }
        }
    }
    return heldBack;
}

Status WorkflowEngine::finishStep(qint64 stepId, const Actor &actor, QList<Problem> *problems,
                                  QStringList *heldBack)
{
    // One read for the rules and what is missing; the next actions are read again below, once
    // the step is locked by the update.
    const StepReading reading = readStep(stepId, actor, Answers | NextActions);
    const QString why = refusalToFinish(reading);
    if (!why.isEmpty())
        return Status::failure(why, reading.step.unreadable ? Status::Code::ServerUnreachable
                                                            : Status::Code::NotAllowed);
    const QList<Problem> missing = missingIn(reading, actor.role);
    if (problems)
        *problems = missing;
    if (!missing.isEmpty()) {
        QStringList lines;
        for (const Problem &problem : missing)
            lines << QStringLiteral("• ") + problem.message;
        return Status::failure(
            tr("This step cannot be finished yet:\n%1").arg(lines.join(QLatin1Char('\n'))),
            Status::Code::Invalid);
    }
    const StepRecord &record = reading.step;
    Transaction transaction(m_db);
    // Sent while the step is still open (the server's rules allow requests only then).
    if (Status told = sendNoticeOnFinish(record, actor); !told)
        return told;
    QSqlQuery update =
        m_db.exec(QStringLiteral("UPDATE worksteps SET status = 'finished', finished_by = ?, "
                                 "finished_as_role = ?, finished_at = ?, revision = revision + 1 "
                                 "WHERE id = ? AND status = 'started'"),
                  {actor.workerId, actor.role, utcNow(), stepId});
    if (!update.isActive())
        return commitFailed(tr("finish the step"));
    if (update.numRowsAffected() != 1)
        return Status::failure(tr("Someone else finished this step a moment ago."),
                               Status::Code::Conflict);
    const QList<NextActionRecord> actions = nextActions(stepId);
    const QHash<qint64, QString> held = heldBackNextActions(actions, reading.values);
    QStringList heldReasons;
    for (const NextActionRecord &action : actions) {
        if (action.createdStepId)
            continue;
        if (held.contains(action.id)) {
            heldReasons << held.value(action.id);
            continue;
        }
        const qint64 created =
            insertStep(record.personId, action.stepType, action.assignee, stepId, actor);
        if (created <= 0)
            return failed(tr("finish the step"));
        m_db.exec(QStringLiteral("UPDATE next_actions SET created_step_id = ? WHERE id = ?"),
                  {created, action.id});
    }
    audit(actor, QStringLiteral("finish"), QStringLiteral("workstep"), stepId, record.personId,
          heldReasons.isEmpty()
              ? record.stepType
              : record.stepType + QStringLiteral("; held back: ") + heldReasons.join(u' '));
    if (!transaction.commit())
        return commitFailed(tr("finish the step"));
    if (heldBack)
        *heldBack = heldReasons;
    emit workChanged();
    return Status::ok();
}

Status WorkflowEngine::cancelStep(qint64 stepId, const QString &reason, const Actor &actor)
{
    const StepRecord record = step(stepId);
    if (reason.trimmed().isEmpty())
        return Status::failure(tr("Give a reason for cancelling this step."),
                               Status::Code::Invalid);
    if (record.isReadOnly())
        return Status::failure(tr("This step is already finished or cancelled."),
                               Status::Code::Invalid);
    if (!holdsRole(actor) || !holdsStep(record, actor.workerId))
        return Status::failure(tr("Only %1 can cancel this step.").arg(record.assigneeName),
                               Status::Code::NotAllowed);
    Transaction transaction(m_db);
    m_db.exec(QStringLiteral("UPDATE worksteps SET status = 'cancelled', cancelled_reason = ?, "
                             "finished_by = ?, finished_as_role = ?, finished_at = ?, "
                             "revision = revision + 1 WHERE id = ?"),
              {reason.trimmed(), actor.workerId, actor.role, utcNow(), stepId});
    audit(actor, QStringLiteral("cancel"), QStringLiteral("workstep"), stepId, record.personId,
          reason);
    if (!transaction.commit())
        return commitFailed(tr("cancel the step"));
    emit workChanged();
    return Status::ok();
}

} // namespace casedesk
