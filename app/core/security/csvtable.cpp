#include "csvtable.h"

#include <QFile>
#include <QSet>
#include <QStringDecoder>

namespace casedesk {

QString CsvTable::normaliseColumn(const QString &name)
{
    QString result = name.trimmed().toLower();
    result.replace(QLatin1Char(' '), QLatin1Char('_'));
    result.replace(QLatin1Char('-'), QLatin1Char('_'));
    return result;
}

bool CsvTable::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    QString text;
    if (!decodeUtf8(bytes, &text, error)) {
        *error = tr("%1: %2").arg(path, *error);
        return false;
    }
    return parse(text, error);
}

bool CsvTable::decodeUtf8(const QByteArray &bytes, QString *text, QString *error)
{
    // Decoded line by line so the message can name the first line that is not UTF-8 (a
    // Latin-1 "Zoë" is the byte 0xEB), rather than importing it as U+FFFD.
    int line = 1;
    qsizetype start = 0;
    QString decoded;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        end = end < 0 ? bytes.size() : end + 1;
        const QByteArrayView lineBytes(bytes.constData() + start, end - start);
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
        const QString lineText = decoder.decode(lineBytes);
        // The round trip catches a sequence cut short at the end of the file, which the decoder
        // keeps waiting for rather than reporting.
        if (decoder.hasError() || lineText.toUtf8() != lineBytes) {
            *error = tr("the file is not UTF-8 text: line %1 has a byte that is not UTF-8 (an "
                        "accented letter or a symbol saved in another encoding). Save it from the "
                        "spreadsheet as \"CSV UTF-8\" and import it again.")
                         .arg(line);
            return false;
        }
        // A U+FFFD that is itself valid UTF-8 is what an earlier conversion left where it lost
        // a character: the name it was part of is already wrong.
        if (lineText.contains(QChar::ReplacementCharacter)) {
            *error = tr("line %1 has the replacement character U+FFFD (\uFFFD), left where an "
                        "earlier conversion lost a letter. Correct that line from the original "
                        "data, save the file as \"CSV UTF-8\" and import it again.")
                         .arg(line);
            return false;
        }
        decoded += lineText;
        start = end;
        ++line;
    }
    *text = decoded;
    return true;
}

bool CsvTable::parse(const QString &input, QString *error)
{
    m_columns.clear();
    m_index.clear();
    m_rows.clear();
    QString text = input;
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);

    QList<Row> records;
    Row current;
    QString field;
    bool inQuotes = false;
    bool quotedField = false; // the field started with a quote and it has closed
    bool recordHasContent = false;
    int line = 1;
    int quoteLine = 1;
    current.line = 1;
    auto endField = [&] {
        current.fields << field;
        field.clear();
        quotedField = false;
    };
    auto endRecord = [&] {
        endField();
        if (recordHasContent || current.fields.size() > 1 || !current.fields.first().isEmpty())
            records << current;
        current = Row();
        recordHasContent = false;
    };
    const qsizetype length = text.size();
    for (qsizetype i = 0; i < length; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < length && text.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    inQuotes = false;
                    quotedField = true;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"')) {
            if (!field.isEmpty() || quotedField) {
                *error = tr("line %1: a quote (\") inside a field that is not in quotes; put the "
                            "whole field in quotes and double the quote.")
                             .arg(line);
                return false;
            }
            inQuotes = true;
            quoteLine = line;
            recordHasContent = true;
        } else if (c == QLatin1Char(',')) {
            endField();
            recordHasContent = true;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < length && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            current.line = line;
        } else {
            if (quotedField) {
                *error = tr("line %1: text after the closing quote of a field.").arg(line);
                return false;
            }
            field += c;
            recordHasContent = true;
        }
    }
    if (inQuotes) {
        *error = tr("line %1: a quoted field is never closed (a \" is missing).").arg(quoteLine);
        return false;
    }
    if (recordHasContent || !field.isEmpty())
        endRecord();

    if (records.isEmpty()) {
        *error = tr("the file is empty; it needs a header line naming the columns.");
        return false;
    }
    for (const QString &name : records.first().fields)
        m_columns << normaliseColumn(name);
    QSet<QString> seen;
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).isEmpty()) {
            *error = tr("line 1: column %1 of the header has no name.").arg(i + 1);
            return false;
        }
        if (seen.contains(m_columns.at(i))) {
            *error = tr("line 1: the column %1 appears twice.").arg(m_columns.at(i));
            return false;
        }
        seen.insert(m_columns.at(i));
        m_index.insert(m_columns.at(i), i);
    }
    for (int i = 1; i < records.size(); ++i) {
        Row row = records.at(i);
        if (row.fields.size() != m_columns.size()) {
            *error = tr("line %1: %2 fields, but the header names %3 columns.")
                         .arg(row.line)
                         .arg(row.fields.size())
                         .arg(m_columns.size());
            return false;
        }
        row.number = i;
        m_rows << row;
    }
    return true;
}

bool CsvTable::checkColumns(const QStringList &required, const QStringList &optional,
                            QString *error) const
{
    QStringList missing;
    for (const QString &column : required) {
        if (!m_index.contains(column))
            missing << column;
    }
    if (!missing.isEmpty()) {
        *error = tr("line 1: the header lacks the required column(s) %1.")
                     .arg(missing.join(QStringLiteral(", ")));
        return false;
    }
    QStringList unknown;
    for (const QString &column : m_columns) {
        if (!required.contains(column) && !optional.contains(column))
            unknown << column;
    }
    if (!unknown.isEmpty()) {
        *error = tr("line 1: unknown column(s) %1; the columns are %2.")
                     .arg(unknown.join(QStringLiteral(", ")),
                          QStringList(required + optional).join(QStringLiteral(", ")));
        return false;
    }
    return true;
}

QString CsvTable::value(const Row &row, const QString &column) const
{
    const int index = m_index.value(column, -1);
    const QString text =
        index < 0 || index >= row.fields.size() ? QString() : row.fields.at(index).trimmed();
    return text.isNull() ? QStringLiteral("") : text; // never bound as NULL
}

} // namespace casedesk
