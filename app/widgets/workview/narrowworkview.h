#pragma once

#include <QWidget>

namespace casedesk {

class NarrowWorkviewModel;
class WorkviewModel;
class WorkviewTree;

// The Narrow workview: the same work as the Full workview as a compact list that stays beside
// the forms (DOMAIN.md).
class NarrowWorkview : public QWidget
{
    Q_OBJECT

public:
    explicit NarrowWorkview(WorkviewModel *model, QWidget *parent = nullptr);

    WorkviewTree *tree() const { return m_tree; }

signals:
    void workActivated(qint64 stepId, qint64 requestId);

private:
    NarrowWorkviewModel *m_proxy;
    WorkviewTree *m_tree;
};

} // namespace casedesk
