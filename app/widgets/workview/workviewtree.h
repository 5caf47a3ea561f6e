#pragma once

#include <QTreeView>

namespace casedesk {

class WorkviewFilterModel;

// A piece of work selected in a workview.
struct WorkRef
{
    qint64 stepId = 0;
    qint64 requestId = 0; // 0 for a workstep line
    QString label;        // "SC Panel – Lily Hargreaves (C100201)", for reporting results
};

// A tree of workview rows: headings span the width and stay expanded; activating a piece of
// work (double-click or Enter) emits workActivated. Several pieces of work can be selected
// (Ctrl+click, Shift+click, Shift+arrows) for Take and Reassign; headings are never selected.
class WorkviewTree : public QTreeView
{
    Q_OBJECT

public:
    explicit WorkviewTree(QWidget *parent = nullptr);

    void setWorkviewModel(WorkviewFilterModel *model);
    WorkviewFilterModel *workviewModel() const { return m_model; }
    // The column whose text wraps (rows grow to show it whole), or -1 for none.
    void setWrappedColumn(int column);
    int wrappedColumn() const { return m_wrappedColumn; }

    // The work row under `index`'s row, if it is one.
    static bool isWork(const QModelIndex &index);
    // The selected pieces of work, top to bottom.
    QList<WorkRef> selectedWork() const;

signals:
    void workActivated(qint64 stepId, qint64 requestId);
    void selectedWorkChanged();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void selectionChanged(const QItemSelection &selected,
                          const QItemSelection &deselected) override;

private:
    void layoutHeadings(const QModelIndex &parent = QModelIndex());
    void activate(const QModelIndex &index);

    WorkviewFilterModel *m_model = nullptr;
    int m_wrappedColumn = -1;
};

} // namespace casedesk
