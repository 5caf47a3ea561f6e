// The working-days calendar of England and Wales: bank holidays by rule (Easter by the computus,
// substitute days), one-off dates from forms/bank-holidays.json, and working-day arithmetic.
#include "directpayments/workingdays.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;

namespace {

QStringList describe(const QList<WorkingDaysCalendar::Holiday> &holidays)
{
    QStringList lines;
    for (const WorkingDaysCalendar::Holiday &holiday : holidays)
        lines << holiday.date.toString(Qt::ISODate) + QStringLiteral(" ") + holiday.name;
    return lines;
}

} // namespace

class TestWorkingDays : public QObject
{
    Q_OBJECT

private slots:
    void easterByTheComputus_data()
    {
        QTest::addColumn<int>("year");
        QTest::addColumn<QDate>("easter");
        QTest::newRow("1818 (earliest possible)") << 1818 << QDate(1818, 3, 22);
        QTest::newRow("2011") << 2011 << QDate(2011, 4, 24);
        QTest::newRow("2024") << 2024 << QDate(2024, 3, 31);
        QTest::newRow("2025") << 2025 << QDate(2025, 4, 20);
        QTest::newRow("2026") << 2026 << QDate(2026, 4, 5);
        QTest::newRow("2027") << 2027 << QDate(2027, 3, 28);
        QTest::newRow("2028") << 2028 << QDate(2028, 4, 16);
        QTest::newRow("2038 (latest possible)") << 2038 << QDate(2038, 4, 25);
        QTest::newRow("2285") << 2285 << QDate(2285, 3, 22);
    }

    void easterByTheComputus()
    {
        QFETCH(int, year);
        QFETCH(QDate, easter);
        QCOMPARE(WorkingDaysCalendar::easterSunday(year), easter);
        QCOMPARE(WorkingDaysCalendar::easterSunday(year).dayOfWeek(), int(Qt::Sunday));
    }

    void bankHolidaysOf2026()
    {
        // Christmas Day on a Friday: Boxing Day (a Saturday) moves to Monday 28th.
        QCOMPARE(describe(WorkingDaysCalendar().bankHolidays(2026)),
                 (QStringList{QStringLiteral("2026-01-01 New Year's Day"),
                              QStringLiteral("2026-04-03 Good Friday"),
                              QStringLiteral("2026-04-06 Easter Monday"),
                              QStringLiteral("2026-05-04 Early May bank holiday"),
                              QStringLiteral("2026-05-25 Spring bank holiday"),
                              QStringLiteral("2026-08-31 Summer bank holiday"),
                              QStringLiteral("2026-12-25 Christmas Day"),
                              QStringLiteral("2026-12-28 Boxing Day (substitute day)")}));
    }

    void bankHolidaysOf2027()
    {
        // Christmas Day on a Saturday: Monday 27th and Tuesday 28th.
        QCOMPARE(describe(WorkingDaysCalendar().bankHolidays(2027)),
                 (QStringList{QStringLiteral("2027-01-01 New Year's Day"),
                              QStringLiteral("2027-03-26 Good Friday"),
                              QStringLiteral("2027-03-29 Easter Monday"),
                              QStringLiteral("2027-05-03 Early May bank holiday"),
                              QStringLiteral("2027-05-31 Spring bank holiday"),
                              QStringLiteral("2027-08-30 Summer bank holiday"),
                              QStringLiteral("2027-12-27 Christmas Day (substitute day)"),
                              QStringLiteral("2027-12-28 Boxing Day (substitute day)")}));
    }

    void substituteDays()
    {
        const WorkingDaysCalendar calendar;
        // New Year's Day on a Saturday (2028) and on a Sunday (2023): the Monday after.
        QCOMPARE(calendar.bankHolidayName(QDate(2028, 1, 3)),
                 QStringLiteral("New Year's Day (substitute day)"));
        QVERIFY(!calendar.isBankHoliday(QDate(2028, 1, 1)));
        QCOMPARE(calendar.bankHolidayName(QDate(2023, 1, 2)),
                 QStringLiteral("New Year's Day (substitute day)"));
        // Christmas Day on a Sunday (2022): Boxing Day Monday, Christmas substitute Tuesday.
        QCOMPARE(calendar.bankHolidayName(QDate(2022, 12, 26)), QStringLiteral("Boxing Day"));
        QCOMPARE(calendar.bankHolidayName(QDate(2022, 12, 27)),
                 QStringLiteral("Christmas Day (substitute day)"));
        // Christmas Day on a Thursday (2025): no substitutes.
        QCOMPARE(calendar.bankHolidayName(QDate(2025, 12, 26)), QStringLiteral("Boxing Day"));
        QVERIFY(calendar.isWorkingDay(QDate(2025, 12, 29)));
    }

    void arithmeticAcrossEaster2027()
    {
        const WorkingDaysCalendar calendar;
        // Maundy Thursday + 1 working day: Good Friday, the weekend and Easter Monday skipped.
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 25), 1), QDate(2027, 3, 30));
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 30), -1), QDate(2027, 3, 25));
        QCOMPARE(calendar.nextWorkingDay(QDate(2027, 3, 26)), QDate(2027, 3, 30));
        QCOMPARE(calendar.previousWorkingDay(QDate(2027, 3, 29)), QDate(2027, 3, 25));
        QCOMPARE(calendar.workingDaysBetween(QDate(2027, 3, 25), QDate(2027, 3, 30)), 1);
        QCOMPARE(calendar.workingDaysBetween(QDate(2027, 3, 24), QDate(2027, 4, 1)), 4);
        QCOMPARE(calendar.workingDaysBetween(QDate(2027, 4, 1), QDate(2027, 3, 24)), -4);
        QVERIFY(!calendar.isWorkingDay(QDate(2027, 3, 26)));
        QCOMPARE(calendar.whyNotWorkingDay(QDate(2027, 3, 26)), QStringLiteral("Good Friday"));
        QCOMPARE(calendar.whyNotWorkingDay(QDate(2027, 3, 29)), QStringLiteral("Easter Monday"));
    }

    void arithmeticAcrossChristmas2026()
    {
        const WorkingDaysCalendar calendar;
        // Thu 24 Dec 2026 + 1: Christmas Day (Fri), the weekend and the Boxing Day substitute
        // (Mon 28) skipped.
        QCOMPARE(calendar.addWorkingDays(QDate(2026, 12, 24), 1), QDate(2026, 12, 29));
        QCOMPARE(calendar.addWorkingDays(QDate(2026, 12, 23), 3), QDate(2026, 12, 30));
        // ... and New Year's Day 2027 (Fri) before Monday 4 January.
        QCOMPARE(calendar.workingDaysBetween(QDate(2026, 12, 24), QDate(2027, 1, 4)), 4);
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 1, 4), -4), QDate(2026, 12, 24));
        // Christmas 2027: Fri 24 + 1 is Wed 29 (27 and 28 are substitute days).
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 12, 24), 1), QDate(2027, 12, 29));
    }

    void arithmeticAcrossAWeekend()
    {
        const WorkingDaysCalendar calendar;
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 5), 1), QDate(2027, 3, 8));
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 6), 1), QDate(2027, 3, 8));
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 8), -1), QDate(2027, 3, 5));
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 6), 0), QDate(2027, 3, 6));
        QCOMPARE(calendar.addWorkingDays(QDate(2027, 3, 1), 10), QDate(2027, 3, 15));
        QCOMPARE(calendar.workingDaysBetween(QDate(2027, 3, 5), QDate(2027, 3, 8)), 1);
        QCOMPARE(calendar.workingDaysBetween(QDate(2027, 3, 6), QDate(2027, 3, 7)), 0);
        QCOMPARE(calendar.whyNotWorkingDay(QDate(2027, 3, 6)), QStringLiteral("a Saturday"));
        QCOMPARE(calendar.whyNotWorkingDay(QDate(2027, 3, 7)), QStringLiteral("a Sunday"));
        QCOMPARE(calendar.whyNotWorkingDay(QDate(2027, 3, 8)), QString());
    }

    void countdown()
    {
        const WorkingDaysCalendar calendar;
        QCOMPARE(calendar.countdown(QDate(2027, 3, 24), QDate(2027, 3, 30)),
                 QStringLiteral("2 working days left"));
        QCOMPARE(calendar.countdown(QDate(2027, 3, 25), QDate(2027, 3, 30)),
                 QStringLiteral("1 working day left"));
        QCOMPARE(calendar.countdown(QDate(2027, 3, 30), QDate(2027, 3, 30)),
                 QStringLiteral("Due today"));
        QCOMPARE(calendar.countdown(QDate(2027, 3, 30), QDate(2027, 3, 25)),
                 QStringLiteral("1 working day overdue"));
        QCOMPARE(calendar.countdown(QDate(2027, 3, 31), QDate(2027, 3, 24)),
                 QStringLiteral("3 working days overdue"));
        QCOMPARE(calendar.countdown(QDate(2027, 3, 6), QDate(2027, 3, 7)),
                 QStringLiteral("Due by 07/03/2027 (no working days left)"));
    }

    void oneOffDatesFromADefinitionsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bank-holidays.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"json({"region": "England and Wales", "description": "Test.",
                       "oneOffDates": [
                         {"date": "2030-06-07", "name": "Extra bank holiday"},
                         {"date": "2030-05-10", "name": "Early May bank holiday (moved)",
                          "replaces": "2030-05-06"}]})json");
        file.close();
        WorkingDaysCalendar calendar;
        QVERIFY(calendar.isWorkingDay(QDate(2030, 6, 7)));
        QStringList errors;
        QVERIFY2(calendar.loadOneOffDates(path, &errors), qPrintable(errors.join(u'\n')));
        QCOMPARE(calendar.bankHolidayName(QDate(2030, 6, 7)), QStringLiteral("Extra bank holiday"));
        QVERIFY(!calendar.isWorkingDay(QDate(2030, 6, 7)));
        QVERIFY(calendar.isWorkingDay(QDate(2030, 5, 6))); // moved away
        QCOMPARE(calendar.bankHolidayName(QDate(2030, 5, 10)),
                 QStringLiteral("Early May bank holiday (moved)"));
        QCOMPARE(calendar.addWorkingDays(QDate(2030, 6, 6), 1), QDate(2030, 6, 10));
    }

    void brokenOneOffFilesAreRefusedWithEveryProblem()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bank-holidays.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"json({"region": "England and Wales", "colour": "red",
                       "oneOffDates": [
                         {"date": "2030-13-01", "name": "Bad"},
                         {"date": "2030-06-07", "name": " Spaced", "when": "x"},
                         {"date": "2030-06-07", "name": "Twice", "replaces": "2030-06-05"}]})json");
        file.close();
        WorkingDaysCalendar calendar;
        QStringList errors;
        QVERIFY(!calendar.loadOneOffDates(path, &errors));
        QCOMPARE(errors,
                 (QStringList{
                     QStringLiteral("bank-holidays.json: colour: unknown key"),
                     QStringLiteral("bank-holidays.json: oneOffDates[0].date: missing, or not a "
                                    "YYYY-MM-DD date"),
                     QStringLiteral("bank-holidays.json: oneOffDates[1].when: unknown key"),
                     QStringLiteral("bank-holidays.json: oneOffDates[1].name: missing, empty or "
                                    "with stray spaces"),
                     QStringLiteral("bank-holidays.json: oneOffDates[2].date: listed twice"),
                     QStringLiteral("bank-holidays.json: oneOffDates[2].replaces: 2030-06-05 is "
                                    "not a bank holiday by rule")}));
        QVERIFY(calendar.isWorkingDay(QDate(2030, 6, 7))); // nothing was loaded
    }

    void theShippedCalendar()
    {
        const WorkingDaysCalendar &calendar = WorkingDaysCalendar::shared();
        QCOMPARE(calendar.bankHolidayName(QDate(2023, 5, 8)),
                 QStringLiteral("Bank holiday for the coronation of King Charles III"));
        // 2022: the spring bank holiday moved to 2 June for the Platinum Jubilee.
        QVERIFY(calendar.isWorkingDay(QDate(2022, 5, 30)));
        QCOMPARE(calendar.bankHolidayName(QDate(2022, 6, 2)),
                 QStringLiteral("Spring bank holiday"));
        QCOMPARE(calendar.bankHolidayName(QDate(2022, 6, 3)),
                 QStringLiteral("Platinum Jubilee bank holiday"));
        QCOMPARE(calendar.addWorkingDays(QDate(2022, 6, 1), 1), QDate(2022, 6, 6));
        // Years without one-off dates follow the rules.
        QCOMPARE(describe(calendar.bankHolidays(2027)),
                 describe(WorkingDaysCalendar().bankHolidays(2027)));
    }
};

QTEST_GUILESS_MAIN(TestWorkingDays)
#include "tst_workingdays.moc"
