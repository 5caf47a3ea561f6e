#include "icalendar.h"

#include <QTimeZone>

namespace casedesk {

namespace {

// Europe/London since 1996 (EU summer time rules): BST from the last Sunday of March at 01:00
// UTC, GMT from the last Sunday of October at 01:00 UTC (02:00 BST).
const char *const LondonTimeZone = "BEGIN:VTIMEZONE\r\n"
                                   "TZID:Europe/London\r\n"
                                   "BEGIN:DAYLIGHT\r\n"
                                   "TZOFFSETFROM:+0000\r\n"
                                   "TZOFFSETTO:+0100\r\n"
                                   "TZNAME:BST\r\n"
                                   "DTSTART:19700329T010000\r\n"
                                   "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                                   "END:DAYLIGHT\r\n"
                                   "BEGIN:STANDARD\r\n"
                                   "TZOFFSETFROM:+0100\r\n"
                                   "TZOFFSETTO:+0000\r\n"
                                   "TZNAME:GMT\r\n"
                                   "DTSTART:19701025T020000\r\n"
                                   "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
                                   "END:STANDARD\r\n"
                                   "END:VTIMEZONE\r\n";

} // namespace

QString ICalendar::escapeText(const QString &text)
{
    QString result;
    result.reserve(text.size());
    QString normalised = text;
    normalised.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    for (const QChar c : normalised) {
        switch (c.unicode()) {
        case u'\\':
            result += QStringLiteral("\\\\");
            break;
        case u';':
            result += QStringLiteral("\\;");
            break;
        case u',':
            result += QStringLiteral("\\,");
            break;
        case u'\n':
            result += QStringLiteral("\\n");
            break;
        default:
            result += c;
        }
    }
    return result;
}

QByteArray ICalendar::foldLine(const QString &line)
{
    const QByteArray utf8 = line.toUtf8();
    QByteArray result;
    qsizetype start = 0;
    qsizetype limit = 75; // the first line; each continuation starts with a space
    while (utf8.size() - start > limit) {
        qsizetype cut = start + limit;
        // Never split a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
        while (cut > start && (static_cast<unsigned char>(utf8.at(cut)) & 0xC0) == 0x80)
            --cut;
        result += utf8.mid(start, cut - start);
        result += "\r\n ";
        start = cut;
        limit = 74;
    }
    result += utf8.mid(start);
    result += "\r\n";
    return result;
}

QString ICalendar::localTime(const QDateTime &time)
{
    return time.toTimeZone(QTimeZone("Europe/London"))
        .toString(QStringLiteral("yyyyMMdd'T'HHmmss"));
}

QString ICalendar::utcTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

QByteArray ICalendar::write(const QList<CalendarEvent> &events, Method method)
{
    QByteArray out;
    const auto line = [&out](const QString &text) { out += foldLine(text); };
    line(QStringLiteral("BEGIN:VCALENDAR"));
    line(QStringLiteral("VERSION:2.0"));
    line(QStringLiteral("PRODID:-//CaseDesk//Meeting invitations//EN"));
    line(QStringLiteral("CALSCALE:GREGORIAN"));
    line(method == Method::Cancel ? QStringLiteral("METHOD:CANCEL")
                                  : QStringLiteral("METHOD:PUBLISH"));
    out += LondonTimeZone;
    for (const CalendarEvent &event : events) {
        line(QStringLiteral("BEGIN:VEVENT"));
        line(QStringLiteral("UID:") + event.uid);
        line(QStringLiteral("SEQUENCE:%1").arg(event.sequence));
        line(QStringLiteral("DTSTAMP:") + utcTime(event.stamp));
        line(QStringLiteral("DTSTART;TZID=Europe/London:") + localTime(event.start));
        line(QStringLiteral("DTEND;TZID=Europe/London:") + localTime(event.end));
        line(QStringLiteral("SUMMARY:") + escapeText(event.summary));
        if (!event.location.isEmpty())
            line(QStringLiteral("LOCATION:") + escapeText(event.location));
        if (!event.description.isEmpty())
            line(QStringLiteral("DESCRIPTION:") + escapeText(event.description));
        line(QStringLiteral("CLASS:CONFIDENTIAL"));
        line(event.cancelled ? QStringLiteral("STATUS:CANCELLED")
                             : QStringLiteral("STATUS:CONFIRMED"));
        line(QStringLiteral("TRANSP:OPAQUE"));
        line(QStringLiteral("END:VEVENT"));
    }
    line(QStringLiteral("END:VCALENDAR"));
    return out;
}

} // namespace casedesk
