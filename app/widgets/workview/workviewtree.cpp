#include "workviewtree.h"

#include "workviewfiltermodel.h"
#include "workviewmodel.h"

#include <QHeaderView>
#include <QKeyEvent>

namespace casedesk {

WorkviewTree::WorkviewTree(QWidget *parent) : QTreeView(parent)
{
    setUniformRowHeights(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setExpandsOnDoubleClick(false);
    connect(this, &QTreeView::doubleClicked, this, &WorkviewTree::activate);
}

void WorkviewTree::setWorkviewModel(WorkviewFilterModel *model)
{
    m_model = model;
    setModel(model);
    const auto relayout = [this] { layoutHeadings(); };
    connect(model, &QAbstractItemModel::modelReset, this, relayout);
    connect(model, &QAbstractItemModel::layoutChanged, this, relayout);
    connect(model, &QAbstractItemModel::rowsInserted, this, relayout);
    layoutHeadings();
}

bool WorkviewTree::isWork(const QModelIndex &index)
{
    return index.isValid() &&
           index.siblingAtColumn(0).data(WorkviewModel::KindRole).toInt() == WorkviewModel::ItemRow;
}

void WorkviewTree::layoutHeadings(const QModelIndex &parent)
{
    if (!m_model)
        return;
    for (int row = 0; row < m_model->rowCount(parent); ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        if (isWork(index))
            continue;
        setFirstColumnSpanned(row, parent, true);
        expand(index);
        layoutHeadings(index);
    }
}

void WorkviewTree::activate(const QModelIndex &index)
{
    if (!isWork(index))
        return;
    emit workActivated(index.data(WorkviewModel::StepIdRole).toLongLong(),
                       index.data(WorkviewModel::RequestIdRole).toLongLong());
}

void WorkviewTree::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) &&
        isWork(currentIndex())) {
        activate(currentIndex());
        return;
    }
    QTreeView::keyPressEvent(event);
}

} // namespace casedesk
