// Access by job on SQLite (issue 14, item 5), which has no row-level security: a worker whose
// role opens only what they are asked about (Short Break Home Staff) sees, of a child's record,
// only the placement request their home holds and the CS Placement Request it came from, with no
// relationships or episodes, and cannot open another child's record; anyone else sees it whole.
// On PostgreSQL the server does the same (security_access_by_job_postgres).
#include "scenario.h"

#include "records/personrecordquery.h"

using namespace casedesk;
using namespace casedesk::test;

class TestAskedAboutRecord : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    qint64 m_placement = 0;   // the Social Worker's CS Placement Request
    qint64 m_homeRequest = 0; // CS Short Term Breaks Placement Request, to Haven Cottage
    qint64 m_otherChild = 0;

    AuthorityFixture &a() { return *m_authority; }
    Database &db() { return m_database->db(); }

    qint64 addStep(qint64 person, const QString &type, const QString &status, qint64 from,
                   qint64 worker, qint64 virtualWorker, qint64 finishedBy)
    {
        return db().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, from_step_id, "
                           "assignee_worker_id, assignee_virtual_worker_id, finished_by) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            {person, type, status, from ? QVariant(from) : QVariant(QMetaType(QMetaType::LongLong)),
             worker ? QVariant(worker) : QVariant(QMetaType(QMetaType::LongLong)),
             virtualWorker ? QVariant(virtualWorker) : QVariant(QMetaType(QMetaType::LongLong)),
             finishedBy ? QVariant(finishedBy) : QVariant(QMetaType(QMetaType::LongLong))});
    }

    static QStringList titles(const HistoryPage &page)
    {
        QStringList result;
        for (const HistoryEntry &entry : page.entries)
            result << entry.title();
        result.sort();
        return result;
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        QVERIFY2(db().settings().backend == ConnectionSettings::Backend::Sqlite,
                 "this test is for the embedded SQLite database");
        m_authority = std::make_unique<AuthorityFixture>(db());
        const qint64 sw = a().workers.value(QStringLiteral("sw"));
        const qint64 visit = addStep(a().childId, QStringLiteral("Child in Need Visit"),
                                     QStringLiteral("finished"), 0, sw, 0, sw);
        const qint64 panel = addStep(a().childId, QStringLiteral("SC Panel"),
                                     QStringLiteral("finished"), visit, sw, 0, sw);
        m_placement = addStep(a().childId, QStringLiteral("CS Placement Request"),
                              QStringLiteral("finished"), panel, sw, 0, sw);
        m_homeRequest =
            addStep(a().childId, QStringLiteral("CS Short Term Breaks Placement Request"),
                    QStringLiteral("incoming"), m_placement, 0,
                    a().virtualWorkers.value(QStringLiteral("haven-cottage")), 0);
        const qint64 mother = a().addChild(QStringLiteral("Mia"), QStringLiteral("Testmother"));
        QVERIFY(db().insert(QStringLiteral("INSERT INTO relationships (person_id, "
                                           "related_person_id, relationship) VALUES (?, ?, ?) "
                                           "RETURNING id"),
                            {a().childId, mother, QStringLiteral("Mother")}) > 0);
        m_otherChild = a().addChild(QStringLiteral("Olly"), QStringLiteral("Otherchild"));
        addStep(m_otherChild, QStringLiteral("Child in Need Visit"), QStringLiteral("started"), 0,
                sw, 0, 0);
        QVERIFY(visit > 0 && panel > 0 && m_placement > 0 && m_homeRequest > 0);
    }

    void cleanup()
    {
        m_authority.reset();
        m_database.reset();
    }

    void homeStaffSeeThePlacementTheyAreAskedAbout()
    {
        const Actor home = a().as(QStringLiteral("haven"), QStringLiteral("home_staff"));
        PersonRecordQuery query(db());
        query.setAskedAboutOnly(home.workerId);
        const RecordReading reading = query.read(a().childId, home, true);
        QVERIFY2(reading.status.isOk(), qPrintable(reading.status.message()));
        QCOMPARE(titles(reading.history),
                 (QStringList{QStringLiteral("CS Placement Request"),
                              QStringLiteral("CS Short Term Breaks Placement Request")}));
        QCOMPARE(reading.history.total, 2);
        QVERIFY(reading.record.relationships.isEmpty()); // the SW sees the mother
        QVERIFY(reading.record.episodes.isEmpty());
        // Paging past the end reads nothing more.
        QVERIFY(query.history(a().childId, 50).entries.isEmpty());
    }

    void homeStaffCannotOpenAChildTheyAreNotAskedAbout()
    {
        const Actor home = a().as(QStringLiteral("haven"), QStringLiteral("home_staff"));
        PersonRecordQuery query(db());
        query.setAskedAboutOnly(home.workerId);
        const RecordReading reading = query.read(m_otherChild, home, true);
        QCOMPARE(reading.status.code(), Status::Code::NotAllowed);
        QCOMPARE(reading.status.message(),
                 QStringLiteral("You can open only the records of the children whose placement "
                                "you were asked about."));
        QVERIFY(!reading.record.person.isValid());
        QVERIFY(query.history(m_otherChild).entries.isEmpty());
    }

    void theSocialWorkerSeesTheWholeRecord()
    {
        const Actor sw = a().as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const RecordReading reading = PersonRecordQuery(db()).read(a().childId, sw, true);
        QVERIFY2(reading.status.isOk(), qPrintable(reading.status.message()));
        QCOMPARE(reading.history.total, 4);
        QCOMPARE(reading.record.relationships.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAskedAboutRecord)
#include "tst_askedaboutrecord.moc"
