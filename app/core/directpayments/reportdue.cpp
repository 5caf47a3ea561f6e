#include "reportdue.h"

#include "dpnames.h"

#include <QSqlQuery>

namespace casedesk::dp {

QDate preMeetingReportDueDate(const Database &db, qint64 stepId)
{
    qint64 current = stepId;
    for (int depth = 0; current > 0 && depth < 1000; ++depth) {
        QSqlQuery query =
            db.exec(QStringLiteral("SELECT step_type, from_step_id FROM worksteps WHERE id = ?"),
                    {current});
        if (!query.next())
            return QDate();
        if (query.value(0).toString() == ScheduleReview)
            return db
                .scalar(QStringLiteral("SELECT c.report_due_on FROM dp_panel_cases c JOIN "
                                       "worksteps s ON s.id = c.panel_step_id WHERE "
                                       "s.from_step_id = ? ORDER BY c.id DESC LIMIT 1"),
                        {current})
                .toDate();
        current = query.value(1).toLongLong();
    }
    return QDate();
}

} // namespace casedesk::dp
