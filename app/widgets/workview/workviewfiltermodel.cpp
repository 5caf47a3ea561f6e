#include "workviewfiltermodel.h"

#include "workviewmodel.h"

namespace casedesk {

WorkviewFilterModel::WorkviewFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortRole(WorkviewModel::SortRole);
}

void WorkviewFilterModel::setFilterText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool WorkviewFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    // Headings show only above matching work (recursive filtering brings them back).
    if (first.data(WorkviewModel::KindRole).toInt() != WorkviewModel::ItemRow)
        return false;
    for (int column = 0; column < model->columnCount(sourceParent); ++column) {
        const QString text = model->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool WorkviewFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QModelIndex leftFirst = left.siblingAtColumn(0);
    if (leftFirst.data(WorkviewModel::KindRole).toInt() != WorkviewModel::ItemRow) {
        // Headings stay in order whichever way the work is sorted.
        const int a = leftFirst.data(WorkviewModel::OrderRole).toInt();
        const int b = right.siblingAtColumn(0).data(WorkviewModel::OrderRole).toInt();
        return sortOrder() == Qt::AscendingOrder ? a < b : a > b;
    }
    const QVariant a = left.data(WorkviewModel::SortRole);
    const QVariant b = right.data(WorkviewModel::SortRole);
    if (!a.isValid() || a.isNull())
        return false; // empty dates last
    if (!b.isValid() || b.isNull())
        return true;
    return QVariant::compare(a, b) == QPartialOrdering::Less;
}

QVariant NarrowWorkviewModel::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DisplayRole &&
        index.data(WorkviewModel::KindRole).toInt() == WorkviewModel::ItemRow)
        return WorkviewFilterModel::data(index, WorkviewModel::NarrowTextRole);
    return WorkviewFilterModel::data(index, role);
}

bool NarrowWorkviewModel::filterAcceptsColumn(int sourceColumn, const QModelIndex &) const
{
    return sourceColumn == 0;
}

} // namespace casedesk
