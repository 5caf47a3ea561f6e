// Round trips are what a slow link charges for. Counted through the link simulator: a statement
// CaseDesk has run before on a connection costs one round trip (Qt's QPSQL alone costs three:
// PREPARE, EXECUTE, DEALLOCATE), and the rows come back whole, so a statement may run again while
// the caller still reads the first one's rows.
#include "authorityfixture.h"
#include "definitions/definitionregistry.h"
#include "linksimulator.h"
#include "storage/database.h"
#include "testdatabase.h"
#include "workflow/stepcontext.h"
#include "workflow/workflowengine.h"

#include <QSqlError>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// A started Child in Need Visit of the fixture's child with every mandatory answer given.
qint64 visitReadyToFinish(WorkflowEngine &engine, const AuthorityFixture &authority,
                          const Actor &sw)
{
    const qint64 id = engine.createStep(authority.childId, QStringLiteral("Child in Need Visit"),
                                        Assignee::me(), sw);
    if (id <= 0 || !engine.startStep(id, sw))
        return 0;
    const QHash<QString, QString> answers{
        {QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
        {QStringLiteral("visit_type"), QStringLiteral("Announced")},
        {QStringLiteral("child_seen"), QStringLiteral("true")},
        {QStringLiteral("observations"), QStringLiteral("Settled.")}};
    return engine.saveAnswers(id, QStringLiteral("CS-VISIT"), answers, sw) ? id : 0;
}

QString token()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class TestRoundTrips : public QObject
{
    Q_OBJECT

private slots:
    void aStatementRunBeforeCostsOneRoundTrip()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        QVERIFY(link.isListening());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        const QString sql = QStringLiteral("SELECT ?::int + 1");

        QCOMPARE(db.scalar(sql, {1}).toInt(), 2); // prepared the first time
        qint64 before = link.clientSends();
        QCOMPARE(db.scalar(sql, {41}).toInt(), 42);
        QCOMPARE(link.clientSends() - before, 1);

        // Ten more: ten round trips, nothing deallocated or prepared again.
        before = link.clientSends();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(db.scalar(sql, {i}).toInt(), i + 1);
        QCOMPARE(link.clientSends() - before, 10);
    }

    void rowsAreReadWholeSoTheSameStatementCanNest()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        const QString sql = QStringLiteral("SELECT generate_series(1, ?::int)");
        QSqlQuery outer = db.exec(sql, {3});
        QVERIFY(outer.isActive());
        QCOMPARE(outer.size(), 3);
        int sum = 0;
        while (outer.next()) {
            QSqlQuery inner = db.exec(sql, {outer.value(0).toInt()});
            while (inner.next())
                sum += inner.value(0).toInt();
        }
        QCOMPARE(sum, 1 + (1 + 2) + (1 + 2 + 3));
    }

    void errorsAndWritesReadAsBefore()
    {
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link)).isOk());
        // DDL cannot be prepared; CaseDesk runs it (migrations) on the connection itself.
        QSqlQuery ddl(db.connection());
        QVERIFY(ddl.exec(QStringLiteral("CREATE TEMPORARY TABLE t (id serial, v text)")));
        QSqlQuery insert = db.exec(QStringLiteral("INSERT INTO t (v) VALUES (?), (?) RETURNING id"),
                                   {QStringLiteral("a"), QVariant(QMetaType(QMetaType::QString))});
        QVERIFY(insert.isActive());
        QCOMPARE(insert.numRowsAffected(), 2);
        QVERIFY(insert.next());
        QCOMPARE(insert.value(0).toInt(), 1);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM t WHERE v IS NULL")).toInt(), 1);
        QString error;
        QSqlQuery bad = db.exec(QStringLiteral("SELECT no_such_column FROM t"), {}, &error);
        QVERIFY(!bad.isActive());
        QVERIFY2(error.contains(QStringLiteral("no_such_column")), qPrintable(error));
        QVERIFY(bad.lastError().isValid());

        // The connection drops: the statement fails, and after reopening works again.
        const QString sql = QStringLiteral("SELECT ?::int * 2");
        QCOMPARE(db.scalar(sql, {2}).toInt(), 4);
        link.resetConnections();
        QVERIFY(!db.exec(sql, {3}).isActive());
        QVERIFY(db.reopen().isOk());
        QCOMPARE(db.scalar(sql, {5}).toInt(), 10);
    }

    // The budget: opening a step <= 3 round trips, a save <= 2. Each is counted after a
    // warm-up call (its statements prepared on the connection, as in a session open a while).
    void openingSavingAndFinishingAStep()
    {
        CASEDESK_TEST_DATABASE(database);
        AuthorityFixture authority(database.db());
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link, database.settings().databaseName))
                    .isOk());
        WorkflowEngine engine(db, DefinitionRegistry::shared());
        const Actor sw = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const qint64 visit = visitReadyToFinish(engine, authority, sw);
        QVERIFY(visit > 0);
        const auto roundTrips = [&link](const std::function<void()> &interaction) {
            const qint64 before = link.clientSends();
            interaction();
            return link.clientSends() - before;
        };

        // Opening a step: everything the editor shows, in one statement.
        engine.snapshot(visit, sw);
        StepSnapshot snapshot;
        QCOMPARE(roundTrips([&] { snapshot = engine.snapshot(visit, sw); }), 1);
        QCOMPARE(snapshot.values.value(QStringLiteral("CS-VISIT")).size(), 4);
        QCOMPARE(snapshot.whyCannotEdit, QString());

        // Saving one answer, as Save does (with a save token): the checks' read, then the
        // writes, token and audit in one statement.
        const QString observations = QStringLiteral("observations");
        QVERIFY(engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                   {{observations, QStringLiteral("Warm-up.")}}, sw, -1, nullptr,
                                   token()));
        Status saved;
        QCOMPARE(roundTrips([&] {
                     saved = engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                                {{observations, QStringLiteral("Counted.")}}, sw,
                                                -1, nullptr, token());
                 }),
                 2);
        QVERIFY2(saved.isOk(), qPrintable(saved.message()));
        QCOMPARE(engine.answers(visit, QStringLiteral("CS-VISIT")).value(observations).value,
                 QStringLiteral("Counted."));
        // The same save again (its answer was lost and it is retried): one read, nothing written.
        const QString retried = token();
        QVERIFY(engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                   {{observations, QStringLiteral("Once.")}}, sw, -1, nullptr,
                                   retried));
        const int revision = engine.step(visit).revision;
        QCOMPARE(roundTrips([&] {
                     saved = engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                                {{observations, QStringLiteral("Once.")}}, sw, -1,
                                                nullptr, retried);
                 }),
                 1);
        QVERIFY(saved.isOk());
        QCOMPARE(engine.step(visit).revision, revision);

        // What is missing (Finish's question, asked before it is pressed): one statement.
        engine.whatIsMissing(visit);
        QList<Problem> missing{Problem{}};
        QCOMPARE(roundTrips([&] { missing = engine.whatIsMissing(visit); }), 1);
        QVERIFY(missing.isEmpty());

        // Finishing: one read for the rules, then BEGIN, the update, the next actions read
        // again under the lock, the audit entry and COMMIT.
        const qint64 warmUp = visitReadyToFinish(engine, authority, sw);
        QVERIFY(warmUp > 0);
        QVERIFY(engine.finishStep(warmUp, sw));
        Status finished;
        QCOMPARE(roundTrips([&] { finished = engine.finishStep(visit, sw); }), 6);
        QVERIFY2(finished.isOk(), qPrintable(finished.message()));
        QCOMPARE(engine.step(visit).status, StepStatus::Finished);
    }

    // What a step is about (the context beside its forms): two statements, however far back.
    void readingWhatAStepIsAbout()
    {
        CASEDESK_TEST_DATABASE(database);
        AuthorityFixture authority(database.db());
        Database &admin = database.db();
        const qint64 sw = authority.workers.value(QStringLiteral("sw"));
        const auto stepFrom = [&](const QString &type, const QVariant &from) {
            return admin.insert(
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id, from_step_id) VALUES (?, ?, 'finished', ?, ?) "
                               "RETURNING id"),
                {authority.childId, type, sw, from});
        };
        const qint64 placement = stepFrom(QStringLiteral("CS Placement Request"),
                                          QVariant(QMetaType(QMetaType::LongLong)));
        QVERIFY(admin.insert(QStringLiteral("INSERT INTO form_answers (step_id, form_code, "
                                            "question_id, value, version, saved_by, saved_as_role) "
                                            "VALUES (?, 'CS-PLACEMENT', 'reason_for_request', "
                                            "'Short breaks.', 1, ?, 'social_worker') RETURNING id"),
                             {placement, sw}) > 0);
        const qint64 response =
            stepFrom(QStringLiteral("CS Short Term Breaks Placement Request"), placement);
        LinkSimulator link(LinkTarget::testPostgres());
        Database db;
        QVERIFY(db.open(TestDatabase::postgresServerThrough(link, database.settings().databaseName))
                    .isOk());
        StepContextQuery query(db, DefinitionRegistry::shared());
        QCOMPARE(query.read(response).forms.size(), 1); // warm-up
        const qint64 before = link.clientSends();
        const StepContext context = query.read(response);
        QCOMPARE(link.clientSends() - before, 2);
        QVERIFY(context.status.isOk());
        QCOMPARE(context.forms.size(), 1);
    }
};

QTEST_MAIN(TestRoundTrips)
#include "tst_roundtrips.moc"
