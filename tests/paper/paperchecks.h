#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace casedesk::test {

// A PDF's text as poppler's pdftotext reads it, one string a page (in page order).
inline QStringList pdfPages(const QString &pdf, QString *error = nullptr)
{
    QProcess process;
    process.start(QStringLiteral("pdftotext"),
                  {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        if (error)
            *error = QString::fromUtf8(process.readAllStandardError()) + process.errorString();
        return {};
    }
    QStringList pages = QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\f'));
    if (!pages.isEmpty() && pages.last().trimmed().isEmpty())
        pages.removeLast();
    return pages;
}

// The page's first and last lines with any text.
inline QString firstLine(const QString &page)
{
    for (const QString &line : page.split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            return line.trimmed();
    return QString();
}

inline QString lastLine(const QString &page)
{
    const QStringList lines = page.split(QLatin1Char('\n'));
    for (auto it = lines.crbegin(); it != lines.crend(); ++it)
        if (!it->trimmed().isEmpty())
            return it->trimmed();
    return QString();
}

// Whole words of the page on one line each way: pdftotext's layout spreads a table's columns.
inline QString squeezed(const QString &text)
{
    return text.simplified();
}

} // namespace casedesk::test
