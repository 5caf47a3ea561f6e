#pragma once

#include "records/personrecordquery.h"
#include "storage/databasethread.h"

#include <QAbstractTableModel>

namespace casedesk {

// The history of a person's record: their steps and the requests about them, newest first. The
// first page comes with the record (setFirstPage); readMore() reads the next (the record view
// asks when the worker scrolls to the end or presses Show more), so a child with hundreds of
// steps opens as fast as one with three. Pages are read off the GUI thread: readMore() returns at
// once, isReading() says a page is on its way, loaded() follows when it lands; one asked before
// the last setFirstPage() is dropped. Not canFetchMore/fetchMore: QTreeView calls fetchMore on
// every layout, which, answered later, would read page after page until the end.
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

    // `askedAboutWorker`: PersonRecordQuery::setAskedAboutOnly (0: the whole history).
    HistoryModel(DatabaseThread &background, qint64 personId, qint64 askedAboutWorker = 0,
                 QObject *parent = nullptr);

    // Shows `page` (read with the record) from the top; `error` says why it could not be read.
    void setFirstPage(const HistoryPage &page, const QString &error);
    bool isReading() const { return m_reading; }
    int total() const { return m_total; }
    QString error() const { return m_error; }
    const HistoryEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Whether there are more lines to read, and none on its way.
    bool hasMore() const;
    void readMore();

    static QString statusText(const HistoryEntry &entry);

signals:
    void loaded(); // a page was read: the total or the number shown changed
    void readingChanged(bool reading);

private:
    void setReading(bool reading);

    DatabaseThread &m_background;
    qint64 m_personId;
    qint64 m_askedAboutWorker = 0;
    bool m_reading = false;
    quint64 m_generation = 0; // setFirstPage() starts another: older pages are dropped
    QList<HistoryEntry> m_entries;
    int m_total = 0;
    QString m_error;
};

} // namespace casedesk
