#include "workviewmodel.h"

#include "common/inlinemessage.h"
#include "directpayments/workingdays.h"

#include <QBrush>
#include <QFont>
#include <QLocale>

namespace casedesk {

namespace {

QString dateText(const QDate &date)
{
    return date.isValid() ? date.toString(QStringLiteral("dd/MM/yyyy")) : QString();
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm"))
                          : QString();
}

// Who a line is from; for a request the worker sent, who it went to.
QString fromText(const WorkviewItem &item)
{
    if (item.category == WorkviewCategory::SentRequests && !item.to.isEmpty())
        return WorkviewModel::tr("to %1").arg(item.to);
    return item.from;
}

QStandardItem *cell(const QString &text, const QVariant &sortKey)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(sortKey, WorkviewModel::SortRole);
    return item;
}

QStandardItem *heading(const QString &text, WorkviewModel::RowKind kind, int order)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(kind, WorkviewModel::KindRole);
    item->setData(order, WorkviewModel::OrderRole);
    QFont font = item->font();
    font.setBold(true);
    if (kind == WorkviewModel::OwnerRow)
        font.setPointSizeF(font.pointSizeF() * 1.1);
    item->setFont(font);
    return item;
}

} // namespace

WorkviewModel::WorkviewModel(QObject *parent) : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Person"), tr("Step or request"), tr("From"), tr("Received"),
                               tr("Due"), tr("Status"), tr("Deadline")});
}

QString WorkviewModel::categoryName(WorkviewCategory category)
{
    switch (category) {
    case WorkviewCategory::IncomingWork:
        return tr("Incoming work");
    case WorkviewCategory::CurrentWork:
        return tr("Current work");
    case WorkviewCategory::IncomingRequests:
        return tr("Incoming requests");
    case WorkviewCategory::SentRequests:
        return tr("Requests I sent");
    case WorkviewCategory::FutureWork:
        break;
    }
    return tr("Future work");
}

QString WorkviewModel::ownerHeading(const WorkviewOwner &owner)
{
    switch (owner.kind) {
    case WorkviewOwner::Kind::VirtualWorker:
        return tr("%1 (virtual worker)").arg(owner.name);
    case WorkviewOwner::Kind::Team:
        return tr("%1 (team)").arg(owner.name);
    case WorkviewOwner::Kind::Worker:
        break;
    }
    return tr("My work: %1").arg(owner.name);
}

QString WorkviewModel::statusText(const WorkviewItem &item)
{
    if (item.isRequest()) {
        QString text = item.isOutstandingRequest() ? tr("Outstanding") : item.status;
        if (item.required)
            text = tr("%1, required").arg(text);
        return text;
    }
    if (item.category == WorkviewCategory::FutureWork && item.scheduledFor.isValid())
        return tr("Scheduled for %1").arg(dateText(item.scheduledFor));
    if (item.status == QLatin1String("started"))
        return tr("Started");
    if (item.status == QLatin1String("incoming"))
        return tr("Incoming");
    return item.status;
}

QList<QStandardItem *> WorkviewModel::itemRow(const WorkviewItem &item) const
{
    QList<QStandardItem *> row{
        cell(item.personLabel(), item.personName.toLower()),
        cell(item.title(), item.title().toLower()),
        cell(fromText(item), fromText(item).toLower()),
        cell(timeText(item.received), item.received),
        cell(dateText(item.due), item.due),
        cell(statusText(item), statusText(item).toLower()),
        // No deadline: no sort key, so such lines sort last either way.
        cell(item.countdown,
             item.countdown.isEmpty() ? QVariant() : QVariant(item.workingDaysLeft)),
    };
    if (!item.countdown.isEmpty())
        row.last()->setToolTip(tr("Deadline %1: %2.\n%3")
                                   .arg(dateText(item.deadline), item.countdown,
                                        WorkingDaysCalendar::shared().sourceDescription()));
    QString due = item.due.isValid() ? tr("due %1").arg(dateText(item.due)) : QString();
    if (!item.countdown.isEmpty())
        due = due.isEmpty() ? item.countdown : due + QStringLiteral(" \u00b7 ") + item.countdown;
    const QString narrow = item.title() + QLatin1Char('\n') + item.personLabel() +
                           (due.isEmpty() ? QString() : QStringLiteral(" \u00b7 ") + due);
    QString tip = tr("%1\n%2\nFrom: %3\nReceived: %4")
                      .arg(item.title(), item.personLabel(), item.from, timeText(item.received));
    if (!item.virtualWorker.isEmpty())
        tip += QLatin1Char('\n') + tr("Virtual worker: %1").arg(item.virtualWorker);
    for (QStandardItem *column : row) {
        column->setData(ItemRow, KindRole);
        column->setData(item.stepId, StepIdRole);
        column->setData(item.requestId, RequestIdRole);
        column->setData(int(item.category), CategoryRole);
        column->setData(item.isOutstandingRequest(), OutstandingRole);
        column->setData(narrow, NarrowTextRole);
        if (column->toolTip().isEmpty())
            column->setToolTip(tip);
        if (item.isOutstandingRequest())
            // Red, as the guides show outstanding requests.
            column->setForeground(QBrush(QColor(QLatin1String(Style::ErrorText))));
    }
    if (item.isOutstandingRequest()) {
        QFont font = row.at(TitleColumn)->font();
        font.setBold(true);
        row.at(TitleColumn)->setFont(font);
    }
    return row;
}

void WorkviewModel::setSections(const QList<WorkviewSection> &sections)
{
    m_sections = sections;
    beginResetModel();
    blockSignals(true);
    removeRows(0, rowCount());
    int ownerOrder = 0;
    for (const WorkviewSection &section : sections) {
        QStandardItem *owner = heading(ownerHeading(section.owner), OwnerRow, ownerOrder++);
        owner->setBackground(QBrush(QColor(QLatin1String(Style::HeadingBackground))));
        int categoryOrder = 0;
        for (const WorkviewCategoryPage &page : section.categories) {
            // Only the newest page is loaded: say so when there is more.
            const QString count =
                page.items.size() < page.total
                    ? tr("%1, showing the newest %2").arg(page.total).arg(page.items.size())
                    : QString::number(page.total);
            QStandardItem *category = heading(tr("%1 (%2)").arg(categoryName(page.category), count),
                                              CategoryRow, categoryOrder++);
            category->setData(int(page.category), CategoryRole);
            category->setData(page.total, CountRole);
            for (const WorkviewItem &item : page.items)
                category->appendRow(itemRow(item));
            owner->appendRow(category);
        }
        appendRow(owner);
    }
    blockSignals(false);
    endResetModel();
}

} // namespace casedesk
