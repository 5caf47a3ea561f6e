// Access by job on the server (020_access_by_job.postgres.sql), on each worker's own login:
// Short Break Home Staff see the placement request sent to their home and the request it came
// from, not the rest of the child's record (other steps and their forms, episodes, events,
// relationships) nor any other person; starting a step type the role may not start, or a visit
// to a child on a parent's record, is refused by direct SQL; what is allowed still goes through.
#include "securityfixture.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString InsertStep =
    QStringLiteral("INSERT INTO worksteps (person_id, step_type, assignee_worker_id, created_by) "
                   "VALUES (?, ?, ?, ?)");

} // namespace

class TestAccessByJobAsWorkers : public QObject
{
    Q_OBJECT

    struct Record
    {
        qint64 parent = 0;
        qint64 otherChild = 0;
        qint64 placement = 0;  // CS Placement Request, the Social Worker's
        qint64 askedAbout = 0; // CS Short Term Breaks Placement Request to Haven Cottage
        qint64 visit = 0;      // another step on the same child
        qint64 referral = 0;   // in a Direct Payments episode of the same child
        qint64 episode = 0;
        qint64 otherVisit = 0; // a step on another child
    };

    // The child's record as an administrator writes it (not checked by the workers' rules).
    Record seed(SecurityFixture &f)
    {
        Database &admin = f.admin();
        Record r;
        const qint64 sw = f.id(QStringLiteral("sw"));
        r.parent = admin.insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child) "
                           "VALUES ('TPAR' || ?, 'Pat', 'Testparent', FALSE) RETURNING id"),
            {f.childId});
        r.otherChild = admin.insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child, "
                           "allocated_worker_id) VALUES ('TOTH' || ?, 'Oli', 'Otherchild', TRUE, "
                           "?) RETURNING id"),
            {f.childId, sw});
        admin.exec(QStringLiteral("INSERT INTO relationships (person_id, related_person_id, "
                                  "relationship, has_parental_responsibility) VALUES (?, ?, "
                                  "'Mother', TRUE)"),
                   {f.childId, r.parent});
        auto step = [&](qint64 person, const QString &type, qint64 worker, qint64 vw, qint64 from,
                        qint64 episode) {
            return admin.insert(
                QStringLiteral(
                    "INSERT INTO worksteps (person_id, step_type, status, assignee_worker_id, "
                    "assignee_virtual_worker_id, from_step_id, episode_id, created_by) VALUES "
                    "(?, ?, 'started', NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?) "
                    "RETURNING id"),
                {person, type, worker, vw, from, episode, sw});
        };
        auto answer = [&](qint64 stepId, const QString &form, const QString &question) {
            admin.exec(QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, "
                                      "value, version, saved_by, saved_as_role) VALUES (?, ?, ?, "
                                      "'Written by the social worker', 1, ?, 'social_worker')"),
                       {stepId, form, question, sw});
        };
        r.placement = step(f.childId, QStringLiteral("CS Placement Request"), sw, 0, 0, 0);
        answer(r.placement, QStringLiteral("CS-PLACEMENT"),
               QStringLiteral("placement_request_type"));
        r.askedAbout = step(f.childId, QStringLiteral("CS Short Term Breaks Placement Request"), 0,
                            f.vwId(QStringLiteral("haven-cottage")), r.placement, 0);
        r.visit = step(f.childId, QStringLiteral("Child in Need Visit"), sw, 0, 0, 0);
        answer(r.visit, QStringLiteral("CS-VISIT"), QStringLiteral("visit_type"));
        r.episode = admin.insert(
            QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, created_by) "
                           "VALUES (?, 'Direct Payments', CURRENT_DATE, ?) RETURNING id"),
            {f.childId, sw});
        admin.exec(QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, "
                                  "event_date, recorded_by) VALUES (?, ?, 'Start Direct "
                                  "Payments', CURRENT_DATE, ?)"),
                   {f.childId, r.episode, sw});
        r.referral =
            step(f.childId, QStringLiteral("Direct Payments Referral"), sw, 0, 0, r.episode);
        r.otherVisit = step(r.otherChild, QStringLiteral("Child in Need Visit"), sw, 0, 0, 0);
        return r;
    }

    QString ids(SecurityFixture &f, const QString &key, const QString &table)
    {
        // Table names come from the test's own literals, never from input.
        return f
            .scalarAs(key, QStringLiteral("SELECT COALESCE(string_agg(id::text, ',' ORDER BY id), "
                                          "'') FROM ") +
                               table)
            .toString();
    }

    int count(SecurityFixture &f, const QString &key, const QString &sql,
              const QVariantList &values = {})
    {
        return f.scalarAs(key, sql, values).toInt();
    }

private slots:
    void homeStaffSeeOnlyThePlacementRequestTheyAreAskedAbout()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Record r = seed(f);
        const QString haven = QStringLiteral("haven");
        // The child, and no one else: not the parent, not another child.
        QCOMPARE(ids(f, haven, QStringLiteral("people")), QString::number(f.childId));
        // The request they are asked about and the placement request it comes from; not the
        // visit, the Direct Payments referral or the other child's visit.
        QCOMPARE(ids(f, haven, QStringLiteral("worksteps")),
                 QStringLiteral("%1,%2").arg(r.placement).arg(r.askedAbout));
        QCOMPARE(count(f, haven,
                       QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ?"),
                       {r.placement}),
                 1);
        QCOMPARE(count(f, haven,
                       QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ?"),
                       {r.visit}),
                 0);
        QCOMPARE(count(f, haven, QStringLiteral("SELECT count(*) FROM form_answers")), 1);
        QCOMPARE(count(f, haven, QStringLiteral("SELECT count(*) FROM episodes")), 0);
        QCOMPARE(count(f, haven, QStringLiteral("SELECT count(*) FROM events")), 0);
        QCOMPARE(count(f, haven, QStringLiteral("SELECT count(*) FROM relationships")), 0);
        // Opening the record: the child's opens, another child's is refused.
        QCOMPARE(f.refusal(haven,
                           QStringLiteral("SELECT * FROM casedesk_open_person(?, "
                                          "'home_staff')"),
                           {f.childId}),
                 QString());
        EXPECT_REFUSED(f, haven,
                       QStringLiteral("SELECT * FROM casedesk_open_person(?, 'home_staff')"),
                       QVariantList{r.otherChild}, QStringLiteral("not allowed to open"));
        // Strut House was asked nothing: it sees no one.
        QCOMPARE(count(f, QStringLiteral("strut"), QStringLiteral("SELECT count(*) FROM people")),
                 0);
        QCOMPARE(
            count(f, QStringLiteral("strut"), QStringLiteral("SELECT count(*) FROM worksteps")), 0);
        // Nor do the commissioning team and a carer's Supervising Social Worker, who open only
        // what they are asked about too (roles.json).
        for (const QString &key : {QStringLiteral("commissioner"), QStringLiteral("ssw")}) {
            QVERIFY2(count(f, key, QStringLiteral("SELECT count(*) FROM people")) == 0,
                     qPrintable(key));
            QVERIFY2(count(f, key, QStringLiteral("SELECT count(*) FROM worksteps")) == 0,
                     qPrintable(key));
        }
    }

    void otherRolesStillSeeWholeRecords()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Record r = seed(f);
        for (const QString &key : {QStringLiteral("sw"), QStringLiteral("manager"),
                                   QStringLiteral("paneladmin"), QStringLiteral("duty")}) {
            QVERIFY2(count(f, key,
                           QStringLiteral("SELECT count(*) FROM worksteps WHERE id IN "
                                          "(?, ?, ?, ?, ?)"),
                           {r.placement, r.askedAbout, r.visit, r.referral, r.otherVisit}) == 5,
                     qPrintable(key));
            QVERIFY2(count(f, key,
                           QStringLiteral("SELECT count(*) FROM people WHERE id IN (?, ?, "
                                          "?)"),
                           {f.childId, r.parent, r.otherChild}) == 3,
                     qPrintable(key));
            QVERIFY2(count(f, key, QStringLiteral("SELECT count(*) FROM episodes WHERE id = ?"),
                           {r.episode}) == 1,
                     qPrintable(key));
            QVERIFY2(count(f, key, QStringLiteral("SELECT count(*) FROM relationships")) == 1,
                     qPrintable(key));
        }
    }

    void startingWhatTheRoleDoesNotStartIsRefused()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Record r = seed(f);
        const QString visit = QStringLiteral("Child Protection Visit");
        const qint64 paneladmin = f.id(QStringLiteral("paneladmin"));
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), InsertStep,
                       (QVariantList{f.childId, visit, paneladmin, paneladmin}),
                       QStringLiteral("only a Social Worker or PS/Manager starts \"Child "
                                      "Protection Visit\" from a record"));
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), InsertStep,
                       (QVariantList{r.parent, visit, paneladmin, paneladmin}),
                       QStringLiteral("only a Social Worker or PS/Manager starts"));
        const qint64 haven = f.id(QStringLiteral("haven"));
        EXPECT_REFUSED(
            f, QStringLiteral("haven"), InsertStep,
            (QVariantList{f.childId, QStringLiteral("Child in Need Visit"), haven, haven}),
            QStringLiteral("only a Social Worker or PS/Manager starts"));
        EXPECT_REFUSED(
            f, QStringLiteral("haven"), InsertStep,
            (QVariantList{f.childId, QStringLiteral("Direct Payments Referral"), haven, haven}),
            QStringLiteral("CaseDesk refused"));
        // A visit is for a child, whoever starts it.
        const qint64 sw = f.id(QStringLiteral("sw"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep, (QVariantList{r.parent, visit, sw, sw}),
                       QStringLiteral("\"Child Protection Visit\" is for a child, and person"));
        // Allowed still works: the Social Worker's visit, and through the engine on her login.
        QCOMPARE(f.refusal(QStringLiteral("sw"), InsertStep, {f.childId, visit, sw, sw}),
                 QString());
        Status status;
        QVERIFY(f.engine(QStringLiteral("manager"))
                    .createStep(f.childId, visit, Assignee::me(),
                                f.as(QStringLiteral("manager"), QStringLiteral("ps_manager")),
                                &status) > 0);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE step_type = ? "
                                            "AND person_id = ?"),
                             {visit, f.childId})
                     .toInt(),
                 2);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE person_id = ?"),
                             {r.parent})
                     .toInt(),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestAccessByJobAsWorkers)
#include "tst_accessbyjobasworkers.moc"
