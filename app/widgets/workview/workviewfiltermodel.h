#pragma once

#include <QSortFilterProxyModel>

namespace casedesk {

// Sorts and filters the work rows of a WorkviewModel while owner and category rows keep their
// places. A filter shows the work rows whose text contains it, under their headings.
class WorkviewFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit WorkviewFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
};

// The Narrow workview's rows: one column, each piece of work as two lines (title; person and due
// date).
class NarrowWorkviewModel : public WorkviewFilterModel
{
    Q_OBJECT

public:
    using WorkviewFilterModel::WorkviewFilterModel;

    QVariant data(const QModelIndex &index, int role) const override;

protected:
    bool filterAcceptsColumn(int sourceColumn, const QModelIndex &sourceParent) const override;
};

} // namespace casedesk
