#include "personrecordquery.h"

#include "security/recordaccess.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace casedesk {

namespace {

const QString PersonColumns = QStringLiteral(
    "p.id, p.person_ref, p.given_name, p.family_name, p.date_of_birth, p.gender, p.address, "
    "p.is_child, p.is_restricted, p.allocated_worker_id, w.display_name, p.team_id, t.name "
    "FROM people p LEFT JOIN workers w ON w.id = p.allocated_worker_id "
    "LEFT JOIN teams t ON t.id = p.team_id ");

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

QString PersonRecordQuery::searchStatement(int words)
{
    QStringList conditions;
    for (int word = 0; word < qMax(1, words); ++word)
        conditions << WordMatch;
    return QStringLiteral("SELECT ") + PersonColumns + QStringLiteral("WHERE ") +
           conditions.join(QStringLiteral(" AND ")) +
           QStringLiteral(" ORDER BY p.family_name, p.given_name, p.id LIMIT ?");
}

QList<PersonDetails> PersonRecordQuery::search(const QString &text, int limit, QString *error) const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    QStringList words = text.split(separators, Qt::SkipEmptyParts);
    if (words.size() > MaxSearchWords)
        words = words.mid(0, MaxSearchWords);
    QList<PersonDetails> people;
    if (words.isEmpty())
        return people;

    // Sorts after every continuation of a prefix, in code point order.
    const QString last = QString::fromUcs4(U"\U0010FFFF");
    QVariantList values;
    for (const QString &word : std::as_const(words)) {
        for (int column = 0; column < 3; ++column)
            values << word << QString(word + last);
    }
    values << qMax(1, limit);
    QString queryError;
    QSqlQuery query = m_db.exec(searchStatement(int(words.size())), values, &queryError);
    setError(error, queryError);
    while (query.next())
        people << personFrom(query);
    return people;
}

PersonRecord PersonRecordQuery::open(qint64 personId, const Actor &actor, Status *status)
{
    PersonRecord record;
    const Status opened = RecordAccess(m_db).openPerson(personId, actor);
    if (!opened) {
        if (status)
            *status = opened;
        return record;
    }
    QString error;
    record.person = person(personId, &error);
    if (error.isEmpty())
        record.relationships = relationships(personId, &error);
    if (error.isEmpty())
        record.episodes = episodes(personId, &error);
    if (status) {
        if (!error.isEmpty())
            *status = Status::failure(tr("CaseDesk could not read this record: %1").arg(error));
        else if (!record.person.isValid())
            *status = Status::failure(tr("This record no longer exists."), Status::Code::NotFound);
        else
            *status = Status::ok();
    }
    return record;
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
    // Recorded on this person (their Mother), then those recorded only on the other person.
    // Parental responsibility is on the row from the child to the parent, so each way is read.
    const QString responsible = QStringLiteral(
        "CASE WHEN EXISTS (SELECT 1 FROM relationships d WHERE d.person_id = %1 AND "
        "d.related_person_id = %2 AND d.has_parental_responsibility) THEN 1 ELSE 0 END");
    QString queryError;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT p.id, p.given_name, p.family_name, p.person_ref, p.date_of_birth, "
                       "r.relationship, CASE WHEN r.has_parental_responsibility THEN 1 ELSE 0 "
                       "END, %1, 0 AS inverse, r.id "
                       "FROM relationships r JOIN people p ON p.id = r.related_person_id "
                       "WHERE r.person_id = ? "
                       "UNION ALL "
                       "SELECT p.id, p.given_name, p.family_name, p.person_ref, p.date_of_birth, "
                       "r.relationship, 0, CASE WHEN r.has_parental_responsibility THEN 1 ELSE 0 "
                       "END, 1 AS inverse, r.id "
                       "FROM relationships r JOIN people p ON p.id = r.person_id "
                       "WHERE r.related_person_id = ? AND NOT EXISTS (SELECT 1 FROM "
                       "relationships d WHERE d.person_id = r.related_person_id AND "
                       "d.related_person_id = r.person_id) "
                       "ORDER BY 9, 3, 2, 10")
            .arg(responsible.arg(QStringLiteral("r.related_person_id"),
                                 QStringLiteral("r.person_id"))),
        {personId, personId}, &queryError);
    setError(error, queryError);
    QList<RelationshipEntry> entries;
    while (query.next()) {
        RelationshipEntry entry;
        entry.personId = query.value(0).toLongLong();
        entry.name = query.value(1).toString() + QLatin1Char(' ') + query.value(2).toString();
        entry.ref = query.value(3).toString();
        entry.dateOfBirth = query.value(4).toDate();
        entry.relationship = query.value(5).toString();
        entry.parentalResponsibility = query.value(6).toInt() != 0;
        entry.thisPersonResponsible = query.value(7).toInt() != 0;
        entry.inverse = query.value(8).toInt() != 0;
        entries << entry;
    }
    return entries;
}

QList<EpisodeRecord> PersonRecordQuery::episodes(qint64 personId, QString *error) const
{
    QString queryError;
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT e.id, e.person_id, p.given_name || ' ' || p.family_name, p.person_ref, "
            "e.episode_type, e.start_date, e.end_date, e.payment_for_person_id, "
            "f.given_name || ' ' || f.family_name, "
            "(SELECT min(r.relationship) FROM relationships r WHERE r.person_id = e.person_id "
            "AND r.related_person_id = e.payment_for_person_id), w.display_name, e.created_at "
            "FROM episodes e JOIN people p ON p.id = e.person_id "
            "LEFT JOIN people f ON f.id = e.payment_for_person_id "
            "LEFT JOIN workers w ON w.id = e.created_by "
            "WHERE e.person_id = ? ORDER BY e.start_date DESC, e.id DESC"),
        {personId}, &queryError);
    setError(error, queryError);
    QList<EpisodeRecord> episodes;
    while (query.next()) {
        EpisodeRecord episode;
        episode.id = query.value(0).toLongLong();
        episode.personId = query.value(1).toLongLong();
        episode.personName = query.value(2).toString();
        episode.personRef = query.value(3).toString();
        episode.episodeType = query.value(4).toString();
        episode.startDate = query.value(5).toDate();
        episode.endDate = query.value(6).toDate();
        episode.paymentForPersonId = query.value(7).toLongLong();
        episode.paymentForName = query.value(8).toString();
        episode.paymentForRelationship = query.value(9).toString();
        episode.createdByName = query.value(10).toString();
        episode.createdAt = query.value(11).toDateTime().toLocalTime();
        episodes << episode;
    }
    return episodes;
}

HistoryPage PersonRecordQuery::history(qint64 personId, int offset, int limit, QString *error) const
{
    HistoryPage page;
    page.offset = qMax(0, offset);
    QString queryError;
    // Both counts and both halves of the page are served by worksteps_by_person and
    // requests_by_step: a child has hundreds of steps at most, however large the database.
    page.total =
        m_db.scalar(QStringLiteral("SELECT (SELECT count(*) FROM worksteps WHERE person_id = ?) + "
                                   "(SELECT count(*) FROM requests r JOIN worksteps s ON s.id = "
                                   "r.step_id WHERE s.person_id = ?)"),
                    {personId, personId})
            .toInt();
    QSqlQuery query = m_db.exec(
        QStringLiteral(
            "SELECT 0 AS kind, s.id, 0 AS request_id, s.step_type, '' AS request_type, s.status, "
            "s.created_at AS happened_at, COALESCE(aw.display_name, tm.name, av.name, '') AS who, "
            "'' AS recipient, s.finished_at AS closed_at, COALESCE(fw.display_name, '') AS "
            "closed_by, "
            "0 AS required "
            "FROM worksteps s "
            "LEFT JOIN workers aw ON aw.id = s.assignee_worker_id "
            "LEFT JOIN teams tm ON tm.id = s.assignee_team_id "
            "LEFT JOIN virtual_workers av ON av.id = s.assignee_virtual_worker_id "
            "LEFT JOIN workers fw ON fw.id = s.finished_by "
            "WHERE s.person_id = ? "
            "UNION ALL "
            "SELECT 1, s.id, r.id, s.step_type, r.request_type, r.status, r.sent_at, "
            "COALESCE(sw.display_name, ''), COALESCE(rw.display_name, rv.name, ''), "
            "r.responded_at, COALESCE(bw.display_name, ''), "
            "CASE WHEN r.is_required THEN 1 ELSE 0 END "
            "FROM requests r JOIN worksteps s ON s.id = r.step_id "
            "LEFT JOIN workers sw ON sw.id = r.sender_worker_id "
            "LEFT JOIN workers rw ON rw.id = r.recipient_worker_id "
            "LEFT JOIN virtual_workers rv ON rv.id = r.recipient_virtual_worker_id "
            "LEFT JOIN workers bw ON bw.id = r.responded_by "
            "WHERE s.person_id = ? "
            "ORDER BY 7 DESC, 3 DESC, 2 DESC LIMIT ? OFFSET ?"),
        {personId, personId, qMax(1, limit), page.offset}, &queryError);
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
        page.entries << entry;
    }
    return page;
}

} // namespace casedesk
