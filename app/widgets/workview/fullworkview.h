#pragma once

#include <QWidget>

class QLineEdit;

namespace casedesk {
class InlineMessage;
}

namespace casedesk {

class WorkviewFilterModel;
class WorkviewModel;
class WorkviewTree;

// The Full workview: every category of the worker and of each virtual worker they act from,
// with columns, sorting and a filter box.
class FullWorkview : public QWidget
{
    Q_OBJECT

public:
    explicit FullWorkview(WorkviewModel *model, QWidget *parent = nullptr);

    WorkviewTree *tree() const { return m_tree; }
    QLineEdit *filterBox() const { return m_filter; }
    // Where the results of Take and Reassign are reported, above the work.
    InlineMessage *report() const { return m_report; }

signals:
    void workActivated(qint64 stepId, qint64 requestId);

private:
    void fitColumns();

    WorkviewFilterModel *m_proxy;
    WorkviewTree *m_tree;
    QLineEdit *m_filter;
    InlineMessage *m_report;
};

} // namespace casedesk
