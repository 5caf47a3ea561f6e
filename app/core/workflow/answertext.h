#pragma once

#include <QString>

namespace casedesk {

// A character no answer or imported field may hold: C0 controls other than tab and line breaks,
// and DEL.
inline bool isControlCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0x7f;
}

// What an answer may hold, the same on both backends: control characters (NUL above all, which
// PostgreSQL cannot store in text and SQLite would keep) are dropped; tabs and line breaks stay.
inline QString withoutControlCharacters(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (const QChar c : text) {
        if (!isControlCharacter(c))
            result.append(c);
    }
    return result;
}

} // namespace casedesk
