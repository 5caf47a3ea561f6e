#include "bankholidaystore.h"

#include <QSqlError>
#include <QSqlQuery>

namespace casedesk {

WorkingDaysCalendar::Published BankHolidayStore::read(QString *error) const
{
    WorkingDaysCalendar::Published published;
    QSqlQuery feed = m_db.exec(QStringLiteral("SELECT first_year, last_year, refreshed_at, "
                                              "source_url, etag FROM bank_holiday_feed"),
                               {}, error);
    if (!feed.next())
        return published;
    published.firstYear = feed.value(0).toInt();
    published.lastYear = feed.value(1).toInt();
    published.refreshedAt = feed.value(2).toDateTime();
    published.sourceUrl = feed.value(3).toString();
    published.etag = feed.value(4).toString();
    QSqlQuery days =
        m_db.exec(QStringLiteral("SELECT day, title FROM bank_holidays ORDER BY day"), {}, error);
    while (days.next())
        published.holidays << WorkingDaysCalendar::Holiday{
            days.value(0).toDate(), days.value(1).toString(), {}};
    return published;
}

Status BankHolidayStore::replace(const WorkingDaysCalendar::Published &published,
                                 const QDateTime &fetchedAt)
{
    const auto failed = [this] {
        return Status::failure(tr("The bank holidays could not be stored: %1")
                                   .arg(m_db.connection().lastError().text()));
    };
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return failed();
    QString error;
    m_db.exec(QStringLiteral("DELETE FROM bank_holidays"), {}, &error);
    m_db.exec(QStringLiteral("DELETE FROM bank_holiday_feed"), {}, &error);
    for (const WorkingDaysCalendar::Holiday &holiday : published.holidays) {
        if (!error.isEmpty())
            break;
        m_db.exec(QStringLiteral("INSERT INTO bank_holidays (day, title) VALUES (?, ?)"),
                  {holiday.date, holiday.name}, &error);
    }
    if (error.isEmpty())
        m_db.exec(QStringLiteral("INSERT INTO bank_holiday_feed (only_row, first_year, last_year, "
                                 "refreshed_at, source_url, etag) VALUES (?, ?, ?, ?, ?, ?)"),
                  {true, published.firstYear, published.lastYear, fetchedAt.toUTC(),
                   published.sourceUrl, published.etag},
                  &error);
    if (!error.isEmpty())
        return Status::failure(tr("The bank holidays could not be stored: %1").arg(error));
    if (!transaction.commit())
        return failed();
    return Status::ok();
}

Status BankHolidayStore::markUnchanged(const QDateTime &checkedAt)
{
    QString error;
    m_db.exec(QStringLiteral("UPDATE bank_holiday_feed SET refreshed_at = ?"), {checkedAt.toUTC()},
              &error);
    return error.isEmpty()
               ? Status::ok()
               : Status::failure(tr("The bank holidays could not be stored: %1").arg(error));
}

void BankHolidayStore::useStoredCalendar() const
{
    const WorkingDaysCalendar::Published published = read();
    if (!published.isEmpty())
        WorkingDaysCalendar::usePublished(published);
}

} // namespace casedesk
