#include "workviewtree.h"

#include "workviewfiltermodel.h"
#include "workviewmodel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QStyledItemDelegate>

namespace casedesk {

namespace {

// QTreeView asks a row's height without saying how wide its columns are, so wrapped text is
// measured as one line and then drawn cut off. This measures the wrapped column at its width;
// the others stay on one line.
class WrappingDelegate : public QStyledItemDelegate
{
public:
    explicit WrappingDelegate(WorkviewTree *view) : QStyledItemDelegate(view), m_view(view) {}

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() != m_view->wrappedColumn())
            return QStyledItemDelegate::sizeHint(option, index);
        int width = m_view->columnWidth(index.column());
        if (index.column() == 0) {
            int depth = m_view->rootIsDecorated() ? 1 : 0;
            for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
                ++depth;
            width -= depth * m_view->indentation();
        }
        // The style wraps only within a valid rectangle; the height is what it works out.
        QStyleOptionViewItem measured(option);
        measured.rect = QRect(0, 0, qMax(40, width), 1);
        return QStyledItemDelegate::sizeHint(measured, index);
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != m_view->wrappedColumn())
            option->features &= ~QStyleOptionViewItem::WrapText;
    }

private:
    WorkviewTree *m_view;
};

} // namespace

WorkviewTree::WorkviewTree(QWidget *parent) : QTreeView(parent)
{
    setItemDelegate(new WrappingDelegate(this));
    // Wrapped rows change height with their column's width.
    connect(header(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column == m_wrappedColumn)
            scheduleDelayedItemsLayout();
    });
    setUniformRowHeights(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setExpandsOnDoubleClick(false);
    connect(this, &QTreeView::doubleClicked, this, &WorkviewTree::activate);
}

void WorkviewTree::setWrappedColumn(int column)
{
    m_wrappedColumn = column;
    setWordWrap(column >= 0);
    scheduleDelayedItemsLayout();
}

void WorkviewTree::setWorkviewModel(WorkviewFilterModel *model)
{
    m_model = model;
    setModel(model);
    const auto relayout = [this] { layoutHeadings(); };
    connect(model, &QAbstractItemModel::modelReset, this, relayout);
    // A reset drops the selection without saying so.
    connect(model, &QAbstractItemModel::modelReset, this, &WorkviewTree::selectedWorkChanged);
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

QList<WorkRef> WorkviewTree::selectedWork() const
{
    QModelIndexList rows = selectionModel() ? selectionModel()->selectedRows(0) : QModelIndexList();
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex &a, const QModelIndex &b) {
        return visualRect(a).top() < visualRect(b).top();
    });
    QList<WorkRef> work;
    for (const QModelIndex &row : std::as_const(rows)) {
        if (!isWork(row))
            continue;
        // "title\nperson · due", the same in both views.
        const QString lines = row.data(WorkviewModel::NarrowTextRole).toString();
        const QString label =
            lines.section(QLatin1Char('\n'), 0, 0) + QStringLiteral(" \u2013 ") +
            lines.section(QLatin1Char('\n'), 1).section(QStringLiteral(" \u00b7 "), 0, 0);
        work << WorkRef{row.data(WorkviewModel::StepIdRole).toLongLong(),
                        row.data(WorkviewModel::RequestIdRole).toLongLong(), label};
    }
    return work;
}

void WorkviewTree::selectionChanged(const QItemSelection &selected,
                                    const QItemSelection &deselected)
{
    QTreeView::selectionChanged(selected, deselected);
    // Headings are not work: a range that crosses one leaves it out.
    QItemSelection headings;
    for (const QModelIndex &index : selected.indexes()) {
        if (index.column() == 0 && !isWork(index))
            headings.select(index, index.siblingAtColumn(model()->columnCount(index.parent()) - 1));
    }
    if (!headings.isEmpty())
        selectionModel()->select(headings, QItemSelectionModel::Deselect);
    emit selectedWorkChanged();
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
