#include "reporttableview.h"

#include "common/inlinemessage.h"
#include "csvexport.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace casedesk {

ReportTableView::ReportTableView(const QString &fileStem, QWidget *parent)
    : QWidget(parent), m_fileStem(fileStem), m_title(new QLabel(this)),
      m_view(new QTableWidget(this)), m_export(new QPushButton(tr("&Export CSV…"), this)),
      m_message(new InlineMessage(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextFormat(Qt::PlainText);
    m_view->setObjectName(fileStem + QStringLiteral("Table"));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Tab leaves the table (arrows move in it), so the keyboard is never trapped in a report.
    m_view->setTabKeyNavigation(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_export->setObjectName(fileStem + QStringLiteral("Export"));
    m_export->setAccessibleName(tr("Export as CSV"));
    m_export->setToolTip(tr("Save this table as a CSV file for a spreadsheet"));
    connect(m_export, &QPushButton::clicked, this, [this] { exportCsv(); });

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
}

void ReportTableView::setTable(const ReportTable &table)
{
    m_table = table;
    m_title->setText(table.title);
    m_view->setAccessibleName(table.title);
    m_export->setAccessibleName(tr("Export %1 as CSV").arg(table.title));
    m_view->clear();
    m_view->setColumnCount(int(table.header.size()));
    m_view->setHorizontalHeaderLabels(table.header);
    m_view->setRowCount(int(table.rows.size()));
    for (int row = 0; row < table.rows.size(); ++row) {
        const QStringList &cells = table.rows.at(row);
        for (int column = 0; column < cells.size(); ++column)
            m_view->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_view->resizeColumnsToContents();
    m_export->setEnabled(!table.header.isEmpty());
}

bool ReportTableView::exportCsv()
{
    QString path;
    QString error;
    if (!CsvExport::save(this, m_table, m_fileStem + QStringLiteral(".csv"), &path, &error)) {
        if (!error.isEmpty())
            m_message->showError(tr("The CSV file could not be saved: %1").arg(error));
        return false;
    }
    m_message->showMessage(InlineMessage::Kind::Success,
                           tr("Saved %n row(s) to %1.", nullptr, int(m_table.rows.size()))
                               .arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace casedesk
