#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace casedesk {

// One meeting as a calendar sees it (an RFC 5545 VEVENT).
struct CalendarEvent
{
    QString uid;      // stable: the same meeting always has the same UID
    int sequence = 0; // higher on each change of time or place
    QDateTime start;  // any time spec: written in Europe/London
    QDateTime end;
    QDateTime stamp; // when this copy was made (DTSTAMP, UTC)
    QString summary;
    QString description;
    QString location;
    bool cancelled = false; // STATUS:CANCELLED (with METHOD:CANCEL)
};

// Writes iCalendar files (RFC 5545) that Outlook and Thunderbird open: a VCALENDAR with the
// Europe/London VTIMEZONE, times as local London times with TZID, text escaped, lines folded at
// 75 octets (never inside a UTF-8 character) and ended with CRLF.
class ICalendar
{
public:
    enum class Method
    {
        Publish, // the meeting as it is now (new or moved)
        Cancel,  // the meeting is removed
    };
    static QByteArray write(const QList<CalendarEvent> &events, Method method);

    // TEXT escaping (3.3.11): backslash, semicolon, comma and line breaks.
    static QString escapeText(const QString &text);
    // One content line, folded (3.1) and ended with CRLF.
    static QByteArray foldLine(const QString &line);
    static QString localTime(const QDateTime &time); // 20270414T100000 in Europe/London
    static QString utcTime(const QDateTime &time);   // 20270414T090000Z
};

} // namespace casedesk
