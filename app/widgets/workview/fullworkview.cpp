#include "fullworkview.h"

#include "common/inlinemessage.h"
#include "workviewfiltermodel.h"
#include "workviewmodel.h"
#include "workviewtree.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace casedesk {

FullWorkview::FullWorkview(WorkviewModel *model, QWidget *parent)
    : QWidget(parent), m_proxy(new WorkviewFilterModel(this)), m_tree(new WorkviewTree(this)),
      m_filter(new QLineEdit(this)), m_report(new InlineMessage(this))
{
    setObjectName(QStringLiteral("fullWorkview"));
    m_proxy->setSourceModel(model);
    m_tree->setObjectName(QStringLiteral("fullWorkviewTree"));
    m_tree->setWorkviewModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(WorkviewModel::ReceivedColumn, Qt::DescendingOrder);
    m_tree->header()->setStretchLastSection(true);
    // A request's name is long ("CS Please review purchase request and authorise: SC Social
    // Care Purchase Request") and is what the worker acts on: it wraps, never cut short.
    m_tree->setWrappedColumn(WorkviewModel::TitleColumn);
    m_tree->setAccessibleName(tr("Full workview"));
    m_tree->setAccessibleDescription(
        tr("Your work and your inboxes' work by category. Enter opens the selected work; "
           "Ctrl+T takes it and Ctrl+R reassigns it."));

    m_filter->setObjectName(QStringLiteral("workviewFilter"));
    m_filter->setPlaceholderText(tr("Filter by person, reference, step, request or worker"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter the workview"));
    m_filter->setAccessibleDescription(
        tr("Shows only the work whose person, reference, step, request or worker contains the "
           "text"));
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &WorkviewFilterModel::setFilterText);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    m_report->setObjectName(QStringLiteral("workviewReport"));
    layout->addWidget(m_report);
    layout->addWidget(m_tree, 1);

    connect(m_tree, &WorkviewTree::workActivated, this, &FullWorkview::workActivated);
    connect(model, &QAbstractItemModel::modelReset, this, &FullWorkview::fitColumns);
    fitColumns();
}

void FullWorkview::fitColumns()
{
    // The step or request takes the space the other columns, fitted to their contents, leave.
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    const QList<int> limits{290, 0, 150, 130, 95, 200, 190};
    for (int column = 0; column < limits.size(); ++column) {
        if (column == WorkviewModel::TitleColumn) {
            header->setSectionResizeMode(column, QHeaderView::Stretch);
            continue;
        }
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        m_tree->resizeColumnToContents(column);
        header->resizeSection(column,
                              qBound(80, header->sectionSize(column) + 12, limits.at(column)));
    }
}

} // namespace casedesk
