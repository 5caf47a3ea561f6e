#pragma once

#include "storage/database.h"
#include "workerdirectory.h"
#include "workviewitem.h"

#include <QDate>
#include <optional>

namespace casedesk {

// Reads workviews: one bound, indexed, paged query per category per owner.
//
//   WorkviewQuery query(db);
//   for (const WorkviewSection &section : query.workviewOf(worker)) ...   // mine, then each inbox
//
// "Today" (what is incoming now and what is future work) is the local date unless given.
class WorkviewQuery
{
public:
    static constexpr int DefaultPageSize = 200;

    explicit WorkviewQuery(const Database &db, const QDate &today = QDate::currentDate())
        : m_db(db), m_today(today)
    {}

    // The categories an owner's workview has: a virtual worker or team sends no requests, and
    // a team receives none.
    static QList<WorkviewCategory> categoriesFor(WorkviewOwner::Kind kind);

    // One page of one category, newest first, with the category's total in `total`.
    // On a database error the page is empty and `error` (if given) says why.
    WorkviewCategoryPage page(const WorkviewOwner &owner, WorkviewCategory category,
                              int limit = DefaultPageSize, int offset = 0,
                              QString *error = nullptr) const;
    // Every category of one owner, the first `limitPerCategory` items of each.
    WorkviewSection section(const WorkviewOwner &owner, int limitPerCategory = DefaultPageSize,
                            QString *error = nullptr) const;
    // The worker's own workview, then one section per virtual worker they are a member of.
    QList<WorkviewSection> workviewOf(const WorkerIdentity &worker,
                                      int limitPerCategory = DefaultPageSize,
                                      QString *error = nullptr) const;

    // The SQL of a category (for checking its query plan); placeholders are, in order:
    // owner id, status, [today], limit, offset.
    static QString statement(WorkviewOwner::Kind kind, WorkviewCategory category);
    // The values bound to statement(), in order.
    QVariantList bindings(const WorkviewOwner &owner, WorkviewCategory category, int limit,
                          int offset) const;

    // The deadline of a Direct Payments step line (invalid for other lines): its due date, else
    // the meeting of the panel it is on (panel and review tasks), else the pre-meeting report's
    // deadline set when the review was scheduled.
    QDate directPaymentsDeadline(const WorkviewItem &item) const;

private:
    // `panelMeeting`: the meeting of the panel the step is on, when the page already read it.
    QDate deadline(const WorkviewItem &item, const std::optional<QVariant> &panelMeeting) const;
    void addCountdown(WorkviewItem &item, const QVariant &panelMeeting) const;

    const Database &m_db;
    QDate m_today;
};

} // namespace casedesk
