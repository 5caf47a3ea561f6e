#pragma once

#include <QString>

namespace casedesk {

// What an answer may hold, the same on both backends: control characters (NUL above all, which
// PostgreSQL cannot store in text and SQLite would keep) are dropped; tabs and line breaks stay.
inline QString withoutControlCharacters(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = (u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0x7f;
        if (!control)
            result.append(c);
    }
    return result;
}

} // namespace casedesk
