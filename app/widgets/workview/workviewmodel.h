#pragma once

#include "workview/workviewitem.h"

#include <QCoreApplication>
#include <QStandardItemModel>

namespace casedesk {

// The rows of a Full or Narrow workview: one top-level row per owner (the worker, then each
// virtual worker), under it one row per category with its count ("Incoming work (3)"), and under
// that one row per piece of work with the columns person, step or request, from, received, due,
// status. Both views share one model.
class WorkviewModel : public QStandardItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        PersonColumn,
        TitleColumn,
        FromColumn,
        ReceivedColumn,
        DueColumn,
        StatusColumn,
        CountdownColumn // Direct Payments deadlines in working days; sorts by the number
    };
    enum RowKind
    {
        OwnerRow,
        CategoryRow,
        ItemRow
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, // RowKind
        StepIdRole,
        RequestIdRole,
        OutstandingRole, // an outstanding request: shown highlighted
        OrderRole,       // fixed position of owner and category rows
        SortRole,        // what item rows sort by in this column
        CategoryRole,    // WorkviewCategory of category and item rows
        CountRole,       // items in a category
        NarrowTextRole,  // two-line text for the Narrow workview
    };

    explicit WorkviewModel(QObject *parent = nullptr);

    void setSections(const QList<WorkviewSection> &sections);
    const QList<WorkviewSection> &sections() const { return m_sections; }

    static QString categoryName(WorkviewCategory category);
    static QString ownerHeading(const WorkviewOwner &owner);
    static QString statusText(const WorkviewItem &item);

private:
    QList<QStandardItem *> itemRow(const WorkviewItem &item) const;

    QList<WorkviewSection> m_sections;
};

} // namespace casedesk
