#pragma once

#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <functional>

namespace casedesk {

class CsvTable;

// What an import did with each row of a CSV file.
struct ImportReport
{
    struct Rejection
    {
        int row = 0;  // data row, 1 for the first after the header
        int line = 0; // line of the file
        QString reason;
    };

    QString file;
    int rows = 0;     // data rows in the file
    int accepted = 0; // rows that passed every check
    int imported = 0; // rows written (0 unless committed)
    bool committed = false;
    QList<Rejection> rejected;

    // The row-by-row report, as casedesk-admin prints it.
    QStringList lines() const;
};

// Bulk imports into the shared database, for the IT department (casedesk-admin import-*).
// Every row is checked before anything is written; the file's rows are then written in one
// transaction. A malformed file (CSV syntax, unknown or missing columns) changes nothing. By
// default neither does a file with any rejected row (AllOrNothing): fix the rows and import the
// file again. SkipRejected writes the rows that passed and reports the others; DryRun only checks.
// The server's audit triggers record every row written, and the import adds one summary entry.
class Importer
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Importer)

public:
    enum class Mode
    {
        AllOrNothing,
        SkipRejected,
        DryRun
    };

    explicit Importer(Database &db);

    // person_ref, given_name, family_name; optional: date_of_birth (YYYY-MM-DD), gender,
    // address, restricted (yes/no), allocated_worker (a user name), team (a team's name; default:
    // the allocated worker's team).
    Status importChildren(const QString &path, Mode mode, ImportReport *report);
    // person_ref, related_person_ref, relationship; optional: parental_responsibility (yes/no),
    // and, to add a person not yet on the system (a parent, a carer): related_given_name,
    // related_family_name, related_date_of_birth, related_address.
    Status importRelationships(const QString &path, Mode mode, ImportReport *report);
    // Existing Direct Payments, never reviewed at panel (Workflow B step 5): person_ref,
    // start_date; optional: payment_for_ref (the person the payment is made to: the child or
    // someone related to them), weekly_amount, hours_per_week, next_review_date, notes. Each row
    // opens a Direct Payments episode with its Start Direct Payments event; the panel
    // administrator then schedules the first review.
    Status importDirectPayments(const QString &path, Mode mode, ImportReport *report);

    // Parses yes/no, y/n, true/false, 1/0 (any case; "" is no). False with `ok` unset on others.
    static bool parseYesNo(const QString &text, bool *ok);

private:
    using Write = std::function<bool(QString *error)>;
    Status open(const QString &path, const QStringList &required, const QStringList &optional,
                CsvTable *table, ImportReport *report) const;
    Status finish(const QString &what, Mode mode, const QList<Write> &writes, ImportReport *report);
    qint64 personId(const QString &ref) const;

    Database &m_db;
};

} // namespace casedesk
