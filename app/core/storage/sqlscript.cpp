#include "sqlscript.h"

namespace casedesk {

QStringList splitSqlStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inSingleQuote = false;
    bool inLineComment = false;
    bool inDollarQuote = false;
    const int length = int(script.size());
    for (int i = 0; i < length; ++i) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < length ? script.at(i + 1) : QChar();
        if (inLineComment) {
            if (c == QLatin1Char('\n'))
                inLineComment = false;
            continue;
        }
        if (!inSingleQuote && !inDollarQuote && c == QLatin1Char('-') && next == QLatin1Char('-')) {
            inLineComment = true;
            continue;
        }
        if (!inSingleQuote && c == QLatin1Char('$') && next == QLatin1Char('$')) {
            inDollarQuote = !inDollarQuote;
            current += QStringLiteral("$$");
            ++i;
            continue;
        }
        if (!inDollarQuote && c == QLatin1Char('\''))
            inSingleQuote = !inSingleQuote;
        if (!inSingleQuote && !inDollarQuote && c == QLatin1Char(';')) {
            const QString statement = current.trimmed();
            if (!statement.isEmpty())
                statements << statement;
            current.clear();
            continue;
        }
        current += c;
    }
    const QString tail = current.trimmed();
    if (!tail.isEmpty())
        statements << tail;
    return statements;
}

} // namespace casedesk
