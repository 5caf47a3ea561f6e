// Reading a step whole: one statement gives the step, its forms, answers, requests and next
// actions, and the facts about the actor that the rules of editing and finishing look at. Over a
// slow link every statement is a round trip, so the screens and the rules read here once instead
// of asking step(), answers(), requests() ... one after another (docs/benchmarks.md).
#include "currentanswers.h"
#include "formlogic.h"
#include "workflowengine.h"

#include <QSqlError>
#include <QSqlQuery>

namespace casedesk {

namespace {

// The columns of every row of the step's UNION ALL: the kind of row, then numbers, texts, times
// and flags, each group padded with typed NULLs so that every branch has the same columns.
enum Kind
{
    StepRow,
    FormRow,
    AnswerRow,
    RequestRow,
    ActionRow,
    TokenRow
};
constexpr int Numbers = 8;
constexpr int Texts = 9;
constexpr int Times = 3;
constexpr int Flags = 3;
constexpr int N = 1; // index of the first number column
constexpr int T = N + Numbers;
constexpr int D = T + Texts;
constexpr int B = D + Times;

QString branch(Kind kind, QStringList numbers, QStringList texts, QStringList times,
               QStringList flags, const QString &from)
{
    const auto pad = [](QStringList columns, int count, const QString &type) {
        while (columns.size() < count)
            columns << QStringLiteral("CAST(NULL AS %1)").arg(type);
        return columns;
    };
    QStringList columns{QString::number(int(kind))};
    columns << pad(numbers, Numbers, QStringLiteral("BIGINT"))
            << pad(texts, Texts, QStringLiteral("TEXT"))
            << pad(times, Times, QStringLiteral("{{timestamp}}"))
            << pad(flags, Flags, QStringLiteral("{{bool}}"));
    return QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QLatin1Char(' ') + from;
}

const QString NoTime = QStringLiteral("CAST(NULL AS {{timestamp}})");

// The step as step() reads it, with whether the actor holds their role, is a member of the
// inbox and is in the team the step is assigned to. Binds: worker, role, worker, worker, step.
QString stepBranch()
{
    return branch(
        StepRow,
        {QStringLiteral("s.id"), QStringLiteral("s.person_id"),
         QStringLiteral("s.assignee_worker_id"), QStringLiteral("s.assignee_team_id"),
         QStringLiteral("s.assignee_virtual_worker_id"), QStringLiteral("s.from_step_id"),
         QStringLiteral("s.revision"), QStringLiteral("p.allocated_worker_id")},
        {QStringLiteral("p.given_name || ' ' || p.family_name"), QStringLiteral("s.step_type"),
         QStringLiteral("s.status"), QStringLiteral("fw.display_name"),
         QStringLiteral("COALESCE(aw.display_name, t.name, vw.name)")},
        {QStringLiteral("s.created_at"), QStringLiteral("s.started_at"),
         QStringLiteral("s.finished_at")},
        {QStringLiteral("EXISTS (SELECT 1 FROM worker_roles r JOIN workers w ON w.id = "
                        "r.worker_id WHERE r.worker_id = ? AND r.role = ? AND w.is_active)"),
         QStringLiteral("EXISTS (SELECT 1 FROM virtual_worker_members m WHERE m.worker_id = ? "
                        "AND m.virtual_worker_id = s.assignee_virtual_worker_id)"),
         QStringLiteral("EXISTS (SELECT 1 FROM workers tw WHERE tw.id = ? AND tw.team_id = "
                        "s.assignee_team_id)")},
        QStringLiteral("FROM worksteps s JOIN people p ON p.id = s.person_id "
                       "LEFT JOIN workers fw ON fw.id = s.finished_by "
                       "LEFT JOIN workers aw ON aw.id = s.assignee_worker_id "
                       "LEFT JOIN teams t ON t.id = s.assignee_team_id "
                       "LEFT JOIN virtual_workers vw ON vw.id = s.assignee_virtual_worker_id "
                       "WHERE s.id = ?"));
}

// Binds: step.
QString formBranch()
{
    return branch(FormRow, {}, {QStringLiteral("f.form_code")}, {QStringLiteral("f.opened_at")}, {},
                  QStringLiteral("FROM step_forms f WHERE f.step_id = ?"));
}

// The current version of every answer. Binds: step.
QString answerBranch()
{
    return branch(AnswerRow,
                  {QStringLiteral("a.version"), QStringLiteral("a.saved_by"),
                   QStringLiteral("a.copied_from_step_id")},
                  {QStringLiteral("a.form_code"), QStringLiteral("a.question_id"),
                   QStringLiteral("a.value"), QStringLiteral("w.display_name"),
                   QStringLiteral("a.saved_as_role")},
                  {NoTime, QStringLiteral("a.saved_at")}, {},
                  QStringLiteral("FROM form_answers a LEFT JOIN workers w ON w.id = a.saved_by "
                                 "WHERE a.step_id = ?") +
                      currentAnswersOnly(QStringLiteral("a")));
}

// The requests as request() reads them, with whether the actor is a member of the inbox each
// was sent to. Binds: worker, step.
QString requestBranch()
{
    return branch(
        RequestRow,
        {QStringLiteral("r.id"), QStringLiteral("r.sender_worker_id"),
         QStringLiteral("r.recipient_worker_id"), QStringLiteral("r.recipient_virtual_worker_id")},
        {QStringLiteral("r.request_type"), QStringLiteral("s.step_type"),
         QStringLiteral("r.status"), QStringLiteral("sw.display_name"),
         QStringLiteral("r.sent_as_role"), QStringLiteral("COALESCE(rw.display_name, vw.name)"),
         QStringLiteral("r.note"), QStringLiteral("resp.display_name"),
         QStringLiteral("r.decline_reason")},
        {NoTime, QStringLiteral("r.sent_at"), QStringLiteral("r.responded_at")},
        {QStringLiteral("r.is_required"),
         QStringLiteral("EXISTS (SELECT 1 FROM virtual_worker_members m WHERE m.worker_id = ? "
                        "AND m.virtual_worker_id = r.recipient_virtual_worker_id)")},
        QStringLiteral("FROM requests r JOIN worksteps s ON s.id = r.step_id "
                       "JOIN workers sw ON sw.id = r.sender_worker_id "
                       "LEFT JOIN workers rw ON rw.id = r.recipient_worker_id "
                       "LEFT JOIN virtual_workers vw ON vw.id = r.recipient_virtual_worker_id "
                       "LEFT JOIN workers resp ON resp.id = r.responded_by WHERE r.step_id = ?"));
}

// The next actions as nextActions() reads them. Binds: step.
QString actionBranch()
{
    return branch(
        ActionRow,
        {QStringLiteral("n.id"), QStringLiteral("n.assignee_worker_id"),
         QStringLiteral("n.assignee_team_id"), QStringLiteral("n.assignee_virtual_worker_id"),
         QStringLiteral("n.created_step_id")},
        {QStringLiteral("n.form_code"), QStringLiteral("n.step_type"),
         QStringLiteral("n.added_as_role"),
         QStringLiteral("COALESCE(w.display_name, t.name, vw.name)")},
        {}, {QStringLiteral("n.send_immediately")},
        QStringLiteral("FROM next_actions n LEFT JOIN workers w ON w.id = n.assignee_worker_id "
                       "LEFT JOIN teams t ON t.id = n.assignee_team_id "
                       "LEFT JOIN virtual_workers vw ON vw.id = n.assignee_virtual_worker_id "
                       "WHERE n.step_id = ? AND n.removed_at IS NULL"));
}

// Binds: token.
QString tokenBranch()
{
    return branch(TokenRow, {}, {}, {}, {}, QStringLiteral("FROM applied_saves WHERE token = ?"));
}

} // namespace

WorkflowEngine::StepReading WorkflowEngine::readStep(qint64 stepId, const Actor &actor, int parts,
                                                     const QString &saveToken) const
{
    QStringList branches{stepBranch(), formBranch(), requestBranch()};
    QVariantList values{actor.workerId, actor.role, actor.workerId, actor.workerId,
                        stepId,         stepId,     actor.workerId, stepId};
    if (parts & Answers) {
        branches << answerBranch();
        values << stepId;
    }
    if (parts & NextActions) {
        branches << actionBranch();
        values << stepId;
    }
    if (!saveToken.isEmpty()) {
        branches << tokenBranch();
        values << saveToken;
    }
    // Forms in the order they were opened; requests and next actions in the order made.
    const QString sql = m_db.dialect().expand(
        branches.join(QStringLiteral(" UNION ALL ")) +
        QStringLiteral(" ORDER BY 1, %1, %2, %3").arg(D + 1).arg(N + 1).arg(T + 1));

    StepReading reading;
    QString error;
    QSqlQuery query = m_db.exec(sql, values, &error);
    const auto n = [&query](int i) { return query.value(N + i).toLongLong(); };
    const auto t = [&query](int i) { return query.value(T + i).toString(); };
    const auto d = [&query](int i) { return query.value(D + i).toDateTime(); };
    const auto b = [&query](int i) { return query.value(B + i).toBool(); };
    QStringList forms;
    bool memberOfInbox = false;
    bool inTeam = false;
    while (query.next()) {
        switch (query.value(0).toInt()) {
        case StepRow: {
            StepRecord &s = reading.step;
            s.id = n(0);
            s.personId = n(1);
            s.assigneeWorkerId = n(2);
            s.assigneeTeamId = n(3);
            s.assigneeVirtualWorkerId = n(4);
            s.fromStepId = n(5);
            s.revision = int(n(6));
            s.allocatedWorkerId = n(7);
            s.personName = t(0);
            s.stepType = t(1);
            s.status = t(2);
            s.finishedByName = t(3);
            s.assigneeName = t(4);
            reading.holdsRole = b(0);
            memberOfInbox = b(1);
            inTeam = b(2);
            s.createdAt = d(0);
            s.startedAt = d(1);
            s.finishedAt = d(2);
            break;
        }
        case FormRow:
            forms << t(0);
            break;
        case AnswerRow: {
            AnswerRecord answer;
            answer.version = int(n(0));
            answer.savedBy = n(1);
            answer.copiedFromStepId = n(2);
            answer.value = t(2);
            answer.savedByName = t(3);
            answer.savedAsRole = t(4);
            answer.savedAt = d(1);
            QHash<QString, AnswerRecord> &form = reading.answers[t(0)];
            const auto current = form.constFind(t(1));
            if (current == form.cend() || current->version < answer.version)
                form.insert(t(1), answer);
            break;
        }
        case RequestRow: {
            RequestRecord request;
            request.id = n(0);
            request.stepId = stepId;
            request.senderWorkerId = n(1);
            request.recipientWorkerId = n(2);
            request.recipientVirtualWorkerId = n(3);
            request.requestType = t(0);
            request.stepType = t(1);
            request.status = t(2);
            request.senderName = t(3);
            request.sentAsRole = t(4);
            request.recipientName = t(5);
            request.note = t(6);
            request.respondedByName = t(7);
            request.declineReason = t(8);
            request.sentAt = d(1);
            request.respondedAt = d(2);
            request.required = b(0);
            // As isRequestRecipient(): the worker it was sent to, or a member of the inbox.
            reading.isRecipient << (request.recipientWorkerId
                                        ? request.recipientWorkerId == actor.workerId
                                        : request.recipientVirtualWorkerId && b(1));
            reading.requests << request;
            break;
        }
        case ActionRow: {
            NextActionRecord action;
            action.id = n(0);
            action.stepId = stepId;
            action.assignee = Assignee::fromColumns(n(1), n(2), n(3));
            action.createdStepId = n(4);
            action.formCode = t(0);
            action.stepType = t(1);
            action.addedAsRole = t(2);
            action.assigneeName = t(3);
            action.sendImmediately = b(0);
            reading.nextActions << action;
            break;
        }
        case TokenRow:
            reading.saveApplied = true;
            break;
        }
    }
    // A read that stops part-way ends next() like the last row does: only the error tells. A
    // connection already closed fails with no text at all: not active is enough.
    if (error.isEmpty() && query.lastError().isValid())
        error = query.lastError().text();
    if (error.isEmpty() && !query.isActive())
        error = tr("the connection to the database is closed");
    if (!error.isEmpty()) {
        StepReading unread;
        unread.step.unreadable = true;
        unread.answersStatus = answersUnreadable(error, Database::isDamage(query.lastError()));
        return unread;
    }

    StepRecord &s = reading.step;
    if (s.id) {
        if (const StepTypeDefinition *type = m_definitions.stepType(s.stepType))
            s.openForms << type->primaryForm;
        for (const QString &form : std::as_const(forms)) {
            if (!s.openForms.contains(form))
                s.openForms << form;
        }
    }
    // As holdsStep(): the step's worker, or a member of its inbox or team.
    reading.holdsStep = s.assigneeWorkerId          ? s.assigneeWorkerId == actor.workerId
                        : s.assigneeVirtualWorkerId ? memberOfInbox
                        : s.assigneeTeamId          ? inTeam
                                                    : false;
    for (auto form = reading.answers.cbegin(); form != reading.answers.cend(); ++form) {
        for (auto answer = form->cbegin(); answer != form->cend(); ++answer)
            reading.values[form.key()].insert(answer.key(), answer->value);
    }
    return reading;
}

StepSnapshot WorkflowEngine::snapshot(qint64 stepId, const Actor &actor) const
{
    const StepReading reading = readStep(stepId, actor, Answers | NextActions);
    StepSnapshot snapshot;
    snapshot.step = reading.step;
    snapshot.answers = reading.answers;
    snapshot.values = reading.values;
    snapshot.answersStatus = reading.answersStatus;
    snapshot.requests = reading.requests;
    snapshot.nextActions = reading.nextActions;
    snapshot.whyCannotEdit = refusalToEdit(reading);
    snapshot.whyCannotFinish = refusalToFinish(reading);
    snapshot.serverUnreachable = reading.step.unreadable;
    snapshot.whatIsMissing = missingIn(reading, actor.role);
    return snapshot;
}

} // namespace casedesk
