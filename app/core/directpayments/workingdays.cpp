#include "workingdays.h"

#include "definitions/definitionregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

namespace casedesk {

namespace {

QDate firstMonday(int year, int month)
{
    QDate date(year, month, 1);
    while (date.dayOfWeek() != Qt::Monday)
        date = date.addDays(1);
    return date;
}

QDate lastMonday(int year, int month)
{
    QDate date = QDate(year, month, 1).addMonths(1).addDays(-1);
    while (date.dayOfWeek() != Qt::Monday)
        date = date.addDays(-1);
    return date;
}

bool isWeekend(const QDate &date)
{
    return date.dayOfWeek() == Qt::Saturday || date.dayOfWeek() == Qt::Sunday;
}

} // namespace

QDate WorkingDaysCalendar::easterSunday(int year)
{
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return QDate(year, month, day);
}

QList<WorkingDaysCalendar::Holiday> WorkingDaysCalendar::bankHolidays(int year) const
{
    QList<Holiday> days;
    if (const std::shared_ptr<const Published> feed = published();
        feed && year >= feed->firstYear && year <= feed->lastYear) {
        for (const Holiday &holiday : feed->holidays) {
            if (holiday.date.year() == year)
                days << holiday;
        }
        return days;
    }
    const QString substitute = tr("%1 (substitute day)");

    QDate newYear(year, 1, 1);
    if (isWeekend(newYear)) {
        while (isWeekend(newYear))
            newYear = newYear.addDays(1);
        days << Holiday{newYear, substitute.arg(tr("New Year's Day")), {}};
    } else {
        days << Holiday{newYear, tr("New Year's Day"), {}};
    }
    const QDate easter = easterSunday(year);
    days << Holiday{easter.addDays(-2), tr("Good Friday"), {}};
    days << Holiday{easter.addDays(1), tr("Easter Monday"), {}};
    days << Holiday{firstMonday(year, 5), tr("Early May bank holiday"), {}};
    days << Holiday{lastMonday(year, 5), tr("Spring bank holiday"), {}};
    days << Holiday{lastMonday(year, 8), tr("Summer bank holiday"), {}};

    // Christmas Day and Boxing Day; one falling at a weekend moves to the next weekday that is
    // not already a holiday (Christmas on a Saturday: Monday 27th and Tuesday 28th).
    QSet<QDate> taken;
    for (const QPair<int, QString> &day :
         {qMakePair(25, tr("Christmas Day")), qMakePair(26, tr("Boxing Day"))}) {
        const QDate date(year, 12, day.first);
        if (!isWeekend(date)) {
            days << Holiday{date, day.second, {}};
            taken.insert(date);
        }
    }
    for (const QPair<int, QString> &day :
         {qMakePair(25, tr("Christmas Day")), qMakePair(26, tr("Boxing Day"))}) {
        QDate date(year, 12, day.first);
        if (!isWeekend(date))
            continue;
        while (isWeekend(date) || taken.contains(date))
            date = date.addDays(1);
        taken.insert(date);
        days << Holiday{date, substitute.arg(day.second), {}};
    }

    for (const Holiday &oneOff : m_oneOff) {
        if (oneOff.date.year() != year && oneOff.replaces.year() != year)
            continue;
        if (oneOff.replaces.isValid())
            days.removeIf([&](const Holiday &h) { return h.date == oneOff.replaces; });
        if (oneOff.date.year() == year)
            days << oneOff;
    }
    std::sort(days.begin(), days.end(),
              [](const Holiday &a, const Holiday &b) { return a.date < b.date; });
    return days;
}

QString WorkingDaysCalendar::bankHolidayName(const QDate &date) const
{
    if (!date.isValid())
        return QString();
    for (const Holiday &holiday : bankHolidays(date.year())) {
        if (holiday.date == date)
            return holiday.name;
    }
    return QString();
}

bool WorkingDaysCalendar::isWorkingDay(const QDate &date) const
{
    return date.isValid() && !isWeekend(date) && !isBankHoliday(date);
}

QString WorkingDaysCalendar::whyNotWorkingDay(const QDate &date) const
{
    if (!date.isValid())
        return tr("not a date");
    const QString holiday = bankHolidayName(date);
    if (!holiday.isEmpty())
        return holiday;
    if (date.dayOfWeek() == Qt::Saturday)
        return tr("a Saturday");
    if (date.dayOfWeek() == Qt::Sunday)
        return tr("a Sunday");
    return QString();
}

QDate WorkingDaysCalendar::addWorkingDays(const QDate &from, int days) const
{
    QDate date = from;
    const int step = days < 0 ? -1 : 1;
    for (int left = qAbs(days); left > 0;) {
        date = date.addDays(step);
        if (isWorkingDay(date))
            --left;
    }
    return date;
}

int WorkingDaysCalendar::workingDaysBetween(const QDate &from, const QDate &to) const
{
    if (!from.isValid() || !to.isValid())
        return 0;
    if (to < from)
        return -workingDaysBetween(to, from);
    int count = 0;
    for (QDate date = from.addDays(1); date <= to; date = date.addDays(1)) {
        if (isWorkingDay(date))
            ++count;
    }
    return count;
}

QString WorkingDaysCalendar::countdown(const QDate &today, const QDate &deadline) const
{
    if (!deadline.isValid())
        return QString();
    if (deadline == today)
        return tr("Due today");
    const int days = workingDaysBetween(today, deadline);
    if (deadline > today) {
        if (days == 0)
            return tr("Due by %1 (no working days left)")
                .arg(deadline.toString(QStringLiteral("dd/MM/yyyy")));
        return days == 1 ? tr("1 working day left") : tr("%1 working days left").arg(days);
    }
    // Overdue: the working days since the deadline, counting today if it is one.
    const int overdue = qMax(1, -days);
    return overdue == 1 ? tr("1 working day overdue") : tr("%1 working days overdue").arg(overdue);
}

void WorkingDaysCalendar::addOneOffDate(const Holiday &holiday)
{
    m_oneOff << holiday;
}

bool WorkingDaysCalendar::loadOneOffDates(const QString &path, QStringList *errors)
{
    QStringList found;
    const QString file = QFileInfo(path).fileName();
    auto problem = [&](const QString &where, const QString &what) {
        found << QStringLiteral("%1: %2: %3").arg(file, where, what);
    };
    QFile input(path);
    QList<Holiday> read;
    if (!input.open(QIODevice::ReadOnly)) {
        found << tr("%1: cannot be read: %2").arg(file, input.errorString());
    } else {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(input.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            found << tr("%1: not a JSON object: %2").arg(file, parseError.errorString());
        } else {
            const QJsonObject root = document.object();
            for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
                if (it.key() != QLatin1String("region") &&
                    it.key() != QLatin1String("description") &&
                    it.key() != QLatin1String("oneOffDates"))
                    problem(it.key(), tr("unknown key"));
            }
            if (!root.value(QLatin1String("oneOffDates")).isArray())
                problem(QStringLiteral("oneOffDates"), tr("missing, or not an array"));
            const QJsonArray items = root.value(QLatin1String("oneOffDates")).toArray();
            QSet<QDate> seen;
            for (qsizetype i = 0; i < items.size(); ++i) {
                const QString where = QStringLiteral("oneOffDates[%1]").arg(i);
                const QJsonObject item = items.at(i).toObject();
                if (!items.at(i).isObject()) {
                    problem(where, tr("expected an object"));
                    continue;
                }
                for (auto it = item.constBegin(); it != item.constEnd(); ++it) {
                    if (it.key() != QLatin1String("date") && it.key() != QLatin1String("name") &&
                        it.key() != QLatin1String("replaces"))
                        problem(where + QLatin1Char('.') + it.key(), tr("unknown key"));
                }
                Holiday holiday;
                holiday.date =
                    QDate::fromString(item.value(QLatin1String("date")).toString(), Qt::ISODate);
                holiday.name = item.value(QLatin1String("name")).toString();
                if (!holiday.date.isValid())
                    problem(where + QStringLiteral(".date"),
                            tr("missing, or not a YYYY-MM-DD date"));
                else if (seen.contains(holiday.date))
                    problem(where + QStringLiteral(".date"), tr("listed twice"));
                seen.insert(holiday.date);
                if (holiday.name.trimmed().isEmpty() || holiday.name.trimmed() != holiday.name)
                    problem(where + QStringLiteral(".name"),
                            tr("missing, empty or with stray spaces"));
                if (item.contains(QLatin1String("replaces"))) {
                    holiday.replaces = QDate::fromString(
                        item.value(QLatin1String("replaces")).toString(), Qt::ISODate);
                    const WorkingDaysCalendar rulesOnly;
                    if (!holiday.replaces.isValid())
                        problem(where + QStringLiteral(".replaces"), tr("not a YYYY-MM-DD date"));
                    else if (!rulesOnly.isBankHoliday(holiday.replaces))
                        problem(where + QStringLiteral(".replaces"),
                                tr("%1 is not a bank holiday by rule")
                                    .arg(holiday.replaces.toString(Qt::ISODate)));
                }
                read << holiday;
            }
        }
    }
    if (errors)
        *errors = found;
    if (!found.isEmpty())
        return false;
    m_oneOff << read;
    return true;
}

namespace {

// The app's calendar and what was wrong reading its one-off dates, read together once.
struct SharedCalendar
{
    WorkingDaysCalendar calendar;
    QStringList problems;
};

SharedCalendar &sharedCalendar()
{
    static SharedCalendar shared = [] {
        SharedCalendar loaded;
        const QString path = QDir(DefinitionRegistry::defaultDirectory())
                                 .filePath(QStringLiteral("bank-holidays.json"));
        loaded.calendar.loadOneOffDates(path, &loaded.problems);
        return loaded;
    }();
    return shared;
}

} // namespace

const WorkingDaysCalendar &WorkingDaysCalendar::shared()
{
    return sharedCalendar().calendar;
}

QStringList WorkingDaysCalendar::sharedProblems()
{
    return sharedCalendar().problems;
}

void WorkingDaysCalendar::usePublished(const Published &published)
{
    sharedCalendar().calendar.setPublished(published);
}

void WorkingDaysCalendar::setPublished(const Published &published)
{
    std::shared_ptr<const Published> next;
    if (!published.isEmpty())
        next = std::make_shared<const Published>(published);
    std::atomic_store(&m_published, next);
}

QString WorkingDaysCalendar::sourceDescription() const
{
    const std::shared_ptr<const Published> feed = published();
    if (!feed)
        return tr("Working days count Monday to Friday, without the bank holidays of England and "
                  "Wales worked out by CaseDesk's rules and forms/bank-holidays.json (not yet "
                  "refreshed from GOV.UK).");
    return tr("Working days count Monday to Friday, without the bank holidays of England and "
              "Wales published by GOV.UK for %1 to %2 (refreshed %3); other years by CaseDesk's "
              "rules.")
        .arg(feed->firstYear)
        .arg(feed->lastYear)
        .arg(feed->refreshedAt.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm")));
}

} // namespace casedesk
