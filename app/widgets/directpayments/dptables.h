#pragma once

#include <QStringList>

class QPushButton;
class QTableWidget;
class QWidget;

namespace casedesk {

// Small helpers the Direct Payments screens share for their read-only tables and buttons.
namespace dpui {

QTableWidget *table(QWidget *parent, const QString &objectName, const QString &accessibleName,
                    const QStringList &header);
// Replaces the rows; `ids` (one per row) are kept in Qt::UserRole of the first column.
void fill(QTableWidget *table, const QList<QStringList> &rows, const QList<qint64> &ids);
qint64 selectedId(const QTableWidget *table);
int selectedRow(const QTableWidget *table);
void selectRow(QTableWidget *table, int row);
// A button whose shortcut is shown in its tooltip.
QPushButton *button(QWidget *parent, const QString &objectName, const QString &text,
                    const QString &tip, const QString &shortcut = QString());
QString heading(const QString &text); // bold rich text for a section label

} // namespace dpui

} // namespace casedesk
