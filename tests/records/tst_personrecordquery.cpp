// Find person and the person record (PersonRecordQuery) on SQLite and PostgreSQL: prefix search
// by name or reference served by indexes, the record's sections, every opening recorded, and
// the history of steps and requests paged newest first.
#include "records/personrecordquery.h"
#include "security/recordaccess.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

QStringList names(const QList<PersonDetails> &people)
{
    QStringList result;
    for (const PersonDetails &person : people)
        result << person.name();
    return result;
}

// The planner's account of `sql` with `values` written in as literals (EXPLAIN cannot be a
// prepared statement on PostgreSQL). The values are the test's own.
QString explain(Database &db, const QString &sql, const QVariantList &values)
{
    QString statement;
    int next = 0;
    for (const QChar c : sql) {
        if (c != QLatin1Char('?')) {
            statement += c;
            continue;
        }
        const QVariant value = values.value(next++);
        if (value.typeId() == QMetaType::QString)
            statement += QLatin1Char('\'') +
                         value.toString().replace(QLatin1Char('\''), QStringLiteral("''")) +
                         QLatin1Char('\'');
        else
            statement += value.toString();
    }
    const bool postgres = db.settings().backend == ConnectionSettings::Backend::Postgres;
    QSqlQuery query(db.connection());
    if (!query.exec(
            (postgres ? QStringLiteral("EXPLAIN ") : QStringLiteral("EXPLAIN QUERY PLAN ")) +
            statement))
        return query.lastError().text();
    QStringList plan;
    while (query.next())
        plan << query.value(postgres ? 0 : 3).toString();
    return plan.join(QLatin1Char('\n'));
}

} // namespace

class TestPersonRecordQuery : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    qint64 m_team = 0;
    qint64 m_worker = 0;
    qint64 m_manager = 0;
    qint64 m_lily = 0;
    qint64 m_emma = 0;
    qint64 m_paul = 0;

    Database &db() { return m_database->db(); }
    bool postgres() const { return m_database->isPostgres(); }

    qint64 addPerson(const QString &ref, const QString &given, const QString &family,
                     const QDate &born = QDate(), bool child = false)
    {
        return db().insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, "
                           "date_of_birth, gender, address, is_child, allocated_worker_id, "
                           "team_id) VALUES (?, ?, ?, ?, 'Female', '12 Lark Rise, Exampleton', "
                           "?, ?, ?) RETURNING id"),
            {ref, given, family,
             born.isValid() ? QVariant(born) : QVariant(QMetaType(QMetaType::QDate)), child,
             child ? QVariant(m_worker) : QVariant(QMetaType(QMetaType::LongLong)), m_team});
    }

    void relate(qint64 child, qint64 parent, const QString &relationship, bool pr)
    {
        QString error;
        db().exec(QStringLiteral("INSERT INTO relationships (person_id, related_person_id, "
                                 "relationship, has_parental_responsibility) VALUES (?, ?, ?, ?)"),
                  {child, parent, relationship, pr}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    qint64 addStep(qint64 person, const QString &type, const QString &status,
                   const QDateTime &created)
    {
        const bool finished = status == QLatin1String("finished");
        return db().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, created_by, created_at, finished_by, "
                           "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            {person, type, status, m_worker, m_worker, created,
             finished ? QVariant(m_worker) : QVariant(QMetaType(QMetaType::LongLong)),
             finished ? QVariant(created.addSecs(3600))
                      : QVariant(QMetaType(QMetaType::QDateTime))});
    }

    qint64 addRequest(qint64 step, const QString &type, const QDateTime &sent)
    {
        return db().insert(QStringLiteral("INSERT INTO requests (step_id, request_type, "
                                          "is_required, sender_worker_id, sent_as_role, "
                                          "recipient_worker_id, sent_at) VALUES (?, ?, ?, ?, "
                                          "'social_worker', ?, ?) RETURNING id"),
                           {step, type, true, m_worker, m_manager, sent});
    }

    int viewsOf(qint64 person)
    {
        return db()
            .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                   "action = 'view' AND entity = 'person'"),
                    {person})
            .toInt();
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        m_team = db().insert(
            QStringLiteral("INSERT INTO teams (name) VALUES ('CWD Team North') RETURNING id"), {});
        m_worker = db().insert(QStringLiteral("INSERT INTO workers (username, display_name, "
                                              "team_id) VALUES ('sw.test', 'Sam Tester', ?) "
                                              "RETURNING id"),
                               {m_team});
        m_manager = db().insert(QStringLiteral("INSERT INTO workers (username, display_name, "
                                               "team_id) VALUES ('mgr.test', 'Morgan Lead', ?) "
                                               "RETURNING id"),
                                {m_team});
        QVERIFY(m_team > 0 && m_worker > 0 && m_manager > 0);
        m_lily = addPerson(QStringLiteral("C100201"), QStringLiteral("Lily"),
                           QStringLiteral("Hargreaves"), QDate(2016, 5, 20), true);
        m_emma = addPerson(QStringLiteral("C100301"), QStringLiteral("Emma"),
                           QStringLiteral("Hargreaves"), QDate(1985, 1, 2));
        m_paul = addPerson(QStringLiteral("C100302"), QStringLiteral("Paul"),
                           QStringLiteral("Hargreaves"));
        QVERIFY(addPerson(QStringLiteral("C100555"), QStringLiteral("Harry"),
                          QStringLiteral("Lilley"), QDate(2014, 2, 1), true) > 0);
        QVERIFY(addPerson(QStringLiteral("C200100"), QStringLiteral("Noah"),
                          QStringLiteral("Achterberg"), QDate(2013, 7, 7), true) > 0);
        QVERIFY(addPerson(QStringLiteral("C200101"), QStringLiteral("Zoë"),
                          QStringLiteral("O'Neill"), QDate(2012, 3, 3), true) > 0);
        relate(m_lily, m_emma, QStringLiteral("Mother"), true);
        relate(m_lily, m_paul, QStringLiteral("Father"), false);
        relate(m_paul, m_lily, QStringLiteral("Daughter"), false); // both ways, as the demo does
    }

    void findsByThePrefixOfANameOrReferenceWhateverTheCase()
    {
        PersonRecordQuery records(db());
        QString error;
        QCOMPARE(names(records.search(QStringLiteral("harg"), 50, &error)),
                 QStringList({QStringLiteral("Emma Hargreaves"), QStringLiteral("Lily Hargreaves"),
                              QStringLiteral("Paul Hargreaves")}));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // A given name and a family name both match; listed by family name.
        QCOMPARE(names(records.search(QStringLiteral("LIL"))),
                 QStringList({QStringLiteral("Lily Hargreaves"), QStringLiteral("Harry Lilley")}));
        QCOMPARE(names(records.search(QStringLiteral("lily harg"))),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("Hargreaves, Lily"))),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("c1002"))),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("o'ne"))),
                 QStringList({QStringLiteral("Zoë O'Neill")}));
        // Only the start of a word matches, and what is typed is never a pattern.
        QVERIFY(records.search(QStringLiteral("argreaves")).isEmpty());
        QVERIFY(records.search(QStringLiteral("%")).isEmpty());
        QVERIFY(records.search(QStringLiteral("_ily")).isEmpty());
        QVERIFY(records.search(QStringLiteral("   ")).isEmpty());
        QCOMPARE(records.search(QStringLiteral("har"), 2).size(), 2);

        const PersonDetails lily = records.search(QStringLiteral("C100201")).value(0);
        QCOMPARE(lily.id, m_lily);
        QCOMPARE(lily.dateOfBirth, QDate(2016, 5, 20));
        QCOMPARE(lily.allocatedWorkerName, QStringLiteral("Sam Tester"));
        QCOMPARE(lily.teamName, QStringLiteral("CWD Team North"));
    }

    void findsByDateOfBirthAloneOrWithAName()
    {
        PersonRecordQuery records(db());
        QString error;
        // Day first, as written here; ISO as pasted; with a name to narrow it.
        QCOMPARE(names(records.search(QStringLiteral("20/05/2016"), 50, &error)),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(names(records.search(QStringLiteral("2.1.1985"))),
                 QStringList({QStringLiteral("Emma Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("2016-05-20"))),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("harg 20-5-2016"))),
                 QStringList({QStringLiteral("Lily Hargreaves")}));
        QCOMPARE(names(records.search(QStringLiteral("Hargreaves, 02/01/1985"))),
                 QStringList({QStringLiteral("Emma Hargreaves")}));
        // The name and the date must both fit; a date that is not one is a word like any other.
        QVERIFY(records.search(QStringLiteral("lilley 20/05/2016")).isEmpty());
        QVERIFY(records.search(QStringLiteral("21/05/2016")).isEmpty());
        QVERIFY(records.search(QStringLiteral("31/02/2016")).isEmpty());
        QCOMPARE(PersonRecordQuery::dateTyped(QStringLiteral("3/5/2016")), QDate(2016, 5, 3));
        QVERIFY(!PersonRecordQuery::dateTyped(QStringLiteral("C100201")).isValid());
    }

    void theSearchByDateOfBirthIsServedByItsIndex()
    {
        if (postgres())
            QSqlQuery(db().connection()).exec(QStringLiteral("SET enable_seqscan = off"));
        const QString plan = explain(db(), PersonRecordQuery::searchStatement(0, 1),
                                     {QStringLiteral("2016-05-20"), 50});
        QVERIFY2(plan.contains(QLatin1String("people_by_date_of_birth")), qPrintable(plan));
        if (postgres())
            QSqlQuery(db().connection()).exec(QStringLiteral("RESET enable_seqscan"));
    }

    void theSearchIsServedByTheIndexes()
    {
        if (postgres()) // a handful of rows: make the planner show what it could use
            QSqlQuery(db().connection()).exec(QStringLiteral("SET enable_seqscan = off"));
        const QString end = QString::fromUcs4(U"\U0010FFFF");
        QVariantList values;
        for (int column = 0; column < 3; ++column)
            values << QStringLiteral("harg") << QString(QStringLiteral("harg") + end);
        values << 50;
        const QString plan = explain(db(), PersonRecordQuery::searchStatement(1), values);
        for (const char *index :
             {"people_by_family_name_key", "people_by_given_name_key", "people_by_person_ref_key"})
            QVERIFY2(plan.contains(QLatin1String(index)), qPrintable(plan));
        if (postgres())
            QSqlQuery(db().connection()).exec(QStringLiteral("RESET enable_seqscan"));
    }

    void opensTheRecordWithItsSectionsAndRecordsEachOpening()
    {
        PersonRecordQuery records(db());
        const qint64 episode = db().insert(
            QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                           "payment_for_person_id, created_by) VALUES (?, 'Direct Payments', ?, "
                           "?, ?) RETURNING id"),
            {m_lily, QDate(2027, 3, 1), m_emma, m_worker});
        QVERIFY(episode > 0);

        Status status;
        const PersonRecord record =
            records.open(m_lily, Actor{m_worker, QStringLiteral("social_worker")}, &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        const PersonDetails &lily = record.person;
        QCOMPARE(lily.id, m_lily);
        QCOMPARE(lily.name(), QStringLiteral("Lily Hargreaves"));
        QCOMPARE(lily.ref, QStringLiteral("C100201"));
        QCOMPARE(lily.gender, QStringLiteral("Female"));
        QCOMPARE(lily.address, QStringLiteral("12 Lark Rise, Exampleton"));
        QVERIFY(lily.isChild);
        QVERIFY(!lily.restricted);
        QCOMPARE(lily.allocatedWorkerId, m_worker);
        QCOMPARE(lily.ageOn(QDate(2027, 5, 19)), 10);
        QCOMPARE(lily.ageOn(QDate(2027, 5, 20)), 11);

        QCOMPARE(record.relationships.size(), 2);
        QCOMPARE(record.relationships.at(0).name, QStringLiteral("Emma Hargreaves"));
        QCOMPARE(record.relationships.at(0).relationship, QStringLiteral("Mother"));
        QVERIFY(record.relationships.at(0).parentalResponsibility);
        QVERIFY(!record.relationships.at(0).inverse);
        QCOMPARE(record.relationships.at(1).name, QStringLiteral("Paul Hargreaves"));
        QVERIFY(!record.relationships.at(1).parentalResponsibility);

        QCOMPARE(record.episodes.size(), 1);
        QCOMPARE(record.episodes.at(0).id, episode);
        QCOMPARE(record.episodes.at(0).episodeType, QStringLiteral("Direct Payments"));
        QCOMPARE(record.episodes.at(0).startDate, QDate(2027, 3, 1));
        QVERIFY(record.episodes.at(0).isOpen());
        QCOMPARE(record.episodes.at(0).paymentForName, QStringLiteral("Emma Hargreaves"));
        QCOMPARE(record.episodes.at(0).paymentForRelationship, QStringLiteral("Mother"));

        // Every opening is in the audit log, and in the list of who has viewed the record.
        QCOMPARE(viewsOf(m_lily), 1);
        records.open(m_lily, Actor{m_manager, QStringLiteral("ps_manager")}, &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(viewsOf(m_lily), 2);
        QCOMPARE(viewsOf(m_emma), 0);
        const QList<RecordView> viewers = RecordAccess(db()).viewers(m_lily, &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(viewers.size(), 2);
        QCOMPARE(viewers.at(0).actingRole, QStringLiteral("ps_manager"));
        QCOMPARE(viewers.at(1).actingRole, QStringLiteral("social_worker"));
    }

    void aParentsRecordListsTheChildrenTheyAreRelatedTo()
    {
        PersonRecordQuery records(db());
        // Recorded only on the child: Emma is Lily's Mother, with parental responsibility.
        const QList<RelationshipEntry> emmas = records.relationships(m_emma);
        QCOMPARE(emmas.size(), 1);
        QCOMPARE(emmas.first().personId, m_lily);
        QCOMPARE(emmas.first().relationship, QStringLiteral("Mother")); // what Emma is to Lily
        QVERIFY(emmas.first().inverse);
        QVERIFY(emmas.first().thisPersonResponsible);
        QVERIFY(!emmas.first().parentalResponsibility);
        // Recorded both ways: listed once, as recorded on this person.
        const QList<RelationshipEntry> pauls = records.relationships(m_paul);
        QCOMPARE(pauls.size(), 1);
        QCOMPARE(pauls.first().relationship, QStringLiteral("Daughter"));
        QVERIFY(!pauls.first().inverse);
        QVERIFY(!pauls.first().thisPersonResponsible);
        const QList<RelationshipEntry> lilys = records.relationships(m_lily);
        QCOMPARE(lilys.size(), 2);
        QVERIFY(!lilys.at(1).inverse);
        QCOMPARE(lilys.at(1).relationship, QStringLiteral("Father"));
    }

    void aRecordThatDoesNotExistIsNotOpened()
    {
        Status status;
        const PersonRecord record = PersonRecordQuery(db()).open(
            m_lily + 1000, Actor{m_worker, QStringLiteral("social_worker")}, &status);
        QVERIFY(!status.isOk());
        QVERIFY(!status.message().isEmpty());
        QVERIFY(!record.person.isValid());
        QCOMPARE(viewsOf(m_lily), 0);
    }

    void theHistorySaysWhyAStepWasCancelled()
    {
        const QDateTime at(QDate(2026, 2, 1), QTime(9, 0), Qt::UTC);
        const qint64 step =
            addStep(m_lily, QStringLiteral("Child in Need Visit"), QStringLiteral("started"), at);
        QVERIFY(step > 0);
        QVERIFY(db().exec(QStringLiteral("UPDATE worksteps SET status = 'cancelled', "
                                         "cancelled_reason = ?, finished_by = ?, finished_at = ? "
                                         "WHERE id = ?"),
                          {QStringLiteral("Started for the wrong child"), m_worker, at.addSecs(60),
                           step})
                    .lastError()
                    .type() == QSqlError::NoError);
        const HistoryPage page = PersonRecordQuery(db()).history(m_lily, 0, 10);
        QCOMPARE(page.entries.size(), 1);
        QCOMPARE(page.entries.first().status, QStringLiteral("cancelled"));
        QCOMPARE(page.entries.first().reason, QStringLiteral("Started for the wrong child"));
    }

    void pagesTheHistoryOfStepsAndRequestsNewestFirst()
    {
        const QDateTime start(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC);
        QList<qint64> steps;
        for (int i = 0; i < 130; ++i) {
            const QString status =
                i % 3 == 0 ? QStringLiteral("finished") : QStringLiteral("started");
            steps << addStep(m_lily, QStringLiteral("Child in Need Visit"), status,
                             start.addDays(i));
            QVERIFY(steps.last() > 0);
            if (i % 5 == 0)
                QVERIFY(addRequest(steps.last(),
                                   QStringLiteral("CS Manager: Please review and confirm next "
                                                  "action"),
                                   start.addDays(i).addSecs(7200)) > 0);
        }
        QVERIFY(addStep(m_emma, QStringLiteral("SC Panel"), QStringLiteral("started"), start) > 0);

        PersonRecordQuery records(db());
        QString error;
        QList<HistoryEntry> all;
        int total = -1;
        for (int offset = 0; offset < 200; offset += 40) {
            const HistoryPage page = records.history(m_lily, offset, 40, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(page.offset, offset);
            total = page.total;
            QVERIFY(page.entries.size() <= 40);
            all += page.entries;
            if (page.entries.size() < 40)
                break;
        }
        QCOMPARE(total, 130 + 26);
        QCOMPARE(all.size(), total);
        QSet<QPair<qint64, qint64>> seen;
        for (int i = 0; i < all.size(); ++i) {
            seen.insert(qMakePair(all.at(i).stepId, all.at(i).requestId));
            if (i > 0)
                QVERIFY(all.at(i - 1).at >= all.at(i).at);
        }
        QCOMPARE(seen.size(), total); // no line twice, none left out

        // Newest first: the last four steps, then the last request, sent two hours after
        // its step was created, then that step.
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(all.at(i).stepId, steps.at(129 - i));
            QVERIFY(!all.at(i).isRequest());
        }
        const HistoryEntry &request = all.at(4);
        QVERIFY(request.isRequest());
        QCOMPARE(request.stepId, steps.at(125));
        QCOMPARE(request.title(), QStringLiteral("CS Manager: Please review and confirm next "
                                                 "action: Child in Need Visit"));
        QCOMPARE(request.status, QStringLiteral("outstanding"));
        QCOMPARE(request.who, QStringLiteral("Sam Tester"));
        QCOMPARE(request.recipient, QStringLiteral("Morgan Lead"));
        QVERIFY(request.required);
        QCOMPARE(all.at(5).stepId, steps.at(125));
        QVERIFY(!all.at(5).isRequest());
        const HistoryEntry &oldest = all.last();
        QCOMPARE(oldest.stepId, steps.first());
        QCOMPARE(oldest.status, QStringLiteral("finished"));
        QCOMPARE(oldest.at.toUTC(), start);
        QCOMPARE(oldest.closedAt.toUTC(), start.addSecs(3600));
        QCOMPARE(oldest.closedByName, QStringLiteral("Sam Tester"));
        QCOMPARE(oldest.who, QStringLiteral("Sam Tester"));

        QCOMPARE(records.history(m_emma).total, 1);
        QCOMPARE(records.history(m_paul).total, 0);
    }
};

QTEST_GUILESS_MAIN(TestPersonRecordQuery)
#include "tst_personrecordquery.moc"
