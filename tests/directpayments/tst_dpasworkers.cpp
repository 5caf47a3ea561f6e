// Workflow B (Direct Payments) with every role played by its own worker on their own PostgreSQL
// login, so that the server's rules (003_server_rules.postgres.sql) check everything the
// Direct Payments services write: the episode, the panel timetable, agendas, review cases.
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"
#include "security/accounts.h"

#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {
using Answers = QHash<QString, QString>;
const QString Incoming = QStringLiteral("incoming: ");
} // namespace

class TestDpAsWorkers : public QObject
{
    Q_OBJECT

    std::unique_ptr<SecurityFixture> m_fixture;
    QHash<QString, qint64> m_admins;
    std::map<QString, std::unique_ptr<Database>> m_adminDbs;
    std::map<QString, std::unique_ptr<WorkflowEngine>> m_adminEngines;
    std::map<QString, std::unique_ptr<DirectPayments>> m_services;
    QDate m_today{2027, 3, 1};

    SecurityFixture &f() { return *m_fixture; }
    Actor sw() { return f().as(QStringLiteral("sw"), dp::SocialWorker); }
    Actor manager() { return f().as(QStringLiteral("manager"), dp::Manager); }
    Actor admin(const QString &key = QStringLiteral("dpadmin"))
    {
        return Actor{m_admins.value(key), dp::PanelAdministrator};
    }
    WorkflowEngine &engine(const QString &key)
    {
        if (m_adminEngines.count(key))
            return *m_adminEngines.at(key);
        return f().engine(key);
    }
    Database &db(const QString &key)
    {
        if (m_adminDbs.count(key))
            return *m_adminDbs.at(key);
        return f().db(key);
    }
    // The Direct Payments services on the worker's own connection.
    DirectPayments &dp(const QString &key)
    {
        auto found = m_services.find(key);
        if (found != m_services.end())
            return *found->second;
        auto service = std::make_unique<DirectPayments>(db(key), engine(key));
        service->setClock([this] { return m_today; });
        return *m_services.emplace(key, std::move(service)).first->second;
    }

    // A panel administrator with their own login, member of the Direct Payments Group tray.
    void addPanelAdministrator(const QString &key)
    {
        Accounts accounts(f().admin(), DefinitionRegistry::shared());
        NewWorker worker;
        worker.username =
            key + QLatin1Char('.') + QUuid::createUuid().toString(QUuid::Id128).left(8);
        worker.displayName = QStringLiteral("Worker ") + key;
        worker.roles = QStringList{dp::PanelAdministrator};
        qint64 id = 0;
        EXPECT_OK(accounts.addWorker(worker, QStringLiteral("not-checked"), &id));
        EXPECT_OK(accounts.addMember(worker.username, dp::GroupTray));
        m_admins.insert(key, id);
        auto database = std::make_unique<Database>();
        ConnectionSettings settings = f().admin().settings();
        settings.userName = worker.username;
        EXPECT_OK(database->open(settings, QStringLiteral("any password: trust")));
        m_adminEngines.emplace(
            key, std::make_unique<WorkflowEngine>(*database, DefinitionRegistry::shared()));
        m_adminDbs.emplace(key, std::move(database));
    }

    qint64 onlyItem(qint64 panelId, const QString &key = QStringLiteral("dpadmin"))
    {
        const QList<AgendaItem> items = dp(key).agenda(panelId);
        return items.size() == 1 ? items.first().id : 0;
    }

    qint64 stepOf(const QString &stepType)
    {
        return f()
            .admin()
            .scalar(QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? AND step_type = ? "
                                   "ORDER BY id DESC LIMIT 1"),
                    {f().childId, stepType})
            .toLongLong();
    }

    // Social Worker to PS/Manager to the Group tray and the agenda of the next panel.
    void authorised(qint64 *episode)
    {
        Status status;
        qint64 referral = 0;
        *episode = dp(QStringLiteral("sw"))
                       .startDirectPayments(f().childId, m_today, 0, sw(), &status, &referral);
        QVERIFY2(*episode > 0, qPrintable(status.message()));
        EXPECT_OK(dp(QStringLiteral("sw")).startStep(referral, sw()));
        EXPECT_OK(
            engine(QStringLiteral("sw"))
                .saveAnswers(referral, dp::ReferralForm,
                             {{QStringLiteral("brief_background"),
                               QStringLiteral("Ava needs support in the community.")},
                              {dp::q::PurposeOfPayment, QStringLiteral("A personal assistant.")},
                              {dp::q::OutcomesSought, QStringLiteral("Joins a club.")}},
                             sw()));
        // The fixture's worker has no manager recorded: the enquiry is assigned explicitly.
        QVERIFY2(engine(QStringLiteral("sw"))
                         .addNextAction(referral, dp::ReferralForm, dp::EnquiryUpdate,
                                        f().worker(QStringLiteral("manager")), false, sw(),
                                        &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(dp(QStringLiteral("sw")).finishStep(referral, sw()));
        QCOMPARE(f().workOf(QStringLiteral("manager")), QStringList{Incoming + dp::EnquiryUpdate});

        const qint64 update = stepOf(dp::EnquiryUpdate);
        EXPECT_OK(engine(QStringLiteral("manager")).startStep(update, manager()));
        EXPECT_OK(
            engine(QStringLiteral("manager"))
                .saveAnswers(update, dp::EnquiryUpdateForm,
                             {{QStringLiteral("manager_agreement"), QStringLiteral("Agreed.")},
                              {dp::q::ManagerDecision, dp::Authorise}},
                             manager()));
        QString notice;
        EXPECT_OK(dp(QStringLiteral("manager")).finishStep(update, manager(), nullptr, &notice));
        QVERIFY2(notice.contains(QStringLiteral("It is on the agenda")), qPrintable(notice));
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray), QStringList{Incoming + dp::PanelStep});
    }

    // The server's day (authority_clock, which only the owner writes) is the scenario's.
    void pinServerDay(const QDate &day)
    {
        QString error;
        f().admin().exec(QStringLiteral("INSERT INTO authority_clock (today) VALUES (?) ON "
                                        "CONFLICT (only_row) DO UPDATE SET today = excluded.today"),
                         {day}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void panelDecides(qint64 itemId, const Answers &answers, const QString &key)
    {
        pinServerDay(m_today);
        EXPECT_OK(dp(key).openAgendaItem(itemId, admin(key)));
        const qint64 stepId =
            f().admin()
                .scalar(QStringLiteral("SELECT step_id FROM panel_agenda_items WHERE id = ?"),
                        {itemId})
                .toLongLong();
        const QString form = engine(key).step(stepId).stepType == dp::PanelReview
                                 ? dp::PanelReviewForm
                                 : dp::PanelForm;
        EXPECT_OK(engine(key).saveAnswers(stepId, form, answers, admin(key)));
        EXPECT_OK(dp(key).finishStep(stepId, admin(key)));
    }

    Answers panelAnswers(const QString &question, const QString &outcome)
    {
        return {{QStringLiteral("attendees"), QStringLiteral("Panel chair, the Social Worker")},
                {QStringLiteral("discussion"), QStringLiteral("Discussed.")},
                {question, outcome}};
    }

private slots:
    void init()
    {
        m_fixture = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_fixture->create(&error), qPrintable(error));
        addPanelAdministrator(QStringLiteral("dpadmin"));
        addPanelAdministrator(QStringLiteral("dpadmin2"));
        m_today = QDate(2027, 3, 1);
    }

    void cleanup()
    {
        m_services.clear();
        m_adminEngines.clear();
        m_adminDbs.clear();
        m_admins.clear();
        m_fixture.reset();
    }

    void agreedReviewedAndContinuedOnTheirOwnLogins()
    {
        Status status;
        const QString a = QStringLiteral("dpadmin");
        const qint64 p1 =
            dp(a).addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)), QDate(2027, 3, 4),
                           QStringLiteral("Online"), admin(), &status);
        QVERIFY2(p1 > 0, qPrintable(status.message()));
        const qint64 p4 =
            dp(a).addPanel(QDateTime(QDate(2027, 9, 9), QTime(10, 0)), QDate(2027, 9, 2),
                           QStringLiteral("Online"), admin(), &status);
        QVERIFY2(p4 > 0, qPrintable(status.message()));
        // The server refuses the timetable to anyone else.
        QVERIFY(!f().refusal(QStringLiteral("sw"),
                             QStringLiteral("INSERT INTO panels (panel_type, meeting_at, "
                                            "last_submission_date) VALUES (?, now(), ?)"),
                             {dp::PanelType, QDate(2027, 3, 1)})
                     .isEmpty());

        qint64 episode = 0;
        authorised(&episode);
        if (QTest::currentTestFailed())
            return;
        Answers agreed = panelAnswers(dp::q::PanelOutcome, dp::Agreed);
        agreed.insert(dp::q::ReviewDate, QStringLiteral("2027-09-09"));
        {
            // The day before the panel meets, the server refuses its outcome on the
            // administrator's own login, even past the client (issue 14).
            pinServerDay(QDate(2027, 3, 10));
            EXPECT_OK(dp(a).openAgendaItem(onlyItem(p1), admin(a)));
            const qint64 panelStep = stepOf(dp::PanelStep);
            EXPECT_OK(engine(a).saveAnswers(panelStep, dp::PanelForm, agreed, admin(a)));
            QString refused;
            db(a).exec(QStringLiteral("UPDATE worksteps SET status = 'finished', finished_by = ?, "
                                      "finished_as_role = ?, finished_at = now() WHERE id = ?"),
                       {admin(a).workerId, admin(a).role, panelStep}, &refused);
            QVERIFY2(refused.contains(QStringLiteral("this case is on the panel of 11 March 2027, "
                                                     "which has not met yet")),
                     qPrintable(refused));
        }
        m_today = QDate(2027, 3, 11);
        panelDecides(onlyItem(p1), agreed, a);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray),
                 QStringList{Incoming + dp::ScheduleReview});

        const qint64 report = dp(a).scheduleReview(stepOf(dp::ScheduleReview),
                                                   QDateTime(QDate(2027, 9, 9), QTime(11, 30)),
                                                   f().id(QStringLiteral("sw")), admin(), &status);
        QVERIFY2(report > 0, qPrintable(status.message()));
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::PreMeetingReport});
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray), QStringList{Incoming + dp::PanelReview});

        // The administrator moves the review's panel; the review and its report's deadline move.
        EXPECT_OK(dp(a).movePanel(p4, QDateTime(QDate(2027, 9, 16), QTime(10, 0)),
                                  QDate(2027, 9, 9), admin()));
        const AgendaItem review = dp(a).agenda(p4).value(0);
        QCOMPARE(review.reviewAt, QDateTime(QDate(2027, 9, 16), QTime(11, 30)));
        QCOMPARE(review.preMeetingDue, QDate(2027, 9, 9));

        m_today = QDate(2027, 8, 23);
        EXPECT_OK(dp(QStringLiteral("sw")).startStep(report, sw(), true));
        EXPECT_OK(engine(QStringLiteral("sw"))
                      .saveAnswers(report, dp::PreMeetingForm,
                                   {{QStringLiteral("use_of_payment"), QStringLiteral("Weekly.")},
                                    {QStringLiteral("outcomes_achieved"), QStringLiteral("Club.")},
                                    {dp::q::PurposeOfPayment, QStringLiteral("Four hours a week.")},
                                    {dp::q::OutcomesSought, QStringLiteral("Travels alone.")},
                                    {dp::q::CheckedAndCompletedBy, QStringLiteral("true")}},
                                   sw()));
        QVERIFY2(engine(QStringLiteral("sw"))
                         .addNextAction(report, dp::PreMeetingForm, dp::ApprovePreMeetingReport,
                                        f().worker(QStringLiteral("manager")), false, sw(),
                                        &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(dp(QStringLiteral("sw")).finishStep(report, sw()));
        const qint64 approval = stepOf(dp::ApprovePreMeetingReport);
        EXPECT_OK(engine(QStringLiteral("manager")).startStep(approval, manager()));
        EXPECT_OK(engine(QStringLiteral("manager"))
                      .saveAnswers(approval, dp::ApprovalForm,
                                   {{dp::q::ManagerApproval, dp::Approved}}, manager()));
        EXPECT_OK(dp(QStringLiteral("manager")).finishStep(approval, manager()));

        m_today = QDate(2027, 9, 16);
        Answers continued = panelAnswers(dp::q::ReviewOutcome, dp::Continue);
        continued.insert(dp::q::NextReviewDate, QStringLiteral("2028-03-16"));
        panelDecides(review.id, continued, a);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray),
                 QStringList{Incoming + dp::ScheduleReview});
        QCOMPARE(dp(QStringLiteral("sw")).workspace(episode, sw()).steps.size(), 8);
        QVERIFY(dp(QStringLiteral("sw")).chronology(f().childId, sw()).rows.size() > 20);
    }

    void declinedAndBroughtBackByAnotherAdministrator()
    {
        Status status;
        const qint64 p1 = dp(QStringLiteral("dpadmin"))
                              .addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)),
                                        QDate(2027, 3, 4), QString(), admin(), &status);
        const qint64 p2 =
            dp(QStringLiteral("dpadmin2"))
                .addPanel(QDateTime(QDate(2027, 4, 8), QTime(10, 0)), QDate(2027, 4, 1), QString(),
                          admin(QStringLiteral("dpadmin2")), &status);
        QVERIFY2(p1 > 0 && p2 > 0, qPrintable(status.message()));
        qint64 episode = 0;
        authorised(&episode);
        if (QTest::currentTestFailed())
            return;
        m_today = QDate(2027, 3, 11);
        Answers declined = panelAnswers(dp::q::PanelOutcome, dp::Declined);
        declined.insert(dp::q::DeclineReason, QStringLiteral("Assessed need not evidenced"));
        declined.insert(QStringLiteral("alternative_suggestions"), QStringLiteral("A club."));
        panelDecides(onlyItem(p1), declined, QStringLiteral("dpadmin"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(f().workOfVirtualWorker(dp::GroupTray).isEmpty());

        m_today = QDate(2027, 3, 15);
        const qint64 again = dp(QStringLiteral("dpadmin2"))
                                 .bringBackToPanel(episode, 0, QStringLiteral("Family disagree"),
                                                   admin(QStringLiteral("dpadmin2")), &status);
        QVERIFY2(again > 0, qPrintable(status.message()));
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray), QStringList{Incoming + dp::PanelStep});
        QCOMPARE(dp(QStringLiteral("dpadmin2")).agenda(p2).value(0).kindName,
                 QStringLiteral("Brought back"));
        QCOMPARE(dp(QStringLiteral("dpadmin"))
                     .declineReasonsByMonth(QDate(2027, 1, 1), QDate(2027, 12, 31))
                     .value(0)
                     .count,
                 1);
    }

    void firstReviewOfAnExistingPaymentByTheAdministrator()
    {
        Status status;
        const qint64 p1 = dp(QStringLiteral("dpadmin"))
                              .addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)),
                                        QDate(2027, 3, 4), QString(), admin(), &status);
        QVERIFY2(p1 > 0, qPrintable(status.message()));
        const qint64 report =
            dp(QStringLiteral("dpadmin"))
                .scheduleFirstReview(f().childId, QDate(2025, 6, 1), 0,
                                     QDateTime(QDate(2027, 3, 11), QTime(14, 0)),
                                     f().id(QStringLiteral("sw")), admin(), &status);
        QVERIFY2(report > 0, qPrintable(status.message()));
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::PreMeetingReport});
        QCOMPARE(f().workOfVirtualWorker(dp::GroupTray), QStringList{Incoming + dp::PanelReview});
        QCOMPARE(dp(QStringLiteral("sw")).episodes(f().childId).value(0).startDate,
                 QDate(2025, 6, 1));
    }
};

QTEST_GUILESS_MAIN(TestDpAsWorkers)
#include "tst_dpasworkers.moc"
