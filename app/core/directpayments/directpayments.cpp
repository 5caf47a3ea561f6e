#include "directpayments.h"
#include "dpnames.h"

#include "storage/requestwatchdog.h"
#include "storage/sqlvalues.h"

#include <QSqlQuery>
#include <algorithm>

// Episodes, the workspace and the chronology. Panels and agendas: directpayments_panels.cpp;
// finishing steps, copy forward and reviews: directpayments_steps.cpp; reports:
// directpayments_reports.cpp.

namespace casedesk {

DirectPayments::DirectPayments(Database &db, WorkflowEngine &engine,
                               const WorkingDaysCalendar &calendar)
    : m_db(db), m_engine(engine), m_calendar(calendar), m_clock([] { return QDate::currentDate(); })
{}

// --- helpers ---------------------------------------------------------------------------------

QString DirectPayments::formatDate(const QDate &date)
{
    return date.isValid() ? date.toString(QStringLiteral("dd/MM/yyyy")) : QString();
}

QString DirectPayments::formatDateTime(const QDateTime &dateTime)
{
    return dateTime.isValid() ? dateTime.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm"))
                              : QString();
}

QString DirectPayments::kindName(PanelCaseKind kind)
{
    switch (kind) {
    case PanelCaseKind::New:
        return tr("New request");
    case PanelCaseKind::BroughtBack:
        return tr("Brought back");
    case PanelCaseKind::Review:
        return tr("Review");
    }
    return QString();
}

bool DirectPayments::holdsRole(const Actor &actor, const QString &role) const
{
    return actor.role == role &&
           m_db.scalar(QStringLiteral(
                           "SELECT count(*) FROM worker_roles r JOIN workers w ON w.id = "
                           "r.worker_id WHERE r.worker_id = ? AND r.role = ? AND w.is_active"),
                       {actor.workerId, role})
                   .toInt() > 0;
}

Status DirectPayments::requireRole(const Actor &actor, const QString &role,
                                   const QString &toDoWhat) const
{
    if (holdsRole(actor, role))
        return Status::ok();
    if (actor.role == role)
        return Status::failure(tr("You do not hold the role you are acting in."),
                               Status::Code::NotAllowed);
    return Status::failure(
        tr("Only a %1 can %2.").arg(m_engine.definitions().roleName(role), toDoWhat),
        Status::Code::NotAllowed);
}

QString DirectPayments::personName(qint64 personId) const
{
    return m_db
        .scalar(QStringLiteral("SELECT given_name || ' ' || family_name FROM people WHERE id = ?"),
                {personId})
        .toString();
}

QString DirectPayments::workerName(qint64 workerId) const
{
    return m_db.scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"), {workerId})
        .toString();
}

QString DirectPayments::answer(qint64 stepId, const QString &formCode,
                               const QString &questionId) const
{
    return m_db
        .scalar(QStringLiteral("SELECT value FROM form_answers WHERE step_id = ? AND form_code = ? "
                               "AND question_id = ? ORDER BY version DESC LIMIT 1"),
                {stepId, formCode, questionId})
        .toString();
}

QList<qint64> DirectPayments::descendants(qint64 stepId) const
{
    QList<qint64> ids;
    QSqlQuery query =
        m_db.exec(QStringLiteral(
                      "WITH RECURSIVE later(id) AS (SELECT id FROM worksteps WHERE from_step_id = "
                      "? UNION SELECT s.id FROM worksteps s JOIN later l ON s.from_step_id = l.id) "
                      "SELECT id FROM later ORDER BY id"),
                  {stepId});
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

QList<qint64> DirectPayments::episodeSteps(qint64 episodeId) const
{
    QList<qint64> ids;
    QSqlQuery query = m_db.exec(
        QStringLiteral("WITH RECURSIVE chain(id) AS (SELECT id FROM worksteps WHERE episode_id = ? "
                       "UNION SELECT s.id FROM worksteps s JOIN chain c ON s.from_step_id = c.id) "
                       "SELECT id FROM chain ORDER BY id"),
        {episodeId});
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

qint64 DirectPayments::episodeOfStep(qint64 stepId) const
{
    qint64 current = stepId;
    for (int depth = 0; current > 0 && depth < 10000; ++depth) {
        QSqlQuery query =
            m_db.exec(QStringLiteral("SELECT episode_id, from_step_id FROM worksteps WHERE id = ?"),
                      {current});
        if (!query.next())
            return 0;
        if (query.value(0).toLongLong() > 0)
            return query.value(0).toLongLong();
        current = query.value(1).toLongLong();
    }
    return 0;
}

QString DirectPayments::decisionOf(qint64 stepId, const QString &stepType) const
{
    static const QList<QPair<QString, QPair<QString, QString>>> decisions{
        {dp::EnquiryUpdate, {dp::EnquiryUpdateForm, dp::q::ManagerDecision}},
        {dp::PanelStep, {dp::PanelForm, dp::q::PanelOutcome}},
        {dp::ApprovePreMeetingReport, {dp::ApprovalForm, dp::q::ManagerApproval}},
        {dp::PanelReview, {dp::PanelReviewForm, dp::q::ReviewOutcome}},
    };
    for (const auto &decision : decisions) {
        if (decision.first == stepType)
            return answer(stepId, decision.second.first, decision.second.second);
    }
    return QString();
}

void DirectPayments::audit(const Actor &actor, const QString &action, const QString &entity,
                           qint64 entityId, qint64 personId, const QString &details)
{
    m_db.exec(
        QStringLiteral("INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, "
                       "entity, entity_id, person_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {utcNow(), nullableId(actor.workerId), actor.role, action, entity, nullableId(entityId),
         nullableId(personId), QString(details.isNull() ? QStringLiteral("") : details)});
}

Status DirectPayments::failed(const QString &what) const
{
    return Status::failure(
        tr("CaseDesk could not %1. Nothing was changed; please try again.").arg(what));
}

// --- episodes --------------------------------------------------------------------------------

QList<RelatedPerson> DirectPayments::relatedPeople(qint64 childId) const
{
    QList<RelatedPerson> people;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT r.related_person_id, p.given_name || ' ' || p.family_name, "
                       "r.relationship, r.has_parental_responsibility FROM relationships r "
                       "JOIN people p ON p.id = r.related_person_id WHERE r.person_id = ? "
                       "ORDER BY p.family_name, p.given_name, r.id"),
        {childId});
    while (query.next())
        people << RelatedPerson{query.value(0).toLongLong(), query.value(1).toString(),
                                query.value(2).toString(), query.value(3).toBool()};
    const QString child = personName(childId);
    if (!child.isEmpty())
        people << RelatedPerson{childId, child, tr("The young person themself"), false};
    return people;
}

Status DirectPayments::checkPaymentFor(qint64 childId, qint64 paymentForPersonId) const
{
    if (paymentForPersonId <= 0 || paymentForPersonId == childId)
        return Status::ok();
    const QString name = personName(paymentForPersonId);
    if (name.isEmpty())
        return Status::failure(tr("The person the payment is for / made to is not on the record."),
                               Status::Code::NotFound)
            .onField(dp::Field::PaymentFor);
    const int related =
        m_db.scalar(QStringLiteral("SELECT count(*) FROM relationships WHERE (person_id = ? AND "
                                   "related_person_id = ?) OR (person_id = ? AND "
                                   "related_person_id = ?)"),
                    {childId, paymentForPersonId, paymentForPersonId, childId})
            .toInt();
    if (!related)
        return Status::failure(
                   tr("%1 is not related to %2 on the record, so the payment cannot be for or made "
                      "to "
                      "them. Record the relationship first, or choose one of %2's related people.")
                       .arg(name, personName(childId)),
                   Status::Code::Invalid)
            .onField(dp::Field::PaymentFor);
    return Status::ok();
}

QString DirectPayments::paymentForText(qint64 childId, qint64 paymentForPersonId) const
{
    if (paymentForPersonId <= 0)
        return QString();
    for (const RelatedPerson &person : relatedPeople(childId)) {
        if (person.personId == paymentForPersonId)
            return person.personId == childId ? person.name
                                              : tr("%1 (%2)").arg(person.name, person.relationship);
    }
    return personName(paymentForPersonId);
}

qint64 DirectPayments::openEpisode(qint64 childId) const
{
    return m_db
        .scalar(QStringLiteral("SELECT id FROM episodes WHERE person_id = ? AND episode_type = ? "
                               "AND end_date IS NULL ORDER BY start_date DESC, id DESC LIMIT 1"),
                {childId, dp::EpisodeType})
        .toLongLong();
}

qint64 DirectPayments::insertEpisode(qint64 childId, const QDate &startDate,
                                     qint64 paymentForPersonId, const QString &details,
                                     const Actor &actor)
{
    const qint64 episodeId = m_db.insert(
        QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                       "payment_for_person_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {childId, dp::EpisodeType, startDate, nullableId(paymentForPersonId), actor.workerId,
         utcNow()});
    if (episodeId <= 0)
        return -1;
    const qint64 eventId = m_db.insert(
        QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                       "details, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id"),
        {childId, episodeId, dp::StartEvent, startDate, details, actor.workerId, utcNow()});
    if (eventId <= 0)
        return -1;
    audit(actor, QStringLiteral("start direct payments"), QStringLiteral("episode"), episodeId,
          childId, details);
    return episodeId;
}

qint64 DirectPayments::startDirectPayments(qint64 childId, const QDate &startDate,
                                           qint64 paymentForPersonId, const Actor &actor,
                                           Status *status, qint64 *referralStepId)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    // Who may: the roles that start the Direct Payments Referral (forms/step-types).
    const StepTypeDefinition *referralType = m_engine.definitions().stepType(dp::Referral);
    const QStringList starters = referralType ? referralType->startedByRoles : QStringList();
    if (!starters.contains(actor.role))
        return refuse(Status::failure(tr("Only a %1 can start Direct Payments.")
                                          .arg(m_engine.definitions().roleNames(starters)),
                                      Status::Code::NotAllowed));
    if (Status allowed = requireRole(actor, actor.role, tr("start Direct Payments")); !allowed)
        return refuse(allowed);
    QSqlQuery child = m_db.exec(
        QStringLiteral("SELECT given_name || ' ' || family_name, is_child, date_of_birth FROM "
                       "people WHERE id = ?"),
        {childId});
    if (!child.next())
        return refuse(
            Status::failure(tr("This person is no longer on the record."), Status::Code::NotFound)
                .onField(dp::Field::Child));
    const QString name = child.value(0).toString();
    if (!child.value(1).toBool())
        return refuse(Status::failure(
                          tr("%1 is not recorded as a child, so Direct Payments cannot be started.")
                              .arg(name),
                          Status::Code::Invalid)
                          .onField(dp::Field::Child));
    if (!startDate.isValid())
        return refuse(Status::failure(tr("Enter the Start Date."), Status::Code::Invalid)
                          .onField(dp::Field::StartDate));
    if (startDate > today())
        return refuse(Status::failure(tr("The Start Date cannot be in the future (today is %1).")
                                          .arg(formatDate(today())),
                                      Status::Code::Invalid)
                          .onField(dp::Field::StartDate));
    const QDate born = child.value(2).toDate();
    if (born.isValid() && startDate < born)
        return refuse(
            Status::failure(
                tr("The Start Date cannot be before %1 was born (%2).").arg(name, formatDate(born)),
                Status::Code::Invalid)
                .onField(dp::Field::StartDate));
    if (const qint64 open = openEpisode(childId); open > 0)
        return refuse(Status::failure(
            tr("%1 already has an open Direct Payments episode, started %2; open its workspace "
               "from Episodes.")
                .arg(name, formatDate(episode(open).startDate)),
            Status::Code::Invalid));
    if (Status related = checkPaymentFor(childId, paymentForPersonId); !related)
        return refuse(related);

    QString details = tr("Start Date %1").arg(formatDate(startDate));
    if (paymentForPersonId > 0)
        details +=
            tr("; payment for / made to %1").arg(paymentForText(childId, paymentForPersonId));
    Transaction transaction(m_db);
    const qint64 episodeId = insertEpisode(childId, startDate, paymentForPersonId, details, actor);
    if (episodeId <= 0)
        return refuse(failed(tr("start Direct Payments")));
    Status created;
    const qint64 referral = m_engine.createEpisodeStep(childId, episodeId, dp::Referral,
                                                       Assignee::me(), 0, actor, &created);
    if (referral <= 0)
        return refuse(created.isOk() ? failed(tr("start Direct Payments")) : created);
    if (!transaction.commit())
        return refuse(failed(tr("start Direct Payments")));
    emit m_engine.workChanged();
    if (referralStepId)
        *referralStepId = referral;
    if (status)
        *status = Status::ok();
    return episodeId;
}

EpisodeRecord DirectPayments::episode(qint64 episodeId) const
{
    EpisodeRecord record;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT e.id, e.person_id, p.given_name || ' ' || p.family_name, "
                                 "p.person_ref, e.episode_type, e.start_date, e.end_date, "
                                 "e.payment_for_person_id, w.display_name, e.created_at "
                                 "FROM episodes e JOIN people p ON p.id = e.person_id "
                                 "LEFT JOIN workers w ON w.id = e.created_by WHERE e.id = ?"),
                  {episodeId});
    if (!query.next())
        return record;
    record.id = query.value(0).toLongLong();
    record.personId = query.value(1).toLongLong();
    record.personName = query.value(2).toString();
    record.personRef = query.value(3).toString();
    record.episodeType = query.value(4).toString();
    record.startDate = query.value(5).toDate();
    record.endDate = query.value(6).toDate();
    record.paymentForPersonId = query.value(7).toLongLong();
    record.createdByName = query.value(8).toString();
    record.createdAt = query.value(9).toDateTime().toLocalTime();
    if (record.paymentForPersonId > 0) {
        for (const RelatedPerson &person : relatedPeople(record.personId)) {
            if (person.personId == record.paymentForPersonId) {
                record.paymentForName = person.name;
                record.paymentForRelationship = person.relationship;
            }
        }
        if (record.paymentForName.isEmpty())
            record.paymentForName = personName(record.paymentForPersonId);
    }
    return record;
}

QList<EpisodeRecord> DirectPayments::episodes(qint64 personId) const
{
    QList<qint64> ids;
    QSqlQuery query = m_db.exec(QStringLiteral("SELECT id FROM episodes WHERE person_id = ? "
                                               "ORDER BY start_date DESC, id DESC"),
                                {personId});
    while (query.next())
        ids << query.value(0).toLongLong();
    QList<EpisodeRecord> result;
    for (qint64 id : ids)
        result << episode(id);
    return result;
}

// --- the workspace ---------------------------------------------------------------------------

EpisodeWorkspace DirectPayments::workspace(qint64 episodeId, const Actor &actor)
{
    EpisodeWorkspace workspace;
    workspace.episode = episode(episodeId);
    if (!workspace.episode.id)
        return workspace;
    audit(actor, QStringLiteral("open workspace"), QStringLiteral("episode"), episodeId,
          workspace.episode.personId, workspace.episode.episodeType);
    const DefinitionRegistry &definitions = m_engine.definitions();
    QList<TimelineEntry> &timeline = workspace.timeline;

    // Events of the episode (Start Direct Payments, End Direct Payments).
    QSqlQuery events = m_db.exec(
        QStringLiteral("SELECT v.event_type, v.event_date, v.details, w.display_name, "
                       "v.recorded_at FROM events v LEFT JOIN workers w ON w.id = v.recorded_by "
                       "WHERE v.episode_id = ? ORDER BY v.recorded_at, v.id"),
        {episodeId});
    while (events.next())
        timeline << TimelineEntry{
            events.value(4).toDateTime().toLocalTime(),
            tr("%1 (%2)").arg(events.value(0).toString(), formatDate(events.value(1).toDate())),
            events.value(2).toString(),
            events.value(3).toString(),
            QString(),
            0};

    for (qint64 stepId : episodeSteps(episodeId)) {
        WorkspaceStep entry;
        entry.step = m_engine.step(stepId);
        entry.dueDate =
            m_db.scalar(QStringLiteral("SELECT due_date FROM worksteps WHERE id = ?"), {stepId})
                .toDate();
        if (!entry.dueDate.isValid() && (entry.step.stepType == dp::PreMeetingReport ||
                                         entry.step.stepType == dp::ApprovePreMeetingReport))
            entry.dueDate = reportDueDate(stepId);
        entry.decision = decisionOf(stepId, entry.step.stepType);
        entry.requests = m_engine.requests(stepId);
        entry.nextActions = m_engine.nextActions(stepId);
        for (const QString &code : entry.step.openForms) {
            const FormDefinition *form = definitions.form(code);
            if (!form)
                continue;
            const QHash<QString, AnswerRecord> answers = m_engine.answers(stepId, code);
            for (const SectionDefinition &section : form->sections) {
                for (const QuestionDefinition &question : section.questions) {
                    if (!answers.contains(question.id))
                        continue;
                    const AnswerRecord &a = answers[question.id];
                    entry.answers << WorkspaceAnswer{code,
                                                     form->title,
                                                     section.number,
                                                     section.title,
                                                     question.id,
                                                     question.label,
                                                     a.value,
                                                     a.version,
                                                     a.savedByName,
                                                     a.savedAsRole,
                                                     a.savedAt.toLocalTime(),
                                                     a.copiedFromStepId};
                }
            }
        }

        QSqlQuery who =
            m_db.exec(QStringLiteral("SELECT cw.display_name, sw.display_name, s.finished_as_role, "
                                     "s.cancelled_reason FROM worksteps s "
                                     "LEFT JOIN workers cw ON cw.id = s.created_by "
                                     "LEFT JOIN workers sw ON sw.id = s.started_by WHERE s.id = ?"),
                      {stepId});
        who.next();
        const StepRecord &step = entry.step;
        timeline << TimelineEntry{step.createdAt.toLocalTime(),
                                  tr("%1 assigned to %2").arg(step.stepType, step.assigneeName),
                                  QString(),
                                  who.value(0).toString(),
                                  QString(),
                                  stepId};
        if (step.startedAt.isValid())
            timeline << TimelineEntry{step.startedAt.toLocalTime(),
                                      tr("Started %1").arg(step.stepType),
                                      QString(),
                                      who.value(1).toString(),
                                      QString(),
                                      stepId};
        if (step.status == StepStatus::Finished)
            timeline << TimelineEntry{step.finishedAt.toLocalTime(),
                                      tr("Finalised %1").arg(step.stepType),
                                      entry.decision,
                                      step.finishedByName,
                                      definitions.roleName(who.value(2).toString()),
                                      stepId};
        else if (step.status == StepStatus::Cancelled)
            timeline << TimelineEntry{step.finishedAt.toLocalTime(),
                                      tr("Cancelled %1").arg(step.stepType),
                                      who.value(3).toString(),
                                      step.finishedByName,
                                      definitions.roleName(who.value(2).toString()),
                                      stepId};
        workspace.steps << entry;
    }

    workspace.panelItems = readAgenda(QStringLiteral("c.episode_id = ?"), {episodeId});
    for (const AgendaItem &item : std::as_const(workspace.panelItems)) {
        QSqlQuery added = m_db.exec(
            QStringLiteral("SELECT a.added_at, w.display_name, a.added_as_role, rw.display_name "
                           "FROM panel_agenda_items a LEFT JOIN workers w ON w.id = a.added_by "
                           "LEFT JOIN workers rw ON rw.id = a.removed_by WHERE a.id = ?"),
            {item.id});
        added.next();
        QString what = tr("%1 placed on the Direct Payments Panel of %2")
                           .arg(item.kindName, formatDateTime(item.panelMeetingAt));
        if (item.kind == PanelCaseKind::Review)
            what = tr("Review meeting set for %1").arg(formatDateTime(item.reviewAt));
        timeline << TimelineEntry{added.value(0).toDateTime().toLocalTime(),
                                  what,
                                  QString(),
                                  added.value(1).toString(),
                                  definitions.roleName(added.value(2).toString()),
                                  item.panelStepId};
        if (item.removedAt.isValid())
            timeline << TimelineEntry{
                item.removedAt,
                tr("Moved off the panel of %1").arg(formatDate(item.panelMeetingAt.date())),
                item.removedReason,
                added.value(3).toString(),
                QString(),
                item.panelStepId};
    }
    std::stable_sort(timeline.begin(), timeline.end(),
                     [](const TimelineEntry &a, const TimelineEntry &b) { return a.at < b.at; });
    return workspace;
}

// --- the chronology --------------------------------------------------------------------------

ReportTable DirectPayments::chronology(qint64 personId, const Actor &actor)
{
    struct Row
    {
        QDateTime at;
        qint64 order;
        QStringList fields;
    };
    QList<Row> rows;
    qint64 order = 0;
    const DefinitionRegistry &definitions = m_engine.definitions();
    auto add = [&](const QDateTime &at, const QString &entry, const QString &episode,
                   const QString &step, const QString &form, const QString &question,
                   const QString &value, const QString &by, const QString &role) {
        const QDateTime local = at.toLocalTime();
        rows << Row{local, order++,
                    QStringList{local.date().toString(Qt::ISODate),
                                local.time().toString(QStringLiteral("HH:mm:ss")), entry, episode,
                                step, form, question, value, by, definitions.roleName(role)}};
    };
    auto episodeLabel = [this](qint64 episodeId) {
        if (episodeId <= 0)
            return QString();
        const EpisodeRecord record = episode(episodeId);
        return tr("%1 from %2").arg(record.episodeType, formatDate(record.startDate));
    };

    QSqlQuery events = m_db.exec(
        QStringLiteral("SELECT v.recorded_at, v.event_type, v.event_date, v.details, "
                       "v.episode_id, w.display_name FROM events v LEFT JOIN workers w ON "
                       "w.id = v.recorded_by WHERE v.person_id = ? ORDER BY v.id"),
        {personId});
    while (events.next())
        add(events.value(0).toDateTime(), tr("Event"), episodeLabel(events.value(4).toLongLong()),
            events.value(1).toString(), QString(), tr("Event date"),
            QString(formatDate(events.value(2).toDate()) + QStringLiteral("; ") +
                    events.value(3).toString()),
            events.value(5).toString(), QString());

    QList<qint64> stepIds;
    QSqlQuery steps = m_db.exec(
        QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? ORDER BY id"), {personId});
    while (steps.next())
        stepIds << steps.value(0).toLongLong();
    for (qint64 stepId : std::as_const(stepIds)) {
        const StepRecord step = m_engine.step(stepId);
        const QString episodeText = episodeLabel(episodeOfStep(stepId));
        QSqlQuery who =
            m_db.exec(QStringLiteral("SELECT cw.display_name, sw.display_name, s.finished_as_role, "
                                     "s.cancelled_reason, s.due_date FROM worksteps s "
                                     "LEFT JOIN workers cw ON cw.id = s.created_by "
                                     "LEFT JOIN workers sw ON sw.id = s.started_by WHERE s.id = ?"),
                      {stepId});
        who.next();
        add(step.createdAt, tr("Step assigned"), episodeText, step.stepType, QString(),
            tr("Assigned to"), step.assigneeName, who.value(0).toString(), QString());
        if (step.startedAt.isValid())
            add(step.startedAt, tr("Step started"), episodeText, step.stepType, QString(),
                QString(), QString(), who.value(1).toString(), QString());
        QSqlQuery answers = m_db.exec(
            QStringLiteral("SELECT a.saved_at, a.form_code, a.question_id, a.value, a.version, "
                           "w.display_name, a.saved_as_role, a.copied_from_step_id "
                           "FROM form_answers a LEFT JOIN workers w ON w.id = a.saved_by "
                           "WHERE a.step_id = ? ORDER BY a.id"),
            {stepId});
        while (answers.next()) {
            const FormDefinition *form = definitions.form(answers.value(1).toString());
            const QuestionDefinition *question =
                form ? form->question(answers.value(2).toString()) : nullptr;
            const qint64 copiedFrom = answers.value(7).toLongLong();
            const QString entry =
                copiedFrom > 0 ? tr("Answer copied forward from step %1").arg(copiedFrom)
                : answers.value(4).toInt() > 1
                    ? tr("Answer changed (version %1)").arg(answers.value(4).toInt())
                    : tr("Answer saved");
            add(answers.value(0).toDateTime(), entry, episodeText, step.stepType,
                form ? form->displayName() : answers.value(1).toString(),
                question ? question->label : answers.value(2).toString(),
                answers.value(3).toString(), answers.value(5).toString(),
                answers.value(6).toString());
        }
        QSqlQuery actions = m_db.exec(
            QStringLiteral("SELECT n.added_at, n.step_type, COALESCE(aw.display_name, t.name, "
                           "vw.name), w.display_name, n.added_as_role, n.removed_at "
                           "FROM next_actions n LEFT JOIN workers w ON w.id = n.added_by "
                           "LEFT JOIN workers aw ON aw.id = n.assignee_worker_id "
                           "LEFT JOIN teams t ON t.id = n.assignee_team_id "
                           "LEFT JOIN virtual_workers vw ON vw.id = n.assignee_virtual_worker_id "
                           "WHERE n.step_id = ? ORDER BY n.id"),
            {stepId});
        while (actions.next()) {
            add(actions.value(0).toDateTime(), tr("Next action added"), episodeText, step.stepType,
                QString(), actions.value(1).toString(),
                tr("Assigned to %1").arg(actions.value(2).toString()), actions.value(3).toString(),
                actions.value(4).toString());
            if (!actions.value(5).isNull())
                add(actions.value(5).toDateTime(), tr("Next action removed"), episodeText,
                    step.stepType, QString(), actions.value(1).toString(), QString(), QString(),
                    QString());
        }
        for (const RequestRecord &request : m_engine.requests(stepId)) {
            add(request.sentAt, tr("Request sent"), episodeText, step.stepType, QString(),
                request.requestType, tr("To %1").arg(request.recipientName), request.senderName,
                request.sentAsRole);
            if (request.respondedAt.isValid())
                add(request.respondedAt,
                    request.status == RequestStatus::Declined ? tr("Request declined")
                                                              : tr("Request completed"),
                    episodeText, step.stepType, QString(), request.requestType,
                    request.declineReason, request.respondedByName, QString());
        }
        if (step.status == StepStatus::Finished)
            add(step.finishedAt, tr("Step finished"), episodeText, step.stepType, QString(),
                tr("Decision"), decisionOf(stepId, step.stepType), step.finishedByName,
                who.value(2).toString());
        else if (step.status == StepStatus::Cancelled)
            add(step.finishedAt, tr("Step cancelled"), episodeText, step.stepType, QString(),
                tr("Reason"), who.value(3).toString(), step.finishedByName,
                who.value(2).toString());
    }

    const QList<AgendaItem> placements = readAgenda(QStringLiteral("s.person_id = ?"), {personId});
    for (const AgendaItem &item : placements) {
        const QDateTime added =
            m_db.scalar(QStringLiteral("SELECT added_at FROM panel_agenda_items WHERE id = ?"),
                        {item.id})
                .toDateTime();
        add(added, tr("Placed on a panel agenda"), episodeLabel(item.episodeId), item.panelStepType,
            QString(), item.kindName,
            tr("Direct Payments Panel of %1").arg(formatDateTime(item.panelMeetingAt)), QString(),
            QString());
        if (item.removedAt.isValid())
            add(item.removedAt, tr("Moved off a panel agenda"), episodeLabel(item.episodeId),
                item.panelStepType, QString(), item.kindName, item.removedReason, QString(),
                QString());
    }

    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.at != b.at ? a.at < b.at : a.order < b.order;
    });
    ReportTable table;
    table.title = tr("Chronology of %1").arg(personName(personId));
    table.header = QStringList{tr("Date"), tr("Time"), tr("Entry"),    tr("Episode"),
                               tr("Step"), tr("Form"), tr("Question"), tr("Answer or details"),
                               tr("By"),   tr("Role")};
    for (const Row &row : std::as_const(rows))
        table.rows << row.fields;
    audit(actor, QStringLiteral("export chronology"), QStringLiteral("person"), personId, personId,
          QStringLiteral("%1 rows").arg(table.rows.size()));
    return table;
}

// --- for the screens -------------------------------------------------------------------------

bool DirectPayments::connectionLost() const
{
    return !m_db.isOpen() || RequestWatchdog::isBroken(m_db.connection());
}

QString DirectPayments::connectionLostMessage()
{
    return tr("CaseDesk cannot reach the server just now (the connection was lost). Try again "
              "once it is back.");
}

EpisodeWorkspace DirectPayments::submission(qint64 episodeId, const QString &stepType,
                                            const Actor &actor)
{
    EpisodeWorkspace workspace;
    workspace.episode = episode(episodeId);
    if (!workspace.episode.id)
        return workspace;
    audit(actor, QStringLiteral("open workspace"), QStringLiteral("episode"), episodeId,
          workspace.episode.personId, workspace.episode.episodeType);
    // The latest step of the type in the episode's chain (episodeSteps()), in one statement.
    QSqlQuery latest = m_db.exec(
        QStringLiteral("WITH RECURSIVE chain(id) AS (SELECT id FROM worksteps WHERE episode_id = ? "
                       "UNION SELECT s.id FROM worksteps s JOIN chain c ON s.from_step_id = c.id) "
                       "SELECT w.id FROM worksteps w JOIN chain c ON c.id = w.id "
                       "WHERE w.step_type = ? ORDER BY w.id DESC LIMIT 1"),
        {episodeId, stepType});
    if (!latest.next())
        return workspace;
    const qint64 stepId = latest.value(0).toLongLong();
    // The step and every form's answers in one statement (WorkflowEngine::snapshot).
    const StepSnapshot snapshot = m_engine.snapshot(stepId, actor);
    WorkspaceStep entry;
    entry.step = snapshot.step;
    const DefinitionRegistry &definitions = m_engine.definitions();
    for (const QString &code : entry.step.openForms) {
        const FormDefinition *form = definitions.form(code);
        if (!form)
            continue;
        const QHash<QString, AnswerRecord> answers = snapshot.answers.value(code);
        for (const SectionDefinition &section : form->sections) {
            for (const QuestionDefinition &question : section.questions) {
                const auto found = answers.constFind(question.id);
                if (found == answers.cend())
                    continue;
                entry.answers << WorkspaceAnswer{code,
                                                 form->title,
                                                 section.number,
                                                 section.title,
                                                 question.id,
                                                 question.label,
                                                 found->value,
                                                 found->version,
                                                 found->savedByName,
                                                 found->savedAsRole,
                                                 found->savedAt.toLocalTime(),
                                                 found->copiedFromStepId};
            }
        }
    }
    workspace.steps << entry;
    return workspace;
}

} // namespace casedesk
