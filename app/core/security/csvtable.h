#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>

namespace casedesk {

// A CSV file as RFC 4180 describes it: comma-separated, fields optionally in double quotes
// (which may hold commas, line breaks and doubled "" quotes), CRLF or LF line ends, UTF-8 with
// or without a byte order mark. The first record is the header; column names are matched
// without regard to case, spaces or '-' ("Person Ref" is person_ref). Blank lines are skipped.
class CsvTable
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::CsvTable)

public:
    struct Row
    {
        int number = 0; // 1 for the first data row
        int line = 0;   // line of the file where it starts
        QStringList fields;
    };

    // Parses `text`. On a malformed file returns false with `error` naming the line.
    bool parse(const QString &text, QString *error);
    bool load(const QString &path, QString *error);

    // Checks the header: every `required` column present, no column outside required+optional,
    // none twice. On failure `error` says which.
    bool checkColumns(const QStringList &required, const QStringList &optional,
                      QString *error) const;

    const QStringList &columns() const { return m_columns; }
    const QList<Row> &rows() const { return m_rows; }
    // The trimmed value of `column` in `row` ("" when the column is absent).
    QString value(const Row &row, const QString &column) const;

    static QString normaliseColumn(const QString &name);
    // UTF-8 to text; false with `error` naming the first line with a byte that is not UTF-8, or
    // with a U+FFFD replacement character.
    static bool decodeUtf8(const QByteArray &bytes, QString *text, QString *error);

private:
    QStringList m_columns;
    QHash<QString, int> m_index;
    QList<Row> m_rows;
};

} // namespace casedesk
