#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

// A report as rows of text, ready for a table view and for CSV export.
struct ReportTable
{
    QString title;
    QStringList header;
    QList<QStringList> rows;

    // RFC 4180 CSV with CRLF line ends: a field with a comma, quote or line break is quoted, its
    // quotes doubled; a field that a spreadsheet would run as a formula (=, +, -, @ first, and not
    // a plain number) is prefixed with an apostrophe.
    QString toCsv() const;
    static QString csvField(const QString &value);
    // Writes toCsv() as UTF-8 with a byte order mark (so spreadsheets read "–" correctly).
    bool writeCsv(const QString &path, QString *error = nullptr) const;
};

} // namespace casedesk
