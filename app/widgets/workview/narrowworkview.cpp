#include "narrowworkview.h"

#include "workviewfiltermodel.h"
#include "workviewmodel.h"
#include "workviewtree.h"

#include <QHeaderView>
#include <QVBoxLayout>

namespace casedesk {

NarrowWorkview::NarrowWorkview(WorkviewModel *model, QWidget *parent)
    : QWidget(parent), m_proxy(new NarrowWorkviewModel(this)), m_tree(new WorkviewTree(this))
{
    setObjectName(QStringLiteral("narrowWorkview"));
    m_proxy->setSourceModel(model);
    m_tree->setObjectName(QStringLiteral("narrowWorkviewTree"));
    m_tree->setWorkviewModel(m_proxy);
    m_tree->setHeaderHidden(true);
    m_tree->setIndentation(12);
    // Two lines per piece of work, the step or request and the person; a long request name
    // wraps onto a third rather than being cut short.
    m_tree->setWrappedColumn(0);
    m_tree->setAccessibleName(tr("Narrow workview"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    connect(m_tree, &WorkviewTree::workActivated, this, &NarrowWorkview::workActivated);
}

} // namespace casedesk
