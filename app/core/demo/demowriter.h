#pragma once

#include "storage/database.h"

#include <QDate>
#include <QDateTime>
#include <QHash>

namespace casedesk::demo {

// Who a demo step is assigned to, or a demo request sent to.
struct To
{
    qint64 worker = 0;
    qint64 virtualWorker = 0;
    static To person(qint64 id) { return {id, 0}; }
    static To inbox(qint64 id) { return {0, id}; }
};

// How far a demo step has got.
struct StepState
{
    QString status = QStringLiteral("incoming");
    int createdDaysAgo = 0;
    qint64 createdBy = 0;
    qint64 startedBy = 0; // with status started or finished
    qint64 finishedBy = 0;
    QString finishedAsRole;
    int finishedDaysAgo = 0;
    QDate due;
    QDate scheduledFor;
    qint64 fromStepId = 0;
    qint64 episodeId = 0;
};

// Row-level writes of the demo seeder. Times are a fixed hour of a day relative to `today`, so
// the same seed on the same day gives the same rows. The first failure is kept in error() and
// later writes are skipped, so the seeder checks once and rolls back.
class DemoWriter
{
public:
    DemoWriter(Database &db, const QDate &today) : m_db(db), m_today(today) {}

    QString error() const { return m_error; }
    bool ok() const { return m_error.isEmpty(); }
    QDate today() const { return m_today; }
    QDate day(int offset) const { return m_today.addDays(offset); }
    QString isoDay(int offset) const { return day(offset).toString(Qt::ISODate); }
    // 09:00 local time `daysAgo` days before today, plus `minutes`, in UTC (never after now).
    QDateTime at(int daysAgo, int minutes = 0) const;

    qint64 insert(const QString &sql, const QVariantList &values);
    void exec(const QString &sql, const QVariantList &values);

    qint64 step(qint64 personId, const QString &stepType, const To &to, const StepState &state);
    void openForm(qint64 stepId, const QString &formCode, qint64 workerId, int daysAgo);
    // Saves answers (question id -> value) as version 1, by a worker acting in `role`.
    void answers(qint64 stepId, const QString &formCode,
                 const QList<QPair<QString, QString>> &values, qint64 workerId, const QString &role,
                 int daysAgo);
    qint64 nextAction(qint64 stepId, const QString &formCode, const QString &stepType, const To &to,
                      qint64 addedBy, const QString &role, bool sendImmediately = false,
                      qint64 createdStepId = 0);
    // An outstanding request; respondedBy > 0 makes it completed by them.
    qint64 request(qint64 stepId, const QString &requestType, bool required, qint64 sender,
                   const QString &senderRole, const To &to, int daysAgo, qint64 respondedBy = 0,
                   const QString &responderRole = QString());

private:
    Database &m_db;
    QDate m_today;
    QString m_error;
    int m_steps = 0;                    // spreads creation times over the working day
    QHash<qint64, int> m_answerMinutes; // spreads a step's saves over the day
};

} // namespace casedesk::demo
