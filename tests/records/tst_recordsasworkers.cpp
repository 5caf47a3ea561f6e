// Find person and the person record on PostgreSQL with each worker on their own login: the
// server refuses a restricted record to a worker who may not see it, hides it from their
// searches and history, records every opening in the worker's name, and shows who has opened a
// record only to those allowed; the search keeps its indexes under row-level security.
#include "records/personrecordquery.h"
#include "security/recordaccess.h"
#include "securityfixture.h"

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

} // namespace

class TestRecordsAsWorkers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SecurityFixture> m_f;

    SecurityFixture &f() { return *m_f; }

    int viewsBy(const QString &key, qint64 person)
    {
        return f()
            .admin()
            .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                   "action = 'view' AND worker_id = ? AND db_user = ?"),
                    {person, f().id(key), f().username(key)})
            .toInt();
    }

private slots:
    void initTestCase()
    {
        m_f = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        Status status;
        const qint64 visit =
            f().engine(QStringLiteral("sw"))
                .createStep(f().restrictedId, QStringLiteral("Child in Need Visit"), Assignee::me(),
                            f().as(QStringLiteral("sw"), QStringLiteral("social_worker")), &status);
        QVERIFY2(visit > 0, qPrintable(status.message()));
    }

    void aRestrictedRecordIsRefusedToAWorkerWhoMayNotSeeIt()
    {
        const QString far = QStringLiteral("far_sw");
        Status status;
        const PersonRecord record =
            PersonRecordQuery(f().db(far))
                .open(f().restrictedId, f().as(far, QStringLiteral("social_worker")), &status);
        QVERIFY(!status.isOk());
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QVERIFY2(status.message().contains(QLatin1String("not allowed to open the record")),
                 qPrintable(status.message()));
        QVERIFY(!record.person.isValid());
        QVERIFY(record.relationships.isEmpty());
        QCOMPARE(viewsBy(far, f().restrictedId), 0);
        // Nor can they read its parts or its history directly.
        PersonRecordQuery query(f().db(far));
        QVERIFY(!query.person(f().restrictedId).isValid());
        QCOMPARE(query.history(f().restrictedId).total, 0);
        // The child who is not restricted opens for them.
        query.open(f().childId, f().as(far, QStringLiteral("social_worker")), &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(viewsBy(far, f().childId), 1);
    }

    void theAllocatedWorkerOpensItAndEachOpeningIsRecordedInTheirName()
    {
        const QString sw = QStringLiteral("sw");
        PersonRecordQuery query(f().db(sw));
        Status status;
        const PersonRecord record =
            query.open(f().restrictedId, f().as(sw, QStringLiteral("social_worker")), &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(record.person.name(), QStringLiteral("Rhea Testrestricted"));
        QVERIFY(record.person.restricted);
        QCOMPARE(record.person.allocatedWorkerName, QStringLiteral("Worker sw"));
        QCOMPARE(record.person.teamName, QStringLiteral("CWD Team A"));
        QCOMPARE(viewsBy(sw, f().restrictedId), 1);
        query.open(f().restrictedId, f().as(sw, QStringLiteral("social_worker")), &status);
        QCOMPARE(viewsBy(sw, f().restrictedId), 2);

        const HistoryPage history = query.history(f().restrictedId);
        QCOMPARE(history.total, 1);
        QCOMPARE(history.entries.value(0).stepType, QStringLiteral("Child in Need Visit"));
        QCOMPARE(history.entries.value(0).who, QStringLiteral("Worker sw"));
    }

    void theSearchFindsOnlyWhatTheWorkerMaySee()
    {
        QCOMPARE(
            names(
                PersonRecordQuery(f().db(QStringLiteral("far_sw"))).search(QStringLiteral("test"))),
            QStringList{QStringLiteral("Ava Testchild")});
        QCOMPARE(
            names(PersonRecordQuery(f().db(QStringLiteral("sw"))).search(QStringLiteral("test"))),
            QStringList({QStringLiteral("Ava Testchild"), QStringLiteral("Rhea Testrestricted")}));
        QCOMPARE(names(PersonRecordQuery(f().db(QStringLiteral("manager")))
                           .search(f().restrictedRef.toLower())),
                 QStringList{QStringLiteral("Rhea Testrestricted")});
    }

    void theSearchKeepsItsIndexesUnderRowLevelSecurity()
    {
        // Row-level security lets the planner use an index only for leakproof conditions;
        // the search's >= and < on the lower-case copies are.
        Database &far = f().db(QStringLiteral("far_sw"));
        QSqlQuery(far.connection()).exec(QStringLiteral("SET enable_seqscan = off"));
        QString statement = PersonRecordQuery::searchStatement(1);
        const QString end = QString::fromUcs4(U"\U0010FFFF");
        for (int column = 0; column < 3; ++column) {
            statement.replace(statement.indexOf(QLatin1Char('?')), 1, QStringLiteral("'test'"));
            statement.replace(statement.indexOf(QLatin1Char('?')), 1,
                              QStringLiteral("'test") + end + QLatin1Char('\''));
        }
        statement.replace(statement.indexOf(QLatin1Char('?')), 1, QStringLiteral("50"));
        QSqlQuery plan(far.connection());
        QVERIFY2(plan.exec(QStringLiteral("EXPLAIN ") + statement),
                 qPrintable(plan.lastError().text()));
        QStringList lines;
        while (plan.next())
            lines << plan.value(0).toString();
        QSqlQuery(far.connection()).exec(QStringLiteral("RESET enable_seqscan"));
        const QString text = lines.join(QLatin1Char('\n'));
        for (const char *index :
             {"people_by_family_name_key", "people_by_given_name_key", "people_by_person_ref_key"})
            QVERIFY2(text.contains(QLatin1String(index)), qPrintable(text));
    }

    void whoHasViewedTheRecordIsShownOnlyToThoseAllowed()
    {
        const QString sw = QStringLiteral("sw");
        Status status;
        PersonRecordQuery(f().db(sw))
            .open(f().childId, f().as(sw, QStringLiteral("social_worker")), &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));

        const QList<RecordView> seenBySw = RecordAccess(f().db(sw)).viewers(f().childId, &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QVERIFY(!seenBySw.isEmpty());
        QCOMPARE(seenBySw.first().workerId, f().id(sw)); // newest first
        QCOMPARE(seenBySw.first().actingRole, QStringLiteral("social_worker"));

        RecordAccess(f().db(QStringLiteral("manager"))).viewers(f().childId, &status);
        QVERIFY2(status.isOk(), qPrintable(status.message()));

        const QList<RecordView> seenByFar =
            RecordAccess(f().db(QStringLiteral("far_sw"))).viewers(f().childId, &status);
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QVERIFY(seenByFar.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecordsAsWorkers)
#include "tst_recordsasworkers.moc"
