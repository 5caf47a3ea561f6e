#pragma once

#include <QTreeView>

namespace casedesk {

class WorkviewFilterModel;

// A tree of workview rows: headings span the width and stay expanded; activating a piece of
// work (double-click or Enter) emits workActivated.
class WorkviewTree : public QTreeView
{
    Q_OBJECT

public:
    explicit WorkviewTree(QWidget *parent = nullptr);

    void setWorkviewModel(WorkviewFilterModel *model);
    WorkviewFilterModel *workviewModel() const { return m_model; }

    // The work row under `index`'s row, if it is one.
    static bool isWork(const QModelIndex &index);

signals:
    void workActivated(qint64 stepId, qint64 requestId);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void layoutHeadings(const QModelIndex &parent = QModelIndex());
    void activate(const QModelIndex &index);

    WorkviewFilterModel *m_model = nullptr;
};

} // namespace casedesk
