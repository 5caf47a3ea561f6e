#include "historymodel.h"

#include "common/inlinemessage.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace casedesk {

namespace {

QString when(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm")) : QString();
}

QString day(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().date().toString(QStringLiteral("dd/MM/yyyy"))
                        : QString();
}

} // namespace

HistoryModel::HistoryModel(DatabaseThread &background, qint64 personId, qint64 askedAboutWorker,
                           QObject *parent)
    : QAbstractTableModel(parent), m_background(background), m_personId(personId),
      m_askedAboutWorker(askedAboutWorker)
{}

void HistoryModel::setFirstPage(const HistoryPage &page, const QString &error)
{
    ++m_generation;
    setReading(false);
    beginResetModel();
    m_entries = page.entries;
    m_total = page.total;
    m_error = error;
    endResetModel();
    emit loaded();
}

void HistoryModel::setReading(bool reading)
{
    if (reading == m_reading)
        return;
    m_reading = reading;
    emit readingChanged(reading);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::statusText(const HistoryEntry &entry)
{
    static const QHash<QString, const char *> names{
        {StepStatus::Incoming, QT_TR_NOOP("Incoming")},
        {StepStatus::Started, QT_TR_NOOP("Started")},
        {StepStatus::Finished, QT_TR_NOOP("Finished")},
        {StepStatus::Cancelled, QT_TR_NOOP("Cancelled")},
        {RequestStatus::Outstanding, QT_TR_NOOP("Outstanding")},
        {RequestStatus::Completed, QT_TR_NOOP("Completed")},
        {RequestStatus::Declined, QT_TR_NOOP("Declined")},
    };
    const char *name = names.value(entry.status);
    QString status = name ? tr(name) : entry.status;
    if (!entry.reason.isEmpty())
        status = tr("%1: %2").arg(status, entry.reason);
    return entry.isRequest() && entry.required ? tr("%1 (REQUIRED)").arg(status) : status;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    const bool outstanding = entry.isRequest() && entry.status == RequestStatus::Outstanding;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case DateColumn:
            // The day on the line; the time too when pointed at.
            return role == Qt::ToolTipRole ? when(entry.at) : day(entry.at);
        case TitleColumn:
            return entry.isRequest() ? tr("Request: %1").arg(entry.title()) : entry.title();
        case StatusColumn:
            return statusText(entry);
        case WhoColumn:
            return entry.isRequest() ? tr("%1 to %2").arg(entry.who, entry.recipient) : entry.who;
        case ClosedColumn:
            if (!entry.closedAt.isValid())
                return QString();
            return entry.closedByName.isEmpty()
                       ? day(entry.closedAt)
                       : tr("%1 by %2")
                             .arg(role == Qt::ToolTipRole ? when(entry.closedAt)
                                                          : day(entry.closedAt),
                                  entry.closedByName);
        }
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == TitleColumn)
            return tr("%1, %2, %3").arg(data(index).toString(), statusText(entry), when(entry.at));
        return data(index).toString();
    case Qt::ForegroundRole:
        if (outstanding)
            return QBrush(QColor(QLatin1String(Style::ErrorText)));
        return {};
    case Qt::FontRole:
        if (outstanding && index.column() == StatusColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case StepIdRole:
        return entry.stepId;
    case RequestIdRole:
        return entry.requestId;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DateColumn:
        return tr("Date");
    case TitleColumn:
        return tr("Step or request");
    case StatusColumn:
        return tr("Status");
    case WhoColumn:
        return tr("Worker");
    case ClosedColumn:
        return tr("Finished or answered");
    }
    return {};
}

bool HistoryModel::hasMore() const
{
    return !m_reading && m_entries.size() < m_total;
}

void HistoryModel::readMore()
{
    if (!hasMore())
        return;
    struct Read
    {
        HistoryPage page;
        QString error;
    };
    setReading(true);
    const qint64 personId = m_personId;
    const int offset = int(m_entries.size());
    const quint64 generation = m_generation;
    m_background
        .run([personId, offset, askedAbout = m_askedAboutWorker](Database &db) {
            Read read;
            PersonRecordQuery query(db);
            query.setAskedAboutOnly(askedAbout);
            read.page =
                query.history(personId, offset, PersonRecordQuery::HistoryPageSize, &read.error);
            if (!read.error.isEmpty() && PersonRecordQuery::isConnectionLost(db))
                read.error = PersonRecordQuery::connectionLostMessage();
            return read;
        })
        .then(this, [this, generation, offset](const Read &read) {
            // The history was read again from the top meanwhile: this page is of no use.
            if (generation != m_generation || offset != m_entries.size())
                return;
            setReading(false);
            m_error = read.error;
            if (!read.error.isEmpty()) {
                emit loaded();
                return;
            }
            m_total = read.page.total;
            if (!read.page.entries.isEmpty()) {
                beginInsertRows({}, offset, int(offset + read.page.entries.size()) - 1);
                m_entries += read.page.entries;
                endInsertRows();
            } else {
                m_total = int(m_entries.size()); // nothing more to read after all
            }
            emit loaded();
        });
}

} // namespace casedesk
