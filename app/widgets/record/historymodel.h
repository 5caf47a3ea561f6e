#pragma once

#include "records/personrecordquery.h"

#include <QAbstractTableModel>

namespace casedesk {

// The history of a person's record: their steps and the requests about them, newest first. Reads
// one page at first and the next whenever the view scrolls to the end (canFetchMore/fetchMore),
// so a child with hundreds of steps opens as fast as one with three.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DateColumn,
        TitleColumn,
        StatusColumn,
        WhoColumn,
        ClosedColumn,
        ColumnCount
    };
    enum Role
    {
        StepIdRole = Qt::UserRole + 1,
        RequestIdRole,
    };

    HistoryModel(const PersonRecordQuery &query, qint64 personId, QObject *parent = nullptr);

    // Reads the first page again (after work was done on the record).
    void reload();
    int total() const { return m_total; }
    QString error() const { return m_error; }
    const HistoryEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static QString statusText(const HistoryEntry &entry);

signals:
    void loaded(); // a page was read: the total or the number shown changed

private:
    const PersonRecordQuery &m_query;
    qint64 m_personId;
    QList<HistoryEntry> m_entries;
    int m_total = 0;
    QString m_error;
};

} // namespace casedesk
