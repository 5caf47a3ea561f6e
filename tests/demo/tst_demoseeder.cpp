#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "directpayments/directpayments.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"
#include "workview/workerdirectory.h"
#include "workview/workviewquery.h"

#include <QtTest>

using namespace casedesk;

namespace {

int count(Database &db, const QString &sql, const QVariantList &values = {})
{
    return db.scalar(sql, values).toInt();
}

QStringList titles(const WorkviewSection &section, WorkviewCategory category)
{
    QStringList result;
    if (const WorkviewCategoryPage *page = section.category(category))
        for (const WorkviewItem &item : page->items)
            result << item.title();
    return result;
}

const QStringList tables{u"teams"_qs,
                         u"workers"_qs,
                         u"worker_roles"_qs,
                         u"virtual_workers"_qs,
                         u"virtual_worker_members"_qs,
                         u"people"_qs,
                         u"relationships"_qs,
                         u"episodes"_qs,
                         u"events"_qs,
                         u"worksteps"_qs,
                         u"form_answers"_qs,
                         u"step_forms"_qs,
                         u"next_actions"_qs,
                         u"requests"_qs,
                         u"panels"_qs,
                         u"panel_agenda_items"_qs};

QHash<QString, int> rowCounts(Database &db)
{
    QHash<QString, int> counts;
    for (const QString &table : tables) // names from the list above, never from input
        counts.insert(table, count(db, u"SELECT count(*) FROM "_qs + table));
    return counts;
}

} // namespace

class TestDemoSeeder : public QObject
{
    Q_OBJECT

private slots:
    void seedsAWholeAuthorityOnce()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        bool seeded = false;
        const Status status = DemoSeeder(db).seedIfEmpty(&seeded);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QVERIFY(seeded);

        const QHash<QString, int> before = rowCounts(db);
        QVERIFY(DemoSeeder(db).seedIfEmpty(&seeded).isOk());
        QVERIFY(!seeded);
        QCOMPARE(rowCounts(db), before);
    }

    void hasEveryRoleAndTheVirtualWorkersByExactName()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        QVERIFY(DemoSeeder(db).seedIfEmpty().isOk());
        for (const char *role :
             {"social_worker", "ps_manager", "panel", "panel_administrator", "dp_officer",
              "home_staff", "commissioning_officer", "supervising_social_worker", "duty_desk"})
            QVERIFY2(count(db, u"SELECT count(*) FROM worker_roles WHERE role = ?"_qs,
                           {QString::fromLatin1(role)}) > 0,
                     role);
        for (const QString &name :
             {QStringLiteral("CS CWD \u2013 Panel"), QStringLiteral("Direct Payments \u2013 Inbox"),
              u"Direct Payments Group tray"_qs, u"CS Commissioned Placement - Inbox"_qs,
              u"Haven Cottage"_qs, u"Strut House"_qs, u"Duty Desk"_qs}) {
            QCOMPARE(count(db, u"SELECT count(*) FROM virtual_workers WHERE name = ?"_qs, {name}),
                     1);
            QVERIFY2(count(db,
                           u"SELECT count(*) FROM virtual_worker_members m JOIN "
                           "virtual_workers v ON v.id = m.virtual_worker_id "
                           "WHERE v.name = ?"_qs,
                           {name}) > 0,
                     qPrintable(name));
        }

        WorkerDirectory directory(db);
        const WorkerIdentity manager = directory.identityByUsername(DemoSeeder::managerUsername());
        QCOMPARE(manager.roles, QStringList({u"ps_manager"_qs, u"panel"_qs}));
        QCOMPARE(manager.virtualWorkers.size(), 1);
        const WorkerIdentity sw = directory.identityByUsername(DemoSeeder::socialWorkerUsername());
        QCOMPARE(sw.roles, QStringList{u"social_worker"_qs});
        QCOMPARE(sw.teamName, u"CWD Team North"_qs);
        QCOMPARE(directory.activeWorkers().size(), count(db, u"SELECT count(*) FROM workers"_qs));
    }

    void hasAboutThirtyChildrenWithTheirParents()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        QVERIFY(DemoSeeder(db).seedIfEmpty().isOk());
        const int children =
            count(db, u"SELECT count(*) FROM people WHERE is_child = ?"_qs, {true});
        QVERIFY2(children >= 25 && children <= 40, qPrintable(QString::number(children)));
        QCOMPARE(count(db,
                       u"SELECT count(*) FROM people WHERE is_child = ? AND "
                       "(allocated_worker_id IS NULL OR team_id IS NULL OR "
                       "date_of_birth IS NULL)"_qs,
                       {true}),
                 0);
        // Every child has one or two parents or carers.
        QCOMPARE(count(db,
                       u"SELECT count(*) FROM people c WHERE c.is_child = ? AND "
                       "(SELECT count(*) FROM relationships r WHERE r.person_id = c.id) "
                       "NOT BETWEEN 1 AND 2"_qs,
                       {true}),
                 0);
        QCOMPARE(count(db, u"SELECT count(*) FROM people WHERE person_ref LIKE 'C1%'"_qs),
                 children);
    }

    void putsWorkInFlightAtEveryStage()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        const QDate today = QDate::currentDate();
        QVERIFY(DemoSeeder(db, today).seedIfEmpty().isOk());
        for (const char *type :
             {"Child in Need Visit", "CS Decision on Significant Information (Open SC Case)",
              "SC Panel", "CS Placement Request", "SC Social Care Purchase Request",
              "CS Short Term Breaks Placement Request", "CS Childrens Direct Payment Setup",
              "Direct Payments Referral"})
            QVERIFY2(count(db, u"SELECT count(*) FROM worksteps WHERE step_type = ?"_qs,
                           {QString::fromLatin1(type)}) > 0,
                     type);
        for (const char *type : {"CS Manager: Please review and confirm next action",
                                 "CS Manager: Please authorise Panel request",
                                 "CS Request for CWD Panel", "CS Notification of Panel Decision",
                                 "CS Please review purchase request and authorise"})
            QVERIFY2(count(db,
                           u"SELECT count(*) FROM requests WHERE request_type = ? "
                           "AND status = 'outstanding'"_qs,
                           {QString::fromLatin1(type)}) > 0,
                     type);
        for (const char *form : {"C1044", "C0824", "C0773", "C1300"})
            QVERIFY2(count(db, u"SELECT count(*) FROM form_answers WHERE form_code = ?"_qs,
                           {QString::fromLatin1(form)}) > 0,
                     form);
        QVERIFY(count(db, u"SELECT count(*) FROM episodes WHERE episode_type = ?"_qs,
                      {u"Direct Payments"_qs}) > 0);
        QVERIFY(count(db, u"SELECT count(*) FROM events WHERE event_type = ?"_qs,
                      {u"Start Direct Payments"_qs}) > 0);
        QVERIFY(count(db, u"SELECT count(*) FROM panels WHERE last_submission_date >= ?"_qs,
                      {today}) >= 2);
        QVERIFY(count(db, u"SELECT count(*) FROM next_actions"_qs) > 0);
        for (const char *form :
             {"DP-REFERRAL", "DP-ENQUIRY-UPDATE", "DP-PANEL", "DP-REVIEW-MEETING"})
            QVERIFY2(count(db, u"SELECT count(*) FROM form_answers WHERE form_code = ?"_qs,
                           {QString::fromLatin1(form)}) > 0,
                     form);
        // Cases put to the Direct Payments panel, on the agenda of a panel of that type.
        QCOMPARE(count(db,
                       u"SELECT count(*) FROM dp_panel_cases c JOIN panel_agenda_items a ON "
                       "a.panel_case_id = c.id JOIN panels p ON p.id = a.panel_id "
                       "WHERE p.panel_type = ?"_qs,
                       {u"Direct Payments Panel"_qs}),
                 14); // 4 in flight, 10 decided at the five earlier monthly panels
        QCOMPARE(count(db, u"SELECT count(*) FROM panels WHERE panel_type = ?"_qs,
                       {u"Direct Payments Panel"_qs}),
                 9);

        // What the demo social worker and the manager who sits on panel see.
        WorkerDirectory directory(db);
        WorkviewQuery query(db, today);
        const QList<WorkviewSection> sam =
            query.workviewOf(directory.identityByUsername(DemoSeeder::socialWorkerUsername()));
        QCOMPARE(sam.size(), 1);
        QVERIFY(titles(sam.first(), WorkviewCategory::IncomingWork)
                    .contains(u"CS Decision on Significant Information (Open SC Case)"_qs));
        QVERIFY(titles(sam.first(), WorkviewCategory::IncomingWork).contains(u"SC Panel"_qs));
        QVERIFY(titles(sam.first(), WorkviewCategory::IncomingRequests)
                    .contains(u"CS Notification of Panel Decision: SC Panel"_qs));
        QVERIFY(!titles(sam.first(), WorkviewCategory::CurrentWork).isEmpty());
        QVERIFY(!titles(sam.first(), WorkviewCategory::SentRequests).isEmpty());
        QVERIFY(!titles(sam.first(), WorkviewCategory::FutureWork).isEmpty());

        const QList<WorkviewSection> helen =
            query.workviewOf(directory.identityByUsername(DemoSeeder::managerUsername()));
        QCOMPARE(helen.size(), 2);
        QVERIFY(titles(helen.first(), WorkviewCategory::IncomingRequests)
                    .contains(u"CS Manager: Please review and confirm next action: "
                              "CS Decision on Significant Information (Open SC Case)"_qs));
        QCOMPARE(helen.at(1).owner.name, QStringLiteral("CS CWD \u2013 Panel"));
        QVERIFY(titles(helen.at(1), WorkviewCategory::IncomingRequests)
                    .contains(u"CS Request for CWD Panel: SC Panel"_qs));
    }

    void directPaymentsWorkReadsBackThroughTheWorkflowBService()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        const QDate today = QDate::currentDate();
        QVERIFY(DemoSeeder(db, today).seedIfEmpty().isOk());
        WorkflowEngine engine(db, DefinitionRegistry::shared());
        DirectPayments dp(db, engine);
        const QList<PanelRecord> panels = dp.timetable(today, today.addDays(70));
        QCOMPARE(panels.size(), 3);
        for (const PanelRecord &panel : panels)
            QVERIFY2(panel.meetingDate().dayOfWeek() <= 5, "panels meet on working days");

        const QList<AgendaItem> next = dp.agenda(panels.at(0).id);
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().kind, PanelCaseKind::New);
        QCOMPARE(next.first().personName, u"Charlie Vasquez"_qs);
        QCOMPARE(next.first().panelStepType, u"Direct Payments Panel"_qs);

        const QList<AgendaItem> after = dp.agenda(panels.at(1).id);
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.first().kind, PanelCaseKind::Review);
        QCOMPARE(after.first().personName, u"Elijah Stroud"_qs);
        QVERIFY(after.first().preMeetingStepId > 0);
        QCOMPARE(after.first().preMeetingDue, panels.at(1).lastSubmissionDate);
        QVERIFY(dp.waitingForPanel().isEmpty());

        QStringList due;
        for (const ReviewDue &review : dp.reviewsDue(today, 60))
            due << review.personName;
        QVERIFY2(due.contains(u"Elijah Stroud"_qs), qPrintable(due.join(u", "_qs)));
    }

    void placementConfirmationsNameTheWorker()
    {
        CASEDESK_TEST_DATABASE(test);
        Database &db = test.db();
        QVERIFY(DemoSeeder(db).seedIfEmpty().isOk());
        // "Checked and completed by" records who ticked it, as the form editor shows it.
        QVERIFY(count(db, u"SELECT count(*) FROM form_answers WHERE form_code = 'CS-PLACEMENT' "
                          "AND question_id = 'checked_and_completed_by'"_qs) > 0);
        QCOMPARE(count(db, u"SELECT count(*) FROM form_answers a JOIN worksteps s ON s.id = "
                           "a.step_id JOIN workers w ON w.display_name = a.value WHERE "
                           "a.form_code = 'CS-PLACEMENT' AND a.question_id = "
                           "'checked_and_completed_by' AND w.id = a.saved_by"_qs),
                 count(db, u"SELECT count(*) FROM form_answers WHERE form_code = 'CS-PLACEMENT' "
                           "AND question_id = 'checked_and_completed_by'"_qs));
    }

    void isTheSameEveryTimeForTheSameDay()
    {
        const QDate day(2026, 2, 2);
        QStringList runs;
        for (int run = 0; run < 2; ++run) {
            CASEDESK_TEST_DATABASE(test);
            QVERIFY(DemoSeeder(test.db(), day).seedIfEmpty().isOk());
            QSqlQuery rows = test.db().exec(
                u"SELECT p.person_ref, w.step_type, w.status, w.created_at FROM worksteps w "
                "JOIN people p ON p.id = w.person_id ORDER BY p.person_ref, w.step_type, w.status"_qs);
            QStringList lines;
            while (rows.next())
                lines << QStringList{rows.value(0).toString(), rows.value(1).toString(),
                                     rows.value(2).toString(),
                                     rows.value(3).toDateTime().toString(Qt::ISODate)}
                             .join(u'|');
            runs << lines.join(u'\n');
        }
        QCOMPARE(runs.at(0), runs.at(1));
    }
};

QTEST_GUILESS_MAIN(TestDemoSeeder)
#include "tst_demoseeder.moc"
