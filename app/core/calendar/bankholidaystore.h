#pragma once

#include "directpayments/workingdays.h"
#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>

namespace casedesk {

// The published bank holidays in the database (bank_holidays, bank_holiday_feed; migration
// 025), so that every client counts working days by the same calendar. Written by
// casedesk-admin refresh-bank-holidays; read by every client as it signs in.
class BankHolidayStore
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::BankHolidayStore)

public:
    explicit BankHolidayStore(Database &db) : m_db(db) {}

    // The stored calendar; empty when none was ever fetched (or it cannot be read).
    WorkingDaysCalendar::Published read(QString *error = nullptr) const;
    // Replaces the stored calendar with `published`, fetched now, in one transaction.
    Status replace(const WorkingDaysCalendar::Published &published, const QDateTime &fetchedAt);
    // The feed was unchanged (304): the stored calendar is as fresh as `checkedAt`.
    Status markUnchanged(const QDateTime &checkedAt);
    // Reads the stored calendar and makes WorkingDaysCalendar::shared() use it (when there is
    // one); the rules and forms/bank-holidays.json stay otherwise.
    void useStoredCalendar() const;

private:
    Database &m_db;
};

} // namespace casedesk
