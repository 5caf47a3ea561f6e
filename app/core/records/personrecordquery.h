#pragma once

#include "directpayments/directpayments.h"
#include "domain/status.h"
#include "security/recordaccess.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace casedesk {

// A person as the record and Find person show them.
struct PersonDetails
{
    qint64 id = 0;
    QString ref; // C100201
    QString givenName;
    QString familyName;
    QDate dateOfBirth;
    QString gender;
    QString address;
    bool isChild = false;
    bool restricted = false;
    qint64 allocatedWorkerId = 0;
    QString allocatedWorkerName;
    qint64 teamId = 0;
    QString teamName;

    bool isValid() const { return id > 0; }
    QString name() const { return givenName + QLatin1Char(' ') + familyName; }
    // Whole years on `day`; -1 without a date of birth.
    int ageOn(const QDate &day) const;
};

// Someone the person is related to. Relationships are usually recorded both ways (Mother, and
// Daughter); one recorded only on the other person is listed as `inverse`: then
// `relationship` is what this person is to them ("Mother").
struct RelationshipEntry
{
    qint64 personId = 0;
    QString name;
    QString ref;
    QDate dateOfBirth;
    QString relationship;
    bool parentalResponsibility = false; // they have parental responsibility for this person
    bool thisPersonResponsible = false;  // this person has it for them (a parent's record)
    bool inverse = false;
};

// One line of the record's history: a step, or a request sent about one of its steps.
struct HistoryEntry
{
    enum class Kind
    {
        Step,
        Request
    };

    Kind kind = Kind::Step;
    qint64 stepId = 0;
    qint64 requestId = 0; // 0 for a step
    QString stepType;
    QString requestType;
    QString status;       // the step's or the request's
    QDateTime at;         // step created, request sent (UTC)
    QString who;          // step: its assignee; request: who sent it
    QString recipient;    // request: who it was sent to
    QDateTime closedAt;   // step finished (or cancelled), request completed or declined (UTC)
    QString closedByName; // who finished the step, or answered the request
    bool required = false;
    QString reason; // why the step was cancelled, or the request declined

    bool isRequest() const { return kind == Kind::Request; }
    // "SC Panel", or "CS Manager: Please authorise Panel request: SC Panel" for a request.
    QString title() const
    {
        return isRequest() ? requestType + QStringLiteral(": ") + stepType : stepType;
    }
};

struct HistoryPage
{
    int total = 0; // steps and requests of the person in all
    int offset = 0;
    QList<HistoryEntry> entries; // newest first
};

// What opening a record reads at once; the history is read a page at a time.
struct PersonRecord
{
    PersonDetails person;
    QList<RelationshipEntry> relationships;
    QList<EpisodeRecord> episodes; // newest first
};

// Everything the record's screen shows at first, read in one request (PersonRecordQuery::read).
struct RecordReading
{
    Status status; // ok; or why nothing is shown: refused, no such record, connection lost
    PersonRecord record;
    HistoryPage history; // the first page
    QString historyError;
    QList<RecordView> viewers;   // the latest PersonRecordQuery::ViewersShown, and one more if any
    bool viewersAllowed = false; // the server shows who has viewed the record to this worker
};

// Reads a person's record and finds people, on either backend. Every read binds its values and
// is served by an index (resources/migrations/001 and 010). On PostgreSQL the server's
// row-level security decides what a worker may read: a restricted person they may not see is
// neither found nor opened.
class PersonRecordQuery
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::PersonRecordQuery)

public:
    static constexpr int SearchLimit = 50;
    static constexpr int HistoryPageSize = 50;
    static constexpr int ViewersShown = 20; // who has viewed the record: the latest openings

    explicit PersonRecordQuery(Database &db);

    // For a worker whose roles open only what they are asked about (roles.json opensRecords,
    // DefinitionRegistry::opensWholeRecords): on SQLite, which has no row-level security, the
    // record is narrowed here to that work and the steps it came from, with no relationships or
    // episodes, as 020_access_by_job does on the server (where this changes nothing). 0: whole.
    void setAskedAboutOnly(qint64 workerId) { m_askedAboutWorkerId = workerId; }

    // People whose family name, given name or reference (CID) starts with each word typed,
    // whatever the case ("lil harg", "Hargreaves, Lily", "C1002"), and who were born on the date
    // typed, if one is ("harg 03/05/2016", "2016-05-03"), by name; at most `limit`.
    QList<PersonDetails> search(const QString &text, int limit = SearchLimit,
                                QString *error = nullptr) const;
    // The statement search() runs for `words` words (six values a word) and `dates` dates of
    // birth (one value each), then the limit: the tests ask each backend's planner whether it
    // uses the indexes.
    static QString searchStatement(int words, int dates = 0);
    // The date a search word means (day first: 3/5/2016, 03.05.2016, 03-05-2016; or ISO
    // 2016-05-03), or an invalid date when it is not one.
    static QDate dateTyped(const QString &word);

    // Opens the record as `actor`: RecordAccess::openPerson first (on PostgreSQL the server
    // refuses a record the worker may not see, and records every opening), then reads the
    // details, relationships and episodes. On refusal nothing is read and `status` says why.
    PersonRecord open(qint64 personId, const Actor &actor, Status *status);
    // What the record's screen shows: the record (opened as `actor` when `opening`, which
    // records the opening; otherwise read again), the first page of its history and who has
    // viewed it. Four round trips on PostgreSQL.
    RecordReading read(qint64 personId, const Actor &actor, bool opening);

    // The steps and requests about the person, newest first, `limit` from `offset`.
    HistoryPage history(qint64 personId, int offset = 0, int limit = HistoryPageSize,
                        QString *error = nullptr) const;

    // The person a step is about; 0 when there is no such step (or the worker may not see it).
    qint64 personOfStep(qint64 stepId, QString *error = nullptr) const;

    // The parts open() reads, for a record already open (refreshing it).
    PersonDetails person(qint64 personId, QString *error = nullptr) const;
    QList<RelationshipEntry> relationships(qint64 personId, QString *error = nullptr) const;
    QList<EpisodeRecord> episodes(qint64 personId, QString *error = nullptr) const;
    // Both, in one round trip, into `record`.
    void readRelationshipsAndEpisodes(qint64 personId, PersonRecord *record,
                                      QString *error = nullptr) const;

    // Whether a failed read failed because the connection to the server is gone (or was never
    // opened), and what to tell the worker then.
    static bool isConnectionLost(const Database &db);
    static QString connectionLostMessage();

private:
    // Whether this query narrows the record itself (SQLite, asked-about worker).
    bool narrowsHere() const;
    // The person's steps the worker is asked about, and the steps those came from.
    QList<qint64> askedAboutSteps(qint64 personId, QString *error) const;

    Database &m_db;
    qint64 m_askedAboutWorkerId = 0;
};

} // namespace casedesk
