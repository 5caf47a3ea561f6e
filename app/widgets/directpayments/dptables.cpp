#include "dptables.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>

namespace casedesk::dpui {

QTableWidget *table(QWidget *parent, const QString &objectName, const QString &accessibleName,
                    const QStringList &header)
{
    auto *view = new QTableWidget(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setColumnCount(int(header.size()));
    view->setHorizontalHeaderLabels(header);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setTabKeyNavigation(false);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

void fill(QTableWidget *table, const QList<QStringList> &rows, const QList<qint64> &ids)
{
    table->setRowCount(0);
    table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        for (int column = 0; column < rows.at(row).size(); ++column) {
            auto *item = new QTableWidgetItem(rows.at(row).at(column));
            if (column == 0 && row < ids.size())
                item->setData(Qt::UserRole, ids.at(row));
            table->setItem(row, column, item);
        }
    }
    table->resizeColumnsToContents();
    for (int column = 0; column + 1 < table->columnCount(); ++column)
        table->setColumnWidth(column, qMin(table->columnWidth(column) + 12, 320));
}

int selectedRow(const QTableWidget *table)
{
    const QList<QTableWidgetItem *> items = table->selectedItems();
    return items.isEmpty() ? -1 : items.first()->row();
}

qint64 selectedId(const QTableWidget *table)
{
    const int row = selectedRow(table);
    const QTableWidgetItem *first = row >= 0 ? table->item(row, 0) : nullptr;
    return first ? first->data(Qt::UserRole).toLongLong() : 0;
}

void selectRow(QTableWidget *table, int row)
{
    if (row >= 0 && row < table->rowCount())
        table->selectRow(row);
    else
        table->clearSelection();
}

QPushButton *button(QWidget *parent, const QString &objectName, const QString &text,
                    const QString &tip, const QString &shortcut)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    QString accessible = text;
    button->setAccessibleName(accessible.remove(QLatin1Char('&')).remove(QChar(0x2026)));
    if (!shortcut.isEmpty()) {
        button->setShortcut(QKeySequence(shortcut));
        button->setToolTip(QStringLiteral("%1 (%2)").arg(
            tip, QKeySequence(shortcut).toString(QKeySequence::NativeText)));
    } else {
        button->setToolTip(tip);
    }
    return button;
}

QString heading(const QString &text)
{
    return QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped());
}

} // namespace casedesk::dpui
