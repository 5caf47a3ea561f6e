#pragma once

#include "directpayments/reporttable.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace casedesk {

class InlineMessage;

// A report as a table with an "Export CSV" button (the report's rows, as the core made them).
class ReportTableView : public QWidget
{
    Q_OBJECT

public:
    // `fileStem`: the suggested file name without ".csv".
    explicit ReportTableView(const QString &fileStem, QWidget *parent = nullptr);

    void setTable(const ReportTable &table);
    const ReportTable &table() const { return m_table; }
    QTableWidget *tableWidget() const { return m_view; }
    QPushButton *exportButton() const { return m_export; }
    InlineMessage *message() const { return m_message; }

    // Asks where to save (CsvExport) and writes the CSV; says on screen what happened.
    bool exportCsv();

private:
    ReportTable m_table;
    QString m_fileStem;
    QLabel *m_title;
    QTableWidget *m_view;
    QPushButton *m_export;
    InlineMessage *m_message;
};

} // namespace casedesk
