#include "csvexport.h"

#include <QDir>
#include <QFileDialog>
#include <QStandardPaths>
#include <optional>

namespace casedesk {

namespace {
std::optional<QString> nextFileName;
} // namespace

void CsvExport::setNextSaveFileName(const QString &path)
{
    nextFileName = path;
}

QString CsvExport::saveFileName(QWidget *parent, const QString &caption, const QString &suggested)
{
    if (nextFileName) {
        const QString path = *nextFileName;
        nextFileName.reset();
        return path;
    }
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, caption, QDir(folder).filePath(suggested),
                                        tr("CSV files (*.csv)"));
}

bool CsvExport::save(QWidget *parent, const ReportTable &table, const QString &suggested,
                     QString *savedTo, QString *error)
{
    const QString path = saveFileName(parent, tr("Export %1 as CSV").arg(table.title), suggested);
    if (path.isEmpty())
        return false;
    if (savedTo)
        *savedTo = path;
    return table.writeCsv(path, error);
}

} // namespace casedesk
