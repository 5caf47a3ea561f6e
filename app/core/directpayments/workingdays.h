#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace casedesk {

// Working days in England and Wales: Monday to Friday, except bank holidays. The usual bank
// holidays are computed by rule for any year:
//   New Year's Day (substitute: the next Monday), Good Friday and Easter Monday (Easter by the
//   Gregorian computus), the early May bank holiday (first Monday in May), the spring bank holiday
//   (last Monday in May), the summer bank holiday (last Monday in August), Christmas Day and
//   Boxing Day (substitutes: the next weekdays not already a holiday).
// One-off changes (a jubilee, a moved early May bank holiday) come from forms/bank-holidays.json:
//   {"region": "...", "description": "...",
//    "oneOffDates": [{"date": "2022-06-03", "name": "..."},
//                    {"date": "2022-06-02", "name": "Spring bank holiday", "replaces":
//                    "2022-05-30"}]}
class WorkingDaysCalendar
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::WorkingDaysCalendar)

public:
    struct Holiday
    {
        QDate date;
        QString name;
        QDate replaces; // one-off dates only: the rule date this one moves
    };

    // The bank holidays GOV.UK publishes (casedesk-admin refresh-bank-holidays stores them in
    // the database): for the years they cover they replace the rules and one-off dates.
    struct Published
    {
        QList<Holiday> holidays; // in date order
        int firstYear = 0;
        int lastYear = 0;
        QDateTime refreshedAt; // UTC: when the feed was last fetched (or found unchanged)
        QString sourceUrl;
        QString etag;

        bool isEmpty() const { return holidays.isEmpty(); }
    };

    // The rules alone, without one-off dates.
    WorkingDaysCalendar() = default;

    // Reads one-off dates from a definitions file; strict like the other definitions: on any
    // problem (each reported as "<file>: <path>: <what>") nothing is added and false is returned.
    bool loadOneOffDates(const QString &path, QStringList *errors);
    // Adds one extra (or, with `replaces`, moved) bank holiday.
    void addOneOffDate(const Holiday &holiday);

    // The calendar the app uses: the rules plus bank-holidays.json from the definitions directory
    // (DefinitionRegistry::defaultDirectory()); the rules alone if that file is broken.
    static const WorkingDaysCalendar &shared();
    // Every problem found reading bank-holidays.json for shared(), or none; programs check it
    // before they start, like DefinitionRegistry::sharedProblems().
    static QStringList sharedProblems();
    // Makes shared() use the published bank holidays (none: the rules and the file again).
    // Safe while other threads read the calendar.
    static void usePublished(const Published &published);
    void setPublished(const Published &published);
    // Which calendar the countdowns use, in words ("… published by GOV.UK, refreshed …").
    QString sourceDescription() const;

    static QDate easterSunday(int year);
    // Every bank holiday of a year, in date order.
    QList<Holiday> bankHolidays(int year) const;
    // The bank holiday's name ("Boxing Day (substitute day)"), or empty.
    QString bankHolidayName(const QDate &date) const;
    bool isBankHoliday(const QDate &date) const { return !bankHolidayName(date).isEmpty(); }
    bool isWorkingDay(const QDate &date) const;
    // Why a date is not a working day, in words ("Saturday", "Christmas Day"), or empty.
    QString whyNotWorkingDay(const QDate &date) const;

    // The working day `days` working days after `from` (before it, for negative days); 0 gives
    // `from` itself. addWorkingDays(Thursday before Easter, 1) is the Tuesday after Easter.
    QDate addWorkingDays(const QDate &from, int days) const;
    QDate nextWorkingDay(const QDate &date) const { return addWorkingDays(date, 1); }
    QDate previousWorkingDay(const QDate &date) const { return addWorkingDays(date, -1); }
    // Working days after `from` up to and including `to`; negative (the working days after `to`
    // up to and including `from`) when `to` is earlier. Friday to the next Monday is 1.
    int workingDaysBetween(const QDate &from, const QDate &to) const;
    // A countdown to a deadline in working days, as shown to users:
    // "3 working days left", "1 working day left", "Due today", "2 working days overdue".
    QString countdown(const QDate &today, const QDate &deadline) const;

private:
    std::shared_ptr<const Published> published() const { return std::atomic_load(&m_published); }

    QList<Holiday> m_oneOff;
    std::shared_ptr<const Published> m_published; // swapped atomically: read by every thread
};

} // namespace casedesk
