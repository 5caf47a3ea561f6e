#include "personrecordquery.h"

#include "security/identifiers.h"
#include "security/recordaccess.h"
#include "storage/requestwatchdog.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace casedesk {

namespace {

// The columns personFrom() reads, from `people` (the table, or a function returning its rows).
QString PersonColumnsOf(const QString &people)
{
    return QStringLiteral(
               "p.id, p.person_ref, p.given_name, p.family_name, p.date_of_birth, p.gender, "
               "p.address, p.is_child, p.is_restricted, p.allocated_worker_id, w.display_name, "
               "p.team_id, t.name FROM %1 p LEFT JOIN workers w ON w.id = p.allocated_worker_id "
               "LEFT JOIN teams t ON t.id = p.team_id ")
        .arg(people);
}

const QString PersonColumns = PersonColumnsOf(QStringLiteral("people"));

PersonDetails personFrom(const QSqlQuery &query)
{
    PersonDetails person;
    person.id = query.value(0).toLongLong();
    person.ref = query.value(1).toString();
    person.givenName = query.value(2).toString();
    person.familyName = query.value(3).toString();
    person.dateOfBirth = query.value(4).toDate();
    person.gender = query.value(5).toString();
    person.address = query.value(6).toString();
    person.isChild = query.value(7).toBool();
    person.restricted = query.value(8).toBool();
    person.allocatedWorkerId = query.value(9).toLongLong();
    person.allocatedWorkerName = query.value(10).toString();
    person.teamId = query.value(11).toLongLong();
    person.teamName = query.value(12).toString();
    return person;
}

// People one typed word picks out: a prefix of their family name, given name or reference. Each
// branch is a range over an index of 010_person_search (see there for why a range). The two
// bound values are the word and the word followed by the last code point.
const QString WordMatch = QStringLiteral(
    "p.id IN (SELECT id FROM people WHERE family_name_key >= lower(?) AND family_name_key < "
    "lower(?) UNION ALL SELECT id FROM people WHERE given_name_key >= lower(?) AND "
    "given_name_key < lower(?) UNION ALL SELECT id FROM people WHERE person_ref_key >= lower(?) "
    "AND person_ref_key < lower(?))");

constexpr int MaxSearchWords = 3;

void setError(QString *target, const QString &error)
{
    if (target)
        *target = error;
}

// A person's relationships and episodes share one row layout, so that opening a record reads both
// in one statement (readRelationshipsAndEpisodes). Column 1 is the kind (0 relationship, 1
// episode). Relationship rows: 2 person id, 3 given name, 4 family name, 5 reference, 6 date of
// birth, 7 relationship, 8 they have parental responsibility, 9 this person has it, 10 inverse,
// 11 relationship id. Episode rows: 2 id, 3 person's name, 4 person's reference, 5 episode type,
// 6 start date, 7 payment for (name), 12 person id, 13 end date, 14 payment for (id), 15 what
// that person is to the child, 16 created by, 17 created at. The episode rows come first in a
// UNION: PostgreSQL types a column from its first typed value, left to right.
const QString EpisodeRows = QStringLiteral(
    "SELECT 1 AS kind, e.id, p.given_name || ' ' || p.family_name, p.person_ref, e.episode_type, "
    "e.start_date, f.given_name || ' ' || f.family_name, NULL, NULL, NULL, NULL, e.person_id, "
    "e.end_date, e.payment_for_person_id, "
    "(SELECT min(r.relationship) FROM relationships r WHERE r.person_id = e.person_id "
    "AND r.related_person_id = e.payment_for_person_id), w.display_name, e.created_at "
    "FROM episodes e JOIN people p ON p.id = e.person_id "
    "LEFT JOIN people f ON f.id = e.payment_for_person_id "
    "LEFT JOIN workers w ON w.id = e.created_by "
    "WHERE e.person_id = ?");

// Recorded on this person (their Mother), then those recorded only on the other person.
// Parental responsibility is on the row from the child to the parent, so each way is read.
const QString RelationshipRows = QStringLiteral(
    "SELECT 0 AS kind, p.id, p.given_name, p.family_name, p.person_ref, p.date_of_birth, "
    "r.relationship, CASE WHEN r.has_parental_responsibility THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM relationships d WHERE d.person_id = r.related_person_id "
    "AND d.related_person_id = r.person_id AND d.has_parental_responsibility) THEN 1 ELSE 0 "
    "END, 0, r.id, NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM relationships r JOIN people p ON p.id = r.related_person_id "
    "WHERE r.person_id = ? "
    "UNION ALL "
    "SELECT 0, p.id, p.given_name, p.family_name, p.person_ref, p.date_of_birth, "
    "r.relationship, 0, CASE WHEN r.has_parental_responsibility THEN 1 ELSE 0 END, 1, r.id, "
    "NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM relationships r JOIN people p ON p.id = r.person_id "
    "WHERE r.related_person_id = ? AND NOT EXISTS (SELECT 1 FROM relationships d WHERE "
    "d.person_id = r.related_person_id AND d.related_person_id = r.person_id)");

RelationshipEntry relationshipFrom(const QSqlQuery &query)
{
    RelationshipEntry entry;
    entry.personId = query.value(1).toLongLong();
    entry.name = query.value(2).toString() + QLatin1Char(' ') + query.value(3).toString();
    entry.ref = query.value(4).toString();
    entry.dateOfBirth = query.value(5).toDate();
    entry.relationship = query.value(6).toString();
    entry.parentalResponsibility = query.value(7).toInt() != 0;
    entry.thisPersonResponsible = query.value(8).toInt() != 0;
    entry.inverse = query.value(9).toInt() != 0;
    return entry;
}

EpisodeRecord episodeFrom(const QSqlQuery &query)
{
    EpisodeRecord episode;
    episode.id = query.value(1).toLongLong();
    episode.personName = query.value(2).toString();
    episode.personRef = query.value(3).toString();
    episode.episodeType = query.value(4).toString();
    episode.startDate = query.value(5).toDate();
    episode.paymentForName = query.value(6).toString();
    episode.personId = query.value(11).toLongLong();
    episode.endDate = query.value(12).toDate();
    episode.paymentForPersonId = query.value(13).toLongLong();
    episode.paymentForRelationship = query.value(14).toString();
    episode.createdByName = query.value(15).toString();
    episode.createdAt = query.value(16).toDateTime().toLocalTime();
    return episode;
}

} // namespace

int PersonDetails::ageOn(const QDate &day) const
{
    if (!dateOfBirth.isValid() || !day.isValid() || day < dateOfBirth)
        return -1;
    int years = day.year() - dateOfBirth.year();
    if (day.month() < dateOfBirth.month() ||
        (day.month() == dateOfBirth.month() && day.day() < dateOfBirth.day()))
        --years;
    return years;
}

PersonRecordQuery::PersonRecordQuery(Database &db) : m_db(db) {}

QString PersonRecordQuery::searchStatement(int words, int dates)
{
    QStringList conditions;
    for (int word = 0; word < words; ++word)
        conditions << WordMatch;
    for (int date = 0; date < dates; ++date)
        conditions << QStringLiteral("p.date_of_birth = ?");
    if (conditions.isEmpty())
        conditions << WordMatch;
    return QStringLiteral("SELECT ") + PersonColumns + QStringLiteral("WHERE ") +
           conditions.join(QStringLiteral(" AND ")) +
           QStringLiteral(" ORDER BY p.family_name, p.given_name, p.id LIMIT ?");
}

QDate PersonRecordQuery::dateTyped(const QString &word)
{
    // As dates are written here (day first), and as ISO dates are pasted.
    static const QStringList formats{QStringLiteral("d/M/yyyy"), QStringLiteral("d.M.yyyy"),
                                     QStringLiteral("d-M-yyyy"), QStringLiteral("yyyy-M-d")};
    for (const QString &format : formats) {
        const QDate date = QDate::fromString(word, format);
        if (date.isValid())
            return date;
    }
    return {};
}

QList<PersonDetails> PersonRecordQuery::search(const QString &text, int limit, QString *error) const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    QStringList words;
    QList<QDate> dates;
    for (const QString &word : text.split(separators, Qt::SkipEmptyParts)) {
        if (const QDate date = dateTyped(word); date.isValid())
            dates << date;
        else
            words << word;
    }
    words = words.mid(0, MaxSearchWords);
    dates = dates.mid(0, 1); // one person has one date of birth
    QList<PersonDetails> people;
    if (words.isEmpty() && dates.isEmpty())
        return people;

    // Sorts after every continuation of a prefix, in code point order.
    const QString last = QString::fromUcs4(U"\U0010FFFF");
    QVariantList values;
    for (const QString &word : std::as_const(words)) {
        for (int column = 0; column < 3; ++column)
            values << word << QString(word + last);
    }
    for (const QDate &date : std::as_const(dates))
        values << date;
    values << qMax(1, limit);
    QString queryError;
    QSqlQuery query =
        m_db.exec(searchStatement(int(words.size()), int(dates.size())), values, &queryError);
    setError(error, queryError);
    while (query.next())
        people << personFrom(query);
    return people;
}

PersonRecord PersonRecordQuery::open(qint64 personId, const Actor &actor, Status *status)
{
    PersonRecord record;
    QString error;
    if (m_db.settings().backend == ConnectionSettings::Backend::Postgres) {
        // One round trip for the refusal, the audit and the details: the server's
        // casedesk_open_person returns the person's row once it has recorded the opening.
        QSqlQuery query =
            m_db.exec(QStringLiteral("SELECT ") +
                          PersonColumnsOf(QStringLiteral("casedesk_open_person(?, ?)")),
                      {personId, security::nonNull(actor.role)}, &error);
        if (!error.isEmpty()) {
            if (status)
                *status = isConnectionLost(m_db) ? Status::failure(connectionLostMessage(),
                                                                   Status::Code::ServerUnreachable)
                                                 : RecordAccess::refusal(error);
            return record;
        }
        if (query.next())
            record.person = personFrom(query);
    } else {
        const Status opened = RecordAccess(m_db).openPerson(personId, actor);
        if (!opened) {
            if (status)
                *status = opened;
            return record;
        }
        record.person = person(personId, &error);
    }
    if (error.isEmpty() && record.person.isValid())
        readRelationshipsAndEpisodes(personId, &record, &error);
    if (status) {
        if (!error.isEmpty())
            *status =
                isConnectionLost(m_db)
                    ? Status::failure(connectionLostMessage(), Status::Code::ServerUnreachable)
                    : Status::failure(tr("CaseDesk could not read this record: %1").arg(error));
        else if (!record.person.isValid())
            *status = Status::failure(tr("This record no longer exists."), Status::Code::NotFound);
        else
            *status = Status::ok();
    }
    return record;
}

RecordReading PersonRecordQuery::read(qint64 personId, const Actor &actor, bool opening)
{
    RecordReading reading;
    if (opening) {
        reading.record = open(personId, actor, &reading.status);
    } else {
        QString error;
        reading.record.person = person(personId, &error);
        if (error.isEmpty() && reading.record.person.isValid())
            readRelationshipsAndEpisodes(personId, &reading.record, &error);
        if (!error.isEmpty())
            reading.status =
                isConnectionLost(m_db)
                    ? Status::failure(connectionLostMessage(), Status::Code::ServerUnreachable)
                    : Status::failure(tr("CaseDesk could not read this record: %1").arg(error));
        else if (!reading.record.person.isValid())
            reading.status =
                Status::failure(tr("This record can no longer be read."), Status::Code::NotFound);
    }
    if (!reading.status)
        return reading;
    if (narrowsHere()) {
        QString error;
        if (askedAboutSteps(personId, &error).isEmpty()) {
            reading.record = PersonRecord();
            reading.status = Status::failure(
                error.isEmpty() ? tr("You can open only the records of the children whose "
                                     "placement you were asked about.")
                                : tr("CaseDesk could not read this record: %1").arg(error),
                Status::Code::NotAllowed);
            return reading;
        }
        reading.record.relationships.clear();
        reading.record.episodes.clear();
    }
    reading.history = history(personId, 0, HistoryPageSize, &reading.historyError);
    Status viewers;
    // One more than are shown says there are earlier ones, without reading them all.
    reading.viewers = RecordAccess(m_db).viewers(personId, &viewers, ViewersShown + 1);
    reading.viewersAllowed = viewers.isOk();
    if (isConnectionLost(m_db))
        reading.status = Status::failure(connectionLostMessage(), Status::Code::ServerUnreachable);
    return reading;
}

bool PersonRecordQuery::isConnectionLost(const Database &db)
{
    return !db.isOpen() || RequestWatchdog::isBroken(db.connection());
}

QString PersonRecordQuery::connectionLostMessage()
{
    return tr("CaseDesk cannot reach the server just now (the connection was lost).");
}

qint64 PersonRecordQuery::personOfStep(qint64 stepId, QString *error) const
{
    QString queryError;
    QSqlQuery query = m_db.exec(QStringLiteral("SELECT person_id FROM worksteps WHERE id = ?"),
                                {stepId}, &queryError);
    setError(error, queryError);
    return query.next() ? query.value(0).toLongLong() : 0;
}

PersonDetails PersonRecordQuery::person(qint64 personId, QString *error) const
{
    QString queryError;
    QSqlQuery query =
        m_db.exec(QStringLiteral("SELECT ") + PersonColumns + QStringLiteral("WHERE p.id = ?"),
                  {personId}, &queryError);
    setError(error, queryError);
    return query.next() ? personFrom(query) : PersonDetails();
}

QList<RelationshipEntry> PersonRecordQuery::relationships(qint64 personId, QString *error) const
{
    QString queryError;
    QSqlQuery query = m_db.exec(RelationshipRows + QStringLiteral(" ORDER BY 10, 4, 3, 11"),
                                {personId, personId}, &queryError);
    setError(error, queryError);
    QList<RelationshipEntry> entries;
    while (query.next())
        entries << relationshipFrom(query);
    return entries;
}

QList<EpisodeRecord> PersonRecordQuery::episodes(qint64 personId, QString *error) const
{
    QString queryError;
    QSqlQuery query = m_db.exec(EpisodeRows + QStringLiteral(" ORDER BY 6 DESC, 2 DESC"),
                                {personId}, &queryError);
    setError(error, queryError);
    QList<EpisodeRecord> episodes;
    while (query.next())
        episodes << episodeFrom(query);
    return episodes;
}

void PersonRecordQuery::readRelationshipsAndEpisodes(qint64 personId, PersonRecord *record,
                                                     QString *error) const
{
    // One round trip for both lists: relationships (kind 0) in their order, then episodes
    // (kind 1) newest first. Among episodes the relationship sort columns are null or the same.
    QString queryError;
    QSqlQuery query = m_db.exec(EpisodeRows + QStringLiteral(" UNION ALL ") + RelationshipRows +
                                    QStringLiteral(" ORDER BY 1, 10, 4, 3, 11, 6 DESC, 2 DESC"),
                                {personId, personId, personId}, &queryError);
    setError(error, queryError);
    record->relationships.clear();
    record->episodes.clear();
    while (query.next()) {
        if (query.value(0).toInt() == 0)
            record->relationships << relationshipFrom(query);
        else
            record->episodes << episodeFrom(query);
    }
}

HistoryPage PersonRecordQuery::history(qint64 personId, int offset, int limit, QString *error) const
{
    HistoryPage page;
    page.offset = qMax(0, offset);
    QString queryError;
    QVariantList values{personId};
    QString narrowed; // "AND s.id IN (?, ...)": placeholders only, the ids are bound
    if (narrowsHere()) {
        const QList<qint64> steps = askedAboutSteps(personId, &queryError);
        if (steps.isEmpty() || !queryError.isEmpty()) {
            setError(error, queryError);
            return page;
        }
        QStringList marks;
        for (qint64 step : steps) {
            marks << QStringLiteral("?");
            values << step;
        }
        narrowed = QStringLiteral(" AND s.id IN (") + marks.join(u',') + u')';
    }
    values = values + values + QVariantList{qMax(1, limit), page.offset};
    // One round trip: the total comes with the page (count(*) OVER () is taken before the
    // LIMIT). Both halves are served by worksteps_by_person and requests_by_step: a child has
    // hundreds of steps at most, however large the database.
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT *, count(*) OVER () FROM ("
            "SELECT 0 AS kind, s.id, 0 AS request_id, s.step_type, '' AS request_type, s.status, "
            "s.created_at AS happened_at, COALESCE(aw.display_name, tm.name, av.name, '') AS who, "
            "'' AS recipient, s.finished_at AS closed_at, COALESCE(fw.display_name, '') AS "
            "closed_by, "
            "0 AS required, COALESCE(s.cancelled_reason, '') AS reason "
            "FROM worksteps s "
            "LEFT JOIN workers aw ON aw.id = s.assignee_worker_id "
            "LEFT JOIN teams tm ON tm.id = s.assignee_team_id "
            "LEFT JOIN virtual_workers av ON av.id = s.assignee_virtual_worker_id "
            "LEFT JOIN workers fw ON fw.id = s.finished_by "
            "WHERE s.person_id = ?") +
            narrowed +
            QStringLiteral(
                " UNION ALL "
                "SELECT 1, s.id, r.id, s.step_type, r.request_type, r.status, r.sent_at, "
                "COALESCE(sw.display_name, ''), COALESCE(rw.display_name, rv.name, ''), "
                "r.responded_at, COALESCE(bw.display_name, ''), "
                "CASE WHEN r.is_required THEN 1 ELSE 0 END, COALESCE(r.decline_reason, '') "
                "FROM requests r JOIN worksteps s ON s.id = r.step_id "
                "LEFT JOIN workers sw ON sw.id = r.sender_worker_id "
                "LEFT JOIN workers rw ON rw.id = r.recipient_worker_id "
                "LEFT JOIN virtual_workers rv ON rv.id = r.recipient_virtual_worker_id "
                "LEFT JOIN workers bw ON bw.id = r.responded_by "
                "WHERE s.person_id = ?") +
            narrowed + QStringLiteral(") history ORDER BY 7 DESC, 3 DESC, 2 DESC LIMIT ? OFFSET ?"),
        values, &queryError);
    setError(error, queryError);
    while (query.next()) {
        HistoryEntry entry;
        entry.kind =
            query.value(0).toInt() ? HistoryEntry::Kind::Request : HistoryEntry::Kind::Step;
        entry.stepId = query.value(1).toLongLong();
        entry.requestId = query.value(2).toLongLong();
        entry.stepType = query.value(3).toString();
        entry.requestType = query.value(4).toString();
        entry.status = query.value(5).toString();
        entry.at = query.value(6).toDateTime();
        entry.who = query.value(7).toString();
        entry.recipient = query.value(8).toString();
        entry.closedAt = query.value(9).toDateTime();
        entry.closedByName = query.value(10).toString();
        entry.required = query.value(11).toInt() != 0;
        entry.reason = query.value(12).toString();
        page.total = query.value(13).toInt();
        page.entries << entry;
    }
    // A page past the end has no row to carry the total: then it is counted on its own.
    if (page.entries.isEmpty() && page.offset > 0 && queryError.isEmpty() && narrowed.isEmpty())
        page.total = m_db.scalar(QStringLiteral(
                                     "SELECT (SELECT count(*) FROM worksteps WHERE person_id = ?) "
                                     "+ (SELECT count(*) FROM requests r JOIN worksteps s ON "
                                     "s.id = r.step_id WHERE s.person_id = ?)"),
                                 {personId, personId})
                         .toInt();
    return page;
}

bool PersonRecordQuery::narrowsHere() const
{
    return m_askedAboutWorkerId > 0 &&
           m_db.settings().backend == ConnectionSettings::Backend::Sqlite;
}

QList<qint64> PersonRecordQuery::askedAboutSteps(qint64 personId, QString *error) const
{
    // As casedesk_asked_about_steps() (020_access_by_job.postgres.sql): held by the worker
    // (directly, through their team or an inbox), asked of them by a request, or done by them.
    const qint64 me = m_askedAboutWorkerId;
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT s.id, s.from_step_id FROM worksteps s WHERE s.person_id = ? AND ("
            "s.assignee_worker_id = ? OR s.started_by = ? OR s.finished_by = ? "
            "OR (s.assignee_worker_id IS NULL AND s.assignee_virtual_worker_id IN "
            "(SELECT virtual_worker_id FROM virtual_worker_members WHERE worker_id = ?)) "
            "OR (s.assignee_worker_id IS NULL AND s.assignee_virtual_worker_id IS NULL AND "
            "s.assignee_team_id IN (SELECT team_id FROM workers WHERE id = ?)) "
            "OR EXISTS (SELECT 1 FROM requests r WHERE r.step_id = s.id AND "
            "(r.recipient_worker_id = ? OR r.recipient_virtual_worker_id IN "
            "(SELECT virtual_worker_id FROM virtual_worker_members WHERE worker_id = ?))))"),
        {personId, me, me, me, me, me, me, me}, error);
    QList<qint64> steps;
    while (query.next()) {
        for (int column : {0, 1}) {
            const qint64 id = query.value(column).toLongLong();
            if (id > 0 && !steps.contains(id))
                steps << id;
        }
    }
    return steps;
}

} // namespace casedesk
