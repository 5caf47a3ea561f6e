#include "demowriter.h"

#include "storage/sqlvalues.h"

namespace {

QVariant orNull(const QDate &date)
{
    return date.isValid() ? QVariant(date) : QVariant(QMetaType(QMetaType::QDate));
}

QVariant orNull(bool set, const QVariant &value)
{
    return set ? value : QVariant(value.metaType());
}

} // namespace

namespace casedesk::demo {

QDateTime DemoWriter::at(int daysAgo, int minutes) const
{
    const QDateTime time = QDateTime(day(-daysAgo), QTime(9, 0)).addSecs(qint64(minutes) * 60);
    // Nothing happened later than now, whatever the hour the demo is seeded at.
    return qMin(time, QDateTime::currentDateTime()).toUTC();
}

qint64 DemoWriter::insert(const QString &sql, const QVariantList &values)
{
    if (!ok())
        return -1;
    const qint64 id = m_db.insert(sql, values, &m_error);
    if (id <= 0 && m_error.isEmpty())
        m_error = QStringLiteral("no id returned by: ") + sql;
    return id;
}

void DemoWriter::exec(const QString &sql, const QVariantList &values)
{
    if (ok())
        m_db.exec(sql, values, &m_error);
}

qint64 DemoWriter::step(qint64 personId, const QString &stepType, const To &to,
                        const StepState &state)
{
    const bool started = state.status != QLatin1String("incoming");
    const bool finished = state.status == QLatin1String("finished");
    const int startedDaysAgo = qMax(0, state.createdDaysAgo - 1);
    return insert(
        QStringLiteral(
            "INSERT INTO worksteps (person_id, step_type, status, episode_id, assignee_worker_id, "
            "assignee_virtual_worker_id, from_step_id, created_by, created_at, due_date, "
            "scheduled_for, started_by, started_at, finished_by, finished_as_role, finished_at, "
            "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {personId, stepType, state.status, nullableId(state.episodeId), nullableId(to.worker),
         nullableId(to.virtualWorker), nullableId(state.fromStepId), nullableId(state.createdBy),
         at(state.createdDaysAgo, (m_steps++ * 37) % 480), orNull(state.due),
         orNull(state.scheduledFor), nullableId(started ? state.startedBy : 0),
         orNull(started, at(startedDaysAgo, 30)), nullableId(finished ? state.finishedBy : 0),
         orNull(finished, state.finishedAsRole), orNull(finished, at(state.finishedDaysAgo, 400)),
         started ? 1 : 0});
}

void DemoWriter::openForm(qint64 stepId, const QString &formCode, qint64 workerId, int daysAgo)
{
    exec(QStringLiteral("INSERT INTO step_forms (step_id, form_code, opened_by, opened_at) "
                        "VALUES (?, ?, ?, ?)"),
         {stepId, formCode, workerId, at(daysAgo, 35)});
}

void DemoWriter::answers(qint64 stepId, const QString &formCode,
                         const QList<QPair<QString, QString>> &values, qint64 workerId,
                         const QString &role, int daysAgo)
{
    const int minutes = m_answerMinutes.value(stepId, 40);
    m_answerMinutes.insert(stepId, minutes + 20);
    for (const auto &[questionId, value] : values)
        exec(QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, value, "
                            "version, saved_by, saved_as_role, saved_at) "
                            "VALUES (?, ?, ?, ?, 1, ?, ?, ?)"),
             {stepId, formCode, questionId, value, workerId, role, at(daysAgo, minutes)});
}

qint64 DemoWriter::nextAction(qint64 stepId, const QString &formCode, const QString &stepType,
                              const To &to, qint64 addedBy, const QString &role,
                              bool sendImmediately, qint64 createdStepId)
{
    return insert(
        QStringLiteral("INSERT INTO next_actions (step_id, form_code, step_type, "
                       "assignee_worker_id, assignee_virtual_worker_id, send_immediately, "
                       "created_step_id, added_by, added_as_role, added_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {stepId, formCode, stepType, nullableId(to.worker), nullableId(to.virtualWorker),
         sendImmediately, nullableId(createdStepId), addedBy, role, at(1, 50)});
}

qint64 DemoWriter::request(qint64 stepId, const QString &requestType, bool required, qint64 sender,
                           const QString &senderRole, const To &to, int daysAgo, qint64 respondedBy,
                           const QString &responderRole)
{
    const bool responded = respondedBy > 0;
    return insert(
        QStringLiteral("INSERT INTO requests (step_id, request_type, is_required, status, "
                       "sender_worker_id, sent_as_role, recipient_worker_id, "
                       "recipient_virtual_worker_id, sent_at, responded_by, responded_as_role, "
                       "responded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {stepId, requestType, required,
         responded ? QStringLiteral("completed") : QStringLiteral("outstanding"), sender,
         senderRole, nullableId(to.worker), nullableId(to.virtualWorker), at(daysAgo, 120),
         nullableId(respondedBy), orNull(responded, responderRole),
         orNull(responded, at(qMax(0, daysAgo - 1), 150))});
}

} // namespace casedesk::demo
