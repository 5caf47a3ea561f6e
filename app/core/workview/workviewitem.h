#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace casedesk {

// The categories of a Full or Narrow workview, in the order they are shown.
enum class WorkviewCategory
{
    IncomingWork,     // assigned, not started, due now (scheduled_for empty or today or earlier)
    CurrentWork,      // started, not finished
    IncomingRequests, // outstanding requests sent to the owner
    SentRequests,     // outstanding requests the worker sent ("Requests I sent")
    FutureWork,       // assigned, not started, scheduled for a later day
};

// Whose workview: a signed-in worker, a virtual worker they act from, or a team.
struct WorkviewOwner
{
    enum class Kind
    {
        Worker,
        VirtualWorker,
        Team
    };

    Kind kind = Kind::Worker;
    qint64 id = 0;
    QString name; // display name of the worker, virtual worker or team
    QString code; // virtual worker code (cs-cwd-panel); empty otherwise

    static WorkviewOwner worker(qint64 id, const QString &name)
    {
        return {Kind::Worker, id, name, {}};
    }
    static WorkviewOwner virtualWorker(qint64 id, const QString &name, const QString &code)
    {
        return {Kind::VirtualWorker, id, name, code};
    }
    static WorkviewOwner team(qint64 id, const QString &name) { return {Kind::Team, id, name, {}}; }
};

// One line of a workview: a workstep, or a request about a workstep.
struct WorkviewItem
{
    WorkviewCategory category = WorkviewCategory::IncomingWork;
    qint64 stepId = 0;
    qint64 requestId = 0; // 0 for a workstep line
    qint64 personId = 0;
    QString personName; // "Given Family"
    QString personRef;  // C100234
    QString stepType;
    QString requestType; // empty for a workstep line
    QString from;        // who created the step, or who sent the request
    QString to;          // who a request was sent to (worker or virtual worker)
    QDateTime received;  // step created, or request sent (UTC)
    QDate due;
    QDate scheduledFor;
    QString status; // step status (incoming, started), or request status (outstanding)
    bool required = false;
    QString virtualWorker; // the virtual worker the step is assigned to or the request sent to
    // Direct Payments steps: the date the step works to (its due date, the panel it is on, or
    // the pre-meeting report's deadline) as a working-day countdown ("3 working days left").
    QDate deadline;
    int workingDaysLeft = 0; // negative: overdue by that many working days
    QString countdown;       // empty when the step has no deadline

    bool isRequest() const { return requestId > 0; }
    bool isOutstandingRequest() const
    {
        return isRequest() && status == QLatin1String("outstanding");
    }
    // As the workview shows it: the step type, or "REQUEST NAME: STEP NAME" for a request.
    QString title() const
    {
        return isRequest() ? requestType + QStringLiteral(": ") + stepType : stepType;
    }
    QString personLabel() const
    {
        return personRef.isEmpty()
                   ? personName
                   : personName + QStringLiteral(" (") + personRef + QLatin1Char(')');
    }
};

// One category of one owner's workview: a page of items and how many there are in all.
struct WorkviewCategoryPage
{
    WorkviewCategory category = WorkviewCategory::IncomingWork;
    int total = 0;
    QList<WorkviewItem> items;
};

// Everything one owner has, category by category.
struct WorkviewSection
{
    WorkviewOwner owner;
    QList<WorkviewCategoryPage> categories;

    int total() const
    {
        int sum = 0;
        for (const WorkviewCategoryPage &page : categories)
            sum += page.total;
        return sum;
    }
    const WorkviewCategoryPage *category(WorkviewCategory which) const
    {
        for (const WorkviewCategoryPage &page : categories)
            if (page.category == which)
                return &page;
        return nullptr;
    }
};

} // namespace casedesk
