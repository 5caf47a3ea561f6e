#pragma once

#include "directpayments/reporttable.h"

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace casedesk {

// Saves a report as CSV where the worker chooses (a QFileDialog). Tests set the next file name,
// as MessageBox::setNextAnswer does for questions:
//
//     CsvExport::setNextSaveFileName(dir.filePath("agenda.csv"));
//     view.exportCsv(); // writes there without showing the dialog
class CsvExport
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::CsvExport)

public:
    // Asks where to save (empty: cancelled). `suggested` is a file name without a folder.
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggested);
    // Asks, then writes; on failure says why in `error`. False also when cancelled (no error).
    static bool save(QWidget *parent, const ReportTable &table, const QString &suggested,
                     QString *savedTo = nullptr, QString *error = nullptr);

    // For tests: the next saveFileName() returns `path` without showing anything (used once;
    // an empty path makes the next one act as if cancelled).
    static void setNextSaveFileName(const QString &path);
};

} // namespace casedesk
