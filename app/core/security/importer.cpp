#include "importer.h"
#include "csvtable.h"
#include "domain/sensibledates.h"
#include "workflow/answertext.h"

#include <QDate>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <memory>

namespace casedesk {

namespace {

// The names Workflow B uses for a Direct Payments episode and the event that opens it.
const QString DirectPaymentsEpisode = QStringLiteral("Direct Payments");
const QString StartDirectPaymentsEvent = QStringLiteral("Start Direct Payments");

QVariant nullable(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant nullableDate(const QDate &date)
{
    return date.isValid() ? QVariant(date) : QVariant(QMetaType(QMetaType::QDate));
}

// A date as YYYY-MM-DD; `text` empty gives an invalid date and no problem.
QDate parseDate(const QString &text, const QString &column, QStringList *problems)
{
    if (text.isEmpty())
        return QDate();
    static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!iso.match(text).hasMatch() || !date.isValid())
        *problems << Importer::tr("%1 \"%2\" is not a date as YYYY-MM-DD").arg(column, text);
    else if (!SensibleDates::contains(date))
        *problems << Importer::tr("%1 %2 is not %3; check the year")
                         .arg(column, text, SensibleDates::isoRangeText());
    return date;
}

// A date of birth: a date as parseDate reads it, and not after today.
QDate parseBirthDate(const QString &text, const QString &column, QStringList *problems)
{
    const QDate born = parseDate(text, column, problems);
    if (born.isValid() && born > QDate::currentDate() && SensibleDates::contains(born))
        *problems << Importer::tr("%1 %2 is in the future").arg(column, text);
    return born;
}

// Control characters (NUL above all: PostgreSQL cannot store it in text, SQLite would keep it)
// are refused in every column, as form answers drop them; the first in each column is reported
// with its position, so the rejection reads the same in a dry run and a real import.
bool rejectedForControlCharacters(const CsvTable &table, const CsvTable::Row &row,
                                  ImportReport *report)
{
    QStringList problems;
    for (int i = 0; i < row.fields.size() && i < table.columns().size(); ++i) {
        const QString &field = row.fields.at(i);
        for (qsizetype at = 0; at < field.size(); ++at) {
            if (!isControlCharacter(field.at(at)))
                continue;
            problems << Importer::tr("%1 has a control character (U+%2) at character %3; "
                                     "remove it")
                            .arg(table.columns().at(i), QString::number(field.at(at).unicode(), 16)
                                                            .toUpper()
                                                            .rightJustified(4, QLatin1Char('0')))
                            .arg(at + 1);
            break;
        }
    }
    // Rejected before any look-up: the server refuses a NUL even in a query's parameters.
    if (problems.isEmpty())
        return false;
    report->rejected << ImportReport::Rejection{row.number, row.line,
                                                problems.join(QStringLiteral("; "))};
    return true;
}

// A sum of money or a number of hours: digits with an optional decimal part (and £ for money).
bool parseAmount(const QString &text, const QString &column, QStringList *problems,
                 QString *normalised)
{
    if (text.isEmpty())
        return true;
    QString value = text;
    if (value.startsWith(QChar(0x00A3)))
        value.remove(0, 1);
    value.remove(QLatin1Char(','));
    static const QRegularExpression number(QStringLiteral("^\\d{1,9}(\\.\\d{1,2})?$"));
    if (!number.match(value).hasMatch()) {
        *problems << Importer::tr("%1 \"%2\" is not an amount like 120.50").arg(column, text);
        return false;
    }
    *normalised = value;
    return true;
}

} // namespace

QStringList ImportReport::lines() const
{
    QStringList result;
    for (const Rejection &rejection : rejected)
        result << Importer::tr("%1: row %2 (line %3) rejected: %4")
                      .arg(file)
                      .arg(rejection.row)
                      .arg(rejection.line)
                      .arg(rejection.reason);
    if (committed)
        result << Importer::tr("%1: %2 of %3 rows imported; %4 rejected.")
                      .arg(file)
                      .arg(imported)
                      .arg(rows)
                      .arg(rejected.size());
    else
        result << Importer::tr("%1: nothing was imported (%2 rows: %3 accepted, %4 rejected).")
                      .arg(file)
                      .arg(rows)
                      .arg(accepted)
                      .arg(rejected.size());
    return result;
}

Importer::Importer(Database &db) : m_db(db) {}

bool Importer::parseYesNo(const QString &text, bool *ok)
{
    const QString value = text.trimmed().toLower();
    *ok = true;
    if (value.isEmpty() || value == QLatin1String("no") || value == QLatin1String("n") ||
        value == QLatin1String("false") || value == QLatin1String("0"))
        return false;
    if (value == QLatin1String("yes") || value == QLatin1String("y") ||
        value == QLatin1String("true") || value == QLatin1String("1"))
        return true;
    *ok = false;
    return false;
}

qint64 Importer::personId(const QString &ref) const
{
    return m_db.scalar(QStringLiteral("SELECT id FROM people WHERE person_ref = ?"), {ref})
        .toLongLong();
}

Status Importer::open(const QString &path, const QStringList &required, const QStringList &optional,
                      CsvTable *table, ImportReport *report) const
{
    *report = ImportReport();
    report->file = QFileInfo(path).fileName();
    QString error;
    if (!table->load(path, &error) || !table->checkColumns(required, optional, &error))
        return Status::failure(
            tr("%1 is malformed, so nothing was imported: %2").arg(report->file, error),
            Status::Code::Invalid);
    report->rows = int(table->rows().size());
    return Status::ok();
}

Status Importer::finish(const QString &what, Mode mode, const QList<Write> &writes,
                        ImportReport *report)
{
    report->accepted = report->rows - int(report->rejected.size());
    if (mode == Mode::DryRun)
        return Status::ok();
    if (mode == Mode::AllOrNothing && !report->rejected.isEmpty())
        return Status::failure(tr("%1 of the %2 rows of %3 were rejected, so nothing was "
                                  "imported. Correct them and import the file again (or use "
                                  "--skip-rejected).")
                                   .arg(report->rejected.size())
                                   .arg(report->rows)
                                   .arg(report->file),
                               Status::Code::Invalid);
    Transaction transaction(m_db);
    for (const Write &write : writes) {
        QString error;
        if (!write(&error))
            return Status::failure(
                tr("Writing %1 failed, so nothing was imported: %2").arg(report->file, error));
    }
    QString error;
    m_db.exec(QStringLiteral("INSERT INTO audit_log (occurred_at, acting_role, action, entity, "
                             "details) VALUES (now(), '', 'import', ?, ?)"),
              {what, tr("%1: %2 rows imported, %3 rejected")
                         .arg(report->file)
                         .arg(report->accepted)
                         .arg(report->rejected.size())},
              &error);
    if (!error.isEmpty() || !transaction.commit())
        return Status::failure(
            tr("Writing %1 failed, so nothing was imported: %2")
                .arg(report->file, error.isEmpty() ? m_db.connection().lastError().text() : error));
    report->imported = report->accepted;
    report->committed = true;
    return Status::ok();
}

Status Importer::importChildren(const QString &path, Mode mode, ImportReport *report)
{
    CsvTable table;
    if (Status opened = open(path,
                             {QStringLiteral("person_ref"), QStringLiteral("given_name"),
                              QStringLiteral("family_name")},
                             {QStringLiteral("date_of_birth"), QStringLiteral("gender"),
                              QStringLiteral("address"), QStringLiteral("restricted"),
                              QStringLiteral("allocated_worker"), QStringLiteral("team")},
                             &table, report);
        !opened)
        return opened;

    QList<Write> writes;
    QHash<QString, int> refsInFile;
    for (const CsvTable::Row &row : table.rows()) {
        if (rejectedForControlCharacters(table, row, report))
            continue;
        QStringList problems;
        const QString ref = table.value(row, QStringLiteral("person_ref"));
        const QString given = table.value(row, QStringLiteral("given_name"));
        const QString family = table.value(row, QStringLiteral("family_name"));
        if (ref.isEmpty())
            problems << tr("person_ref is empty");
        else if (refsInFile.contains(ref))
            problems << tr("person_ref %1 is also on row %2").arg(ref).arg(refsInFile.value(ref));
        else if (personId(ref))
            problems << tr("person_ref %1 is already on the system").arg(ref);
        if (!ref.isEmpty() && !refsInFile.contains(ref))
            refsInFile.insert(ref, row.number);
        if (given.isEmpty())
            problems << tr("given_name is empty");
        if (family.isEmpty())
            problems << tr("family_name is empty");
        const QDate born = parseBirthDate(table.value(row, QStringLiteral("date_of_birth")),
                                          QStringLiteral("date_of_birth"), &problems);
        bool ok = true;
        const bool restricted = parseYesNo(table.value(row, QStringLiteral("restricted")), &ok);
        if (!ok)
            problems << tr("restricted \"%1\" is not yes or no")
                            .arg(table.value(row, QStringLiteral("restricted")));
        qint64 workerId = 0;
        qint64 teamId = 0;
        const QString username = table.value(row, QStringLiteral("allocated_worker"));
        if (!username.isEmpty()) {
            QSqlQuery worker = m_db.exec(
                QStringLiteral("SELECT id, team_id FROM workers WHERE username = ? AND is_active"),
                {username});
            if (worker.next()) {
                workerId = worker.value(0).toLongLong();
                teamId = worker.value(1).toLongLong();
            } else {
                problems << tr("allocated_worker %1 is not an active worker").arg(username);
            }
        }
        const QString team = table.value(row, QStringLiteral("team"));
        if (!team.isEmpty()) {
            teamId = m_db.scalar(QStringLiteral("SELECT id FROM teams WHERE name = ?"), {team})
                         .toLongLong();
            if (!teamId)
                problems << tr("there is no team called %1").arg(team);
        }
        if (!problems.isEmpty()) {
            report->rejected << ImportReport::Rejection{row.number, row.line,
                                                        problems.join(QStringLiteral("; "))};
            continue;
        }
        const QVariantList values{ref,
                                  given,
                                  family,
                                  nullableDate(born),
                                  table.value(row, QStringLiteral("gender")),
                                  table.value(row, QStringLiteral("address")),
                                  restricted,
                                  nullable(workerId),
                                  nullable(teamId)};
        writes << [this, values](QString *error) {
            return m_db.insert(QStringLiteral("INSERT INTO people (person_ref, given_name, "
                                              "family_name, date_of_birth, gender, address, "
                                              "is_child, is_restricted, allocated_worker_id, "
                                              "team_id) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?) "
                                              "RETURNING id"),
                               values, error) > 0;
        };
    }
    return finish(QStringLiteral("people"), mode, writes, report);
}

Status Importer::importRelationships(const QString &path, Mode mode, ImportReport *report)
{
    CsvTable table;
    if (Status opened =
            open(path,
                 {QStringLiteral("person_ref"), QStringLiteral("related_person_ref"),
                  QStringLiteral("relationship")},
                 {QStringLiteral("parental_responsibility"), QStringLiteral("related_given_name"),
                  QStringLiteral("related_family_name"), QStringLiteral("related_date_of_birth"),
                  QStringLiteral("related_address")},
                 &table, report);
        !opened)
        return opened;

    struct NewPerson
    {
        QString given;
        QString family;
        int row = 0;
    };
    auto newPeople = std::make_shared<QHash<QString, NewPerson>>();
    auto createdIds = std::make_shared<QHash<QString, qint64>>();
    QSet<QString> pairsInFile;
    QList<Write> writes;
    for (const CsvTable::Row &row : table.rows()) {
        if (rejectedForControlCharacters(table, row, report))
            continue;
        QStringList problems;
        const QString ref = table.value(row, QStringLiteral("person_ref"));
        const QString relatedRef = table.value(row, QStringLiteral("related_person_ref"));
        const QString relationship = table.value(row, QStringLiteral("relationship"));
        const QString given = table.value(row, QStringLiteral("related_given_name"));
        const QString family = table.value(row, QStringLiteral("related_family_name"));
        const qint64 person = ref.isEmpty() ? 0 : personId(ref);
        if (ref.isEmpty())
            problems << tr("person_ref is empty");
        else if (!person)
            problems
                << tr("person_ref %1 is not on the system (import the children first)").arg(ref);
        qint64 related = 0;
        bool createsRelated = false;
        if (relatedRef.isEmpty()) {
            problems << tr("related_person_ref is empty");
        } else if (relatedRef == ref) {
            problems << tr("a person cannot be related to themself");
        } else if ((related = personId(relatedRef))) {
            if (!given.isEmpty() || !family.isEmpty()) {
                QSqlQuery names = m_db.exec(
                    QStringLiteral("SELECT given_name, family_name FROM people WHERE id = ?"),
                    {related});
                if (names.next() && ((!given.isEmpty() && names.value(0).toString() != given) ||
                                     (!family.isEmpty() && names.value(1).toString() != family)))
                    problems << tr("related_person_ref %1 is %2 %3 on the system, not %4 %5")
                                    .arg(relatedRef, names.value(0).toString(),
                                         names.value(1).toString(), given, family);
            }
        } else if (newPeople->contains(relatedRef)) {
            const NewPerson &known = newPeople->value(relatedRef);
            if ((!given.isEmpty() && given != known.given) ||
                (!family.isEmpty() && family != known.family))
                problems << tr("related_person_ref %1 is %2 %3 on row %4")
                                .arg(relatedRef, known.given, known.family)
                                .arg(known.row);
        } else if (given.isEmpty() || family.isEmpty()) {
            problems << tr("related_person_ref %1 is not on the system: give "
                           "related_given_name and related_family_name to add them")
                            .arg(relatedRef);
        } else {
            createsRelated = true;
        }
        if (relationship.isEmpty())
            problems << tr("relationship is empty");
        bool ok = true;
        const bool parental =
            parseYesNo(table.value(row, QStringLiteral("parental_responsibility")), &ok);
        if (!ok)
            problems << tr("parental_responsibility \"%1\" is not yes or no")
                            .arg(table.value(row, QStringLiteral("parental_responsibility")));
        const QDate born = parseBirthDate(table.value(row, QStringLiteral("related_date_of_birth")),
                                          QStringLiteral("related_date_of_birth"), &problems);
        const QString pair =
            ref + QLatin1Char('\n') + relatedRef + QLatin1Char('\n') + relationship.toLower();
        if (pairsInFile.contains(pair))
            problems << tr("the same relationship is on an earlier row");
        else if (person && related &&
                 m_db.scalar(QStringLiteral("SELECT count(*) FROM relationships WHERE person_id "
                                            "= ? AND related_person_id = ? AND "
                                            "lower(relationship) = lower(?)"),
                             {person, related, relationship})
                     .toInt())
            problems << tr("%1 is already recorded as %2's %3").arg(relatedRef, ref, relationship);
        if (!problems.isEmpty()) {
            report->rejected << ImportReport::Rejection{row.number, row.line,
                                                        problems.join(QStringLiteral("; "))};
            continue;
        }
        pairsInFile.insert(pair);
        if (createsRelated) {
            newPeople->insert(relatedRef, NewPerson{given, family, row.number});
            const QVariantList values{relatedRef, given, family, nullableDate(born),
                                      table.value(row, QStringLiteral("related_address"))};
            writes << [this, values, relatedRef, createdIds](QString *error) {
                const qint64 id = m_db.insert(
                    QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, "
                                   "date_of_birth, address, is_child) VALUES (?, ?, ?, ?, ?, "
                                   "FALSE) RETURNING id"),
                    values, error);
                createdIds->insert(relatedRef, id);
                return id > 0;
            };
        }
        writes << [this, person, related, relatedRef, relationship, parental,
                   createdIds](QString *error) {
            const qint64 relatedId = related ? related : createdIds->value(relatedRef);
            return m_db.insert(QStringLiteral("INSERT INTO relationships (person_id, "
                                              "related_person_id, relationship, "
                                              "has_parental_responsibility) VALUES (?, ?, ?, ?) "
                                              "RETURNING id"),
                               {person, relatedId, relationship, parental}, error) > 0;
        };
    }
    return finish(QStringLiteral("relationships"), mode, writes, report);
}

Status Importer::importDirectPayments(const QString &path, Mode mode, ImportReport *report)
{
    CsvTable table;
    if (Status opened = open(path, {QStringLiteral("person_ref"), QStringLiteral("start_date")},
                             {QStringLiteral("payment_for_ref"), QStringLiteral("weekly_amount"),
                              QStringLiteral("hours_per_week"), QStringLiteral("next_review_date"),
                              QStringLiteral("notes")},
                             &table, report);
        !opened)
        return opened;

    QHash<QString, int> childrenInFile;
    QList<Write> writes;
    for (const CsvTable::Row &row : table.rows()) {
        if (rejectedForControlCharacters(table, row, report))
            continue;
        QStringList problems;
        const QString ref = table.value(row, QStringLiteral("person_ref"));
        qint64 child = 0;
        if (ref.isEmpty()) {
            problems << tr("person_ref is empty");
        } else {
            QSqlQuery person = m_db.exec(
                QStringLiteral("SELECT id, is_child FROM people WHERE person_ref = ?"), {ref});
            if (!person.next())
                problems << tr("person_ref %1 is not on the system").arg(ref);
            else if (!person.value(1).toBool())
                problems << tr("%1 is not a child").arg(ref);
            else
                child = person.value(0).toLongLong();
        }
        if (childrenInFile.contains(ref))
            problems
                << tr("%1 already has a payment on row %2").arg(ref).arg(childrenInFile.value(ref));
        else if (child &&
                 m_db.scalar(QStringLiteral("SELECT count(*) FROM episodes WHERE person_id = ? "
                                            "AND episode_type = ? AND end_date IS NULL"),
                             {child, DirectPaymentsEpisode})
                     .toInt())
            problems << tr("%1 already has an open Direct Payments episode").arg(ref);
        const QString startText = table.value(row, QStringLiteral("start_date"));
        if (startText.isEmpty())
            problems << tr("start_date is empty");
        const QDate start = parseDate(startText, QStringLiteral("start_date"), &problems);
        const QDate review = parseDate(table.value(row, QStringLiteral("next_review_date")),
                                       QStringLiteral("next_review_date"), &problems);
        if (start.isValid() && review.isValid() && review < start)
            problems << tr("next_review_date is before start_date");
        qint64 paymentFor = 0;
        const QString forRef = table.value(row, QStringLiteral("payment_for_ref"));
        if (!forRef.isEmpty() && child) {
            paymentFor = personId(forRef);
            if (!paymentFor)
                problems << tr("payment_for_ref %1 is not on the system").arg(forRef);
            else if (paymentFor != child &&
                     !m_db.scalar(QStringLiteral("SELECT count(*) FROM relationships WHERE "
                                                 "(person_id = ? AND related_person_id = ?) OR "
                                                 "(person_id = ? AND related_person_id = ?)"),
                                  {child, paymentFor, paymentFor, child})
                          .toInt())
                problems << tr("payment_for_ref %1 is not related to %2 (import the "
                               "relationships first)")
                                .arg(forRef, ref);
        }
        QString weekly;
        QString hours;
        parseAmount(table.value(row, QStringLiteral("weekly_amount")),
                    QStringLiteral("weekly_amount"), &problems, &weekly);
        parseAmount(table.value(row, QStringLiteral("hours_per_week")),
                    QStringLiteral("hours_per_week"), &problems, &hours);
        if (!ref.isEmpty() && !childrenInFile.contains(ref))
            childrenInFile.insert(ref, row.number);
        if (!problems.isEmpty()) {
            report->rejected << ImportReport::Rejection{row.number, row.line,
                                                        problems.join(QStringLiteral("; "))};
            continue;
        }
        QStringList details{tr("Existing Direct Payment imported; not yet reviewed at panel.")};
        if (!weekly.isEmpty())
            details << tr("Weekly amount: £%1.").arg(weekly);
        if (!hours.isEmpty())
            details << tr("Hours per week: %1.").arg(hours);
        if (review.isValid())
            details << tr("Next review due: %1.").arg(review.toString(Qt::ISODate));
        const QString notes = table.value(row, QStringLiteral("notes"));
        if (!notes.isEmpty())
            details << notes;
        const QString text = details.join(QLatin1Char(' '));
        writes << [this, child, start, paymentFor, text](QString *error) {
            const qint64 episode = m_db.insert(
                QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                               "payment_for_person_id) VALUES (?, ?, ?, ?) RETURNING id"),
                {child, DirectPaymentsEpisode, start, nullable(paymentFor)}, error);
            if (episode <= 0)
                return false;
            return m_db.insert(QStringLiteral("INSERT INTO events (person_id, episode_id, "
                                              "event_type, event_date, details) VALUES (?, ?, "
                                              "?, ?, ?) RETURNING id"),
                               {child, episode, StartDirectPaymentsEvent, start, text}, error) > 0;
        };
    }
    return finish(QStringLiteral("episodes"), mode, writes, report);
}

} // namespace casedesk
