// Workflow B, Direct Payments, through every outcome: each role played in turn (Social Worker,
// PS/Manager, panel administrator), and each one's work and the Direct Payments Group tray
// checked after every stage.
#include "dpscenario.h"

using namespace casedesk;
using namespace casedesk::test;

namespace {
const QString Incoming = QStringLiteral("incoming: ");
const QString Started = QStringLiteral("started: ");
} // namespace

class TestDpScenarios : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    qint64 m_ava = 0;
    qint64 m_ben = 0;
    QHash<QString, qint64> m_panels;

    DpFixture &f() { return *m_f; }
    DirectPayments &dp() { return m_f->dp(); }

    qint64 addPanel(const QString &key, const QDate &day, const QDate &lastSubmission)
    {
        Status status;
        const qint64 id =
            dp().addPanel(QDateTime(day, QTime(10, 0)), lastSubmission,
                          QStringLiteral("Civic Centre, Room 2"), f().admin(), &status);
        [&] { QVERIFY2(id > 0, qPrintable(status.message())); }();
        m_panels.insert(key, id);
        return id;
    }

    qint64 onlyItem(const QString &panel)
    {
        const QList<AgendaItem> items = dp().agenda(m_panels.value(panel));
        return items.size() == 1 ? items.first().id : 0;
    }

    // Start to authorised: the referral written by `swName`, authorised by `managerName`; the
    // task reaches the Direct Payments Group tray and the agenda of the next panel.
    void throughToTheGroupTray(qint64 child, const QString &swName, const QString &managerName,
                               qint64 *episode)
    {
        const Actor sw = f().as(swName, dp::SocialWorker);
        const Actor manager = f().as(managerName, dp::Manager);
        qint64 referral = 0;
        STEP(startDirectPayments(f(), child, sw, episode, &referral));
        QCOMPARE(f().workOf(swName), QStringList{Incoming + dp::Referral});
        STEP(writeReferral(f(), referral, sw));
        QVERIFY(f().workOf(swName).isEmpty());
        QCOMPARE(f().workOf(managerName), QStringList{Incoming + dp::EnquiryUpdate});
        QVERIFY(f().tray().isEmpty());

        QString notice;
        STEP(managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), manager, dp::Authorise,
                            &notice));
        QVERIFY(f().workOf(managerName).isEmpty());
        QVERIFY(f().workOf(swName).isEmpty());
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelStep});
        QVERIFY2(notice.startsWith(
                     QStringLiteral("Authorised: a task is in the Direct Payments Group tray.")),
                 qPrintable(notice));
    }

    // Panel administrator at the panel of 11/03/2027: Agreed, review date 09/09/2027.
    void agreedAtPanel(const QString &panel, qint64 child)
    {
        f().setToday(dp().panel(m_panels.value(panel)).meetingDate());
        const qint64 item = onlyItem(panel);
        QVERIFY(item > 0);
        EXPECT_OK(dp().openAgendaItem(item, f().admin()));
        QCOMPARE(f().workOf(QStringLiteral("admin")), QStringList{Started + dp::PanelStep});
        QVERIFY(f().tray().isEmpty());
        Answers answers = panelAnswers(dp::Agreed);
        answers.insert(dp::q::ReviewDate, QStringLiteral("2027-09-09"));
        QString notice;
        STEP(panelDecides(f(), item, answers, &notice));
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QCOMPARE(f().tray(), QStringList{Incoming + dp::ScheduleReview});
        QCOMPARE(dp().agenda(m_panels.value(panel)).first().outcome, dp::Agreed);
        QVERIFY(f().stepOf(child, dp::ScheduleReview) > 0);
    }

    // Panel administrator: the review meeting at the panel of 09/09/2027, 11:30; the
    // pre-meeting report goes to the allocated worker, the review to the Group tray.
    qint64 reviewScheduled(qint64 child, const QString &swName)
    {
        Status status;
        const qint64 report = dp().scheduleReview(f().stepOf(child, dp::ScheduleReview),
                                                  QDateTime(QDate(2027, 9, 9), QTime(11, 30)),
                                                  f().workers.value(swName), f().admin(), &status);
        [&] {
            QVERIFY2(report > 0, qPrintable(status.message()));
            QCOMPARE(f().workOf(swName), QStringList{Incoming + dp::PreMeetingReport});
            QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelReview});
            QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        }();
        return report;
    }

    // Allocated worker: the pre-meeting report, copied forward and brought up to date; manager
    // approves it.
    void preMeetingReportApproved(qint64 child, qint64 report, const QString &swName,
                                  const QString &managerName)
    {
        const Actor sw = f().as(swName, dp::SocialWorker);
        const Actor manager = f().as(managerName, dp::Manager);
        EXPECT_OK(dp().startStep(report, sw, true));
        QCOMPARE(f().workOf(swName), QStringList{Started + dp::PreMeetingReport});
        EXPECT_OK(f().engine().saveAnswers(
            report, dp::PreMeetingForm,
            {{QStringLiteral("use_of_payment"), QStringLiteral("A personal assistant, weekly.")},
             {QStringLiteral("outcomes_achieved"), QStringLiteral("Goes to a club each week.")},
             {dp::q::PurposeOfPayment, QStringLiteral("The personal assistant, 4 hours a week.")},
             {dp::q::OutcomesSought, QStringLiteral("Travels to the club with less support.")},
             {dp::q::CheckedAndCompletedBy, QStringLiteral("true")}},
            sw));
        QString notice;
        EXPECT_OK(dp().finishStep(report, sw, nullptr, &notice));
        QVERIFY(f().workOf(swName).isEmpty());
        QCOMPARE(f().workOf(managerName), QStringList{Incoming + dp::ApprovePreMeetingReport});

        const qint64 approval = f().stepOf(child, dp::ApprovePreMeetingReport);
        EXPECT_OK(f().engine().startStep(approval, manager));
        EXPECT_OK(f().engine().saveAnswers(approval, dp::ApprovalForm,
                                           {{dp::q::ManagerApproval, dp::Approved}}, manager));
        EXPECT_OK(dp().finishStep(approval, manager));
        QVERIFY(f().workOf(managerName).isEmpty());
        QVERIFY(f().workOf(swName).isEmpty());
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelReview});
    }

    qint64 reviewItem(const QString &panel)
    {
        for (const AgendaItem &item : dp().agenda(m_panels.value(panel))) {
            if (item.kind == PanelCaseKind::Review)
                return item.id;
        }
        return 0;
    }

    Answers reviewAnswers(const QString &outcome)
    {
        Answers answers = panelAnswers(QString());
        answers.remove(dp::q::PanelOutcome);
        answers.insert(dp::q::ReviewOutcome, outcome);
        return answers;
    }

    // From the start to a review with an approved pre-meeting report, on the panel of 09/09.
    void throughToTheReview(qint64 child, qint64 *episode)
    {
        STEP(
            throughToTheGroupTray(child, QStringLiteral("sw"), QStringLiteral("manager"), episode));
        STEP(agreedAtPanel(QStringLiteral("P1"), child));
        qint64 report = 0;
        STEP(report = reviewScheduled(child, QStringLiteral("sw")));
        f().setToday(QDate(2027, 8, 23));
        STEP(preMeetingReportApproved(child, report, QStringLiteral("sw"),
                                      QStringLiteral("manager")));
        f().setToday(QDate(2027, 9, 9));
    }

private slots:
    void init()
    {
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        f().setToday(QDate(2027, 3, 1));
        m_ava =
            f().addChild(QStringLiteral("Ava"), QStringLiteral("Testchild"), QStringLiteral("sw"));
        m_ben = f().addChild(QStringLiteral("Ben"), QStringLiteral("Otherchild"),
                             QStringLiteral("sw2"));
        addPanel(QStringLiteral("P1"), QDate(2027, 3, 11), QDate(2027, 3, 4));
        addPanel(QStringLiteral("P2"), QDate(2027, 4, 8), QDate(2027, 4, 1));
        addPanel(QStringLiteral("P3"), QDate(2027, 5, 13), QDate(2027, 5, 6));
        addPanel(QStringLiteral("P4"), QDate(2027, 9, 9), QDate(2027, 9, 2));
    }

    void cleanup()
    {
        m_panels.clear();
        m_f.reset();
    }

    void startDirectPaymentsOpensAnEpisodeWithTheReferral()
    {
        qint64 episode = 0;
        qint64 referral = 0;
        STEP(startDirectPayments(f(), m_ava, f().sw(), &episode, &referral));
        const EpisodeRecord record = dp().episode(episode);
        QCOMPARE(record.episodeType, QStringLiteral("Direct Payments"));
        QCOMPARE(record.startDate, QDate(2027, 3, 1));
        QCOMPARE(record.paymentForName, QStringLiteral("Jo Testchild"));
        QCOMPARE(record.paymentForRelationship, QStringLiteral("Mother"));
        QVERIFY(record.isOpen());
        QCOMPARE(dp().episodes(m_ava).size(), 1);
        QCOMPARE(f().db()
                     .scalar(QStringLiteral("SELECT event_type FROM events WHERE episode_id = ?"),
                             {episode})
                     .toString(),
                 QStringLiteral("Start Direct Payments"));
        QCOMPARE(f().engine().step(referral).stepType, dp::Referral);
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::Referral});
        QCOMPARE(dp().episodeOfStep(referral), episode);

        // The worker starts it blank: who the payment is made to comes from the event.
        EXPECT_OK(dp().startStep(referral, f().sw()));
        QCOMPARE(f().engine().answers(referral, dp::ReferralForm).value(dp::q::PaymentMadeTo).value,
                 QStringLiteral("Jo Testchild (Mother)"));
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Started + dp::Referral});

        // Finalising without the Brief Background and the purpose is refused, field by field.
        QList<Problem> problems;
        const Status refused = dp().finishStep(referral, f().sw(), &problems);
        QCOMPARE(refused.code(), Status::Code::Invalid);
        QStringList missing;
        for (const Problem &problem : std::as_const(problems))
            missing << problem.questionId;
        missing.sort();
        QCOMPARE(missing, (QStringList{QStringLiteral("brief_background"), dp::q::OutcomesSought,
                                       dp::q::PurposeOfPayment}));
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Started + dp::Referral});
    }

    void startDirectPaymentsRefusals()
    {
        Status status;
        const qint64 stranger = f().addPerson(QStringLiteral("Sam"), QStringLiteral("Unrelated"));
        QCOMPARE(dp().startDirectPayments(m_ava, f().today(), stranger, f().sw(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("Sam Unrelated is not related to Ava Testchild on the record, so "
                                "the payment cannot be for or made to them. Record the "
                                "relationship first, or choose one of Ava Testchild's related "
                                "people."));
        QCOMPARE(status.field(), dp::Field::PaymentFor);
        QCOMPARE(dp().startDirectPayments(m_ava, f().today(), 0, f().manager(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("Only a Social Worker can start Direct Payments."));
        QCOMPARE(dp().startDirectPayments(m_ava, f().today(), 0,
                                          f().as(QStringLiteral("manager"), dp::SocialWorker),
                                          &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("You do not hold the role you are acting in."));
        QCOMPARE(dp().startDirectPayments(m_ava, QDate(2027, 3, 2), 0, f().sw(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("The Start Date cannot be in the future (today is 01/03/2027)."));
        QCOMPARE(status.field(), dp::Field::StartDate);
        QCOMPARE(dp().startDirectPayments(m_ava, QDate(), 0, f().sw(), &status), -1);
        QCOMPARE(status.message(), QStringLiteral("Enter the Start Date."));
        QCOMPARE(dp().startDirectPayments(f().parentOf(m_ava), f().today(), 0, f().sw(), &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("Jo Testchild is not recorded as a child, so "
                                                  "Direct Payments cannot be started."));
        QVERIFY(dp().episodes(m_ava).isEmpty());
        QVERIFY(f().workOf(QStringLiteral("sw")).isEmpty());

        // The young person themself, or nobody, is fine; a second open episode is not.
        QVERIFY(dp().startDirectPayments(m_ava, f().today(), m_ava, f().sw(), &status) > 0);
        QCOMPARE(dp().startDirectPayments(m_ava, f().today(), 0, f().sw(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("Ava Testchild already has an open Direct Payments episode, "
                                "started 01/03/2027; open its workspace from Episodes."));
        QCOMPARE(dp().relatedPeople(m_ava).size(), 2);
    }

    // Agreed at panel with a review date; the review is scheduled, the report written and
    // approved, and the review at panel continues the payment: the cycle starts again.
    void agreedThenTheReviewContinues()
    {
        qint64 episode = 0;
        STEP(throughToTheGroupTray(m_ava, QStringLiteral("sw"), QStringLiteral("manager"),
                                   &episode));
        const QList<AgendaItem> onP1 = dp().agenda(m_panels.value(QStringLiteral("P1")));
        QCOMPARE(onP1.size(), 1);
        QCOMPARE(onP1.first().kindName, QStringLiteral("New request"));
        QCOMPARE(onP1.first().personName, QStringLiteral("Ava Testchild"));
        QCOMPARE(onP1.first().submittedOn, QDate(2027, 3, 1));
        QCOMPARE(onP1.first().workerName, QStringLiteral("Worker sw"));

        STEP(agreedAtPanel(QStringLiteral("P1"), m_ava));
        QCOMPARE(f().engine()
                     .answers(f().stepOf(m_ava, dp::PanelStep), dp::PanelForm)
                     .value(dp::q::PanelDate)
                     .value,
                 QStringLiteral("2027-03-11"));

        qint64 report = 0;
        STEP(report = reviewScheduled(m_ava, QStringLiteral("sw")));
        const QList<AgendaItem> onP4 = dp().agenda(m_panels.value(QStringLiteral("P4")));
        QCOMPARE(onP4.size(), 1);
        QCOMPARE(onP4.first().kindName, QStringLiteral("Review"));
        QCOMPARE(onP4.first().reviewAt, QDateTime(QDate(2027, 9, 9), QTime(11, 30)));
        QCOMPARE(onP4.first().preMeetingStepId, report);
        QCOMPARE(onP4.first().preMeetingStatus, QStringLiteral("Not started"));
        QCOMPARE(onP4.first().preMeetingDue, QDate(2027, 9, 2)); // the panel's last submission
        QCOMPARE(onP4.first().preMeetingCountdown, QStringLiteral("120 working days left"));

        f().setToday(QDate(2027, 8, 23));
        STEP(preMeetingReportApproved(m_ava, report, QStringLiteral("sw"),
                                      QStringLiteral("manager")));
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P4"))).first().preMeetingStatus,
                 QStringLiteral("Approved"));

        f().setToday(QDate(2027, 9, 9));
        const qint64 item = reviewItem(QStringLiteral("P4"));
        Answers answers = reviewAnswers(dp::Continue);
        answers.insert(dp::q::NextReviewDate, QStringLiteral("2028-03-09"));
        QString notice;
        STEP(panelDecides(f(), item, answers, &notice));
        QCOMPARE(notice, QStringLiteral("Continue: the review process starts again from the "
                                        "Direct Payments Group tray."));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::ScheduleReview});
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QVERIFY(f().workOf(QStringLiteral("sw")).isEmpty());
        QVERIFY(dp().episode(episode).isOpen());
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P4"))).first().outcome, dp::Continue);

        // The next cycle: the review is due by its new date.
        const QList<ReviewDue> due = dp().reviewsDue(QDate(2028, 3, 1), 20);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().reviewDate, QDate(2028, 3, 9));
        QCOMPARE(due.first().status, QStringLiteral("Due"));

        // The workspace shows every step of the episode, in order, with its decision.
        const EpisodeWorkspace workspace = dp().workspace(episode, f().sw());
        QStringList steps;
        for (const WorkspaceStep &step : workspace.steps)
            steps << step.step.stepType + QStringLiteral(": ") + step.decision;
        QCOMPARE(steps, (QStringList{dp::Referral + QStringLiteral(": "),
                                     dp::EnquiryUpdate + QStringLiteral(": Authorise"),
                                     dp::PanelStep + QStringLiteral(": Agreed"),
                                     dp::ScheduleReview + QStringLiteral(": "),
                                     dp::PreMeetingReport + QStringLiteral(": "),
                                     dp::PanelReview + QStringLiteral(": ") + dp::Continue,
                                     dp::ApprovePreMeetingReport + QStringLiteral(": Approved"),
                                     dp::ScheduleReview + QStringLiteral(": ")}));
    }

    void declinedThenBroughtBackToALaterPanel()
    {
        qint64 episode = 0;
        STEP(throughToTheGroupTray(m_ava, QStringLiteral("sw"), QStringLiteral("manager"),
                                   &episode));
        f().setToday(QDate(2027, 3, 11));
        Answers answers = panelAnswers(dp::Declined);
        answers.insert(QStringLiteral("decline_reason"),
                       QStringLiteral("Needs can be met by universal or community services"));
        answers.insert(QStringLiteral("alternative_suggestions"),
                       QStringLiteral("The local autism-friendly youth club, with a buddy."));
        QString notice;
        STEP(panelDecides(f(), onlyItem(QStringLiteral("P1")), answers, &notice));
        QVERIFY(notice.startsWith(QStringLiteral("Declined.")));
        QVERIFY(f().tray().isEmpty());
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QVERIFY(f().workOf(QStringLiteral("sw")).isEmpty());
        QVERIFY(f().workOf(QStringLiteral("manager")).isEmpty());
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P1"))).first().outcome, dp::Declined);

        // The family disagree: the social worker contacts the panel administrator, who brings
        // the case back to a later panel (never one that has met, or the same one).
        f().setToday(QDate(2027, 3, 15));
        Status status;
        QCOMPARE(dp().bringBackToPanel(episode, m_panels.value(QStringLiteral("P1")),
                                       QStringLiteral("Family disagree"), f().admin(), &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("Choose a later panel: the case was discussed "
                                                  "at the panel of 11/03/2027."));
        QCOMPARE(dp().bringBackToPanel(episode, 0, QString(), f().admin(), &status), -1);
        QVERIFY(status.message().startsWith(QStringLiteral("Give the reason")));
        QCOMPARE(
            dp().bringBackToPanel(episode, 0, QStringLiteral("Family disagree"), f().sw(), &status),
            -1);
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        const qint64 again = dp().bringBackToPanel(
            episode, 0, QStringLiteral("The family do not agree with the alternative."),
            f().admin(), &status);
        QVERIFY2(again > 0, qPrintable(status.message()));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelStep});
        const QList<AgendaItem> onP2 = dp().agenda(m_panels.value(QStringLiteral("P2")));
        QCOMPARE(onP2.size(), 1);
        QCOMPARE(onP2.first().kindName, QStringLiteral("Brought back"));
        QCOMPARE(onP2.first().panelStepId, again);
        QCOMPARE(dp().episodeOfStep(again), episode);
        // Only once: it is now waiting for a panel.
        QCOMPARE(dp().bringBackToPanel(episode, 0, QStringLiteral("Again"), f().admin(), &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("Ava Testchild is already waiting for a panel."));

        STEP(agreedAtPanel(QStringLiteral("P2"), m_ava));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::ScheduleReview});
    }

    void managerRequestsFurtherInformation()
    {
        qint64 episode = 0;
        qint64 referral = 0;
        STEP(startDirectPayments(f(), m_ava, f().sw(), &episode, &referral));
        STEP(writeReferral(f(), referral, f().sw()));
        QString notice;
        STEP(managerDecides(f(), f().stepOf(m_ava, dp::EnquiryUpdate), f().manager(),
                            dp::RequestFurtherInformation, &notice));
        QCOMPARE(notice, QStringLiteral("The referral has gone back to Worker sw for further "
                                        "information."));
        QVERIFY(f().tray().isEmpty());
        QVERIFY(f().workOf(QStringLiteral("manager")).isEmpty());
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::Referral});
        QVERIFY(dp().agenda(m_panels.value(QStringLiteral("P1"))).isEmpty());

        // The worker copies the referral forward, checks it, adds the information, finalises.
        const qint64 second = f().stepOf(m_ava, dp::Referral);
        QVERIFY(second != referral);
        EXPECT_OK(dp().startStep(second, f().sw(), true));
        const QList<CopiedAnswer> copied = dp().copiedAnswers(second);
        QCOMPARE(copied.size(), 4); // background, made to, purpose, outcome
        for (const CopiedAnswer &answer : copied) {
            QCOMPARE(answer.sourceStepId, referral);
            QCOMPARE(answer.state, CopyState::Copied);
        }
        QList<Problem> problems;
        QCOMPARE(dp().finishStep(second, f().sw(), &problems).code(), Status::Code::Invalid);
        QCOMPARE(problems.size(), 4);
        EXPECT_OK(f().engine().saveAnswers(
            second, dp::ReferralForm,
            {{dp::q::PurposeOfPayment,
              QStringLiteral("A personal assistant recruited through the local agency.")},
             {dp::q::CheckedAndCompletedBy, QStringLiteral("true")}},
            f().sw()));
        EXPECT_OK(dp().finishStep(second, f().sw()));
        QVERIFY(f().workOf(QStringLiteral("sw")).isEmpty());
        QCOMPARE(f().workOf(QStringLiteral("manager")), QStringList{Incoming + dp::EnquiryUpdate});

        STEP(managerDecides(f(), f().stepOf(m_ava, dp::EnquiryUpdate), f().manager(), dp::Authorise,
                            &notice));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelStep});
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P1"))).size(), 1);
        QCOMPARE(dp().episodeSteps(episode).size(), 5);
    }

    void panelRequestsFurtherInformation()
    {
        qint64 episode = 0;
        STEP(throughToTheGroupTray(m_ava, QStringLiteral("sw"), QStringLiteral("manager"),
                                   &episode));
        f().setToday(QDate(2027, 3, 11));
        Answers answers = panelAnswers(dp::FurtherInformationRequested);
        answers.insert(QStringLiteral("further_information_required"),
                       QStringLiteral("An up-to-date assessment of Ava's needs."));
        QString notice;
        STEP(panelDecides(f(), onlyItem(QStringLiteral("P1")), answers, &notice));
        QCOMPARE(notice, QStringLiteral("Further information requested: the referral has gone "
                                        "back to Worker sw."));
        QVERIFY(f().tray().isEmpty());
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::Referral});
        QCOMPARE(dp().episodeOfStep(f().stepOf(m_ava, dp::Referral)), episode);
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P1"))).first().outcome,
                 dp::FurtherInformationRequested);
    }

    void reviewEndsThePayment()
    {
        qint64 episode = 0;
        STEP(throughToTheReview(m_ava, &episode));
        Answers answers = reviewAnswers(dp::End);
        answers.insert(dp::q::PaymentEndDate, QStringLiteral("2027-09-30"));
        QString notice;
        STEP(panelDecides(f(), reviewItem(QStringLiteral("P4")), answers, &notice));
        QCOMPARE(notice, QStringLiteral("The direct payment ends on 30/09/2027; the Direct "
                                        "Payments episode is closed."));
        QVERIFY(f().tray().isEmpty());
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QVERIFY(f().workOf(QStringLiteral("sw")).isEmpty());
        const EpisodeRecord record = dp().episode(episode);
        QCOMPARE(record.endDate, QDate(2027, 9, 30));
        QVERIFY(!record.isOpen());
        QCOMPARE(f().db()
                     .scalar(QStringLiteral("SELECT count(*) FROM events WHERE episode_id = ? "
                                            "AND event_type = ?"),
                             {episode, dp::EndEvent})
                     .toInt(),
                 1);
        QVERIFY(dp().reviewsDue(QDate(2028, 3, 1), 200).isEmpty());
        // A new Direct Payments request may be started once the episode has ended.
        f().setToday(QDate(2027, 10, 1));
        qint64 referral = 0;
        Status status;
        QVERIFY2(dp().startDirectPayments(m_ava, f().today(), 0, f().sw(), &status, &referral) > 0,
                 qPrintable(status.message()));
    }

    void reviewWithAnotherSuggestionIsBroughtBack()
    {
        qint64 episode = 0;
        STEP(throughToTheReview(m_ava, &episode));
        Answers answers = reviewAnswers(dp::AnotherSuggestion);
        answers.insert(QStringLiteral("alternative_suggestions"),
                       QStringLiteral("A commissioned short break instead."));
        QString notice;
        STEP(panelDecides(f(), reviewItem(QStringLiteral("P4")), answers, &notice));
        QVERIFY(notice.startsWith(QStringLiteral("Another suggestion was made")));
        QVERIFY(f().tray().isEmpty());
        QVERIFY(dp().episode(episode).isOpen());

        Status status;
        QCOMPARE(dp().bringBackToPanel(episode, 0, QStringLiteral("Family disagree"), f().admin(),
                                       &status),
                 -1);
        QCOMPARE(status.message(),
                 QStringLiteral("There is no Direct Payments panel in the timetable after "
                                "09/09/2027; ask the panel administrator to add panel dates."));
        const qint64 p5 = addPanel(QStringLiteral("P5"), QDate(2027, 10, 14), QDate(2027, 10, 7));
        const qint64 again = dp().bringBackToPanel(episode, p5, QStringLiteral("Family disagree"),
                                                   f().admin(), &status);
        QVERIFY2(again > 0, qPrintable(status.message()));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelStep});
        QCOMPARE(dp().agenda(p5).first().kindName, QStringLiteral("Brought back"));
    }

    void managerReturnsThePreMeetingReport()
    {
        qint64 episode = 0;
        STEP(throughToTheGroupTray(m_ava, QStringLiteral("sw"), QStringLiteral("manager"),
                                   &episode));
        STEP(agreedAtPanel(QStringLiteral("P1"), m_ava));
        qint64 report = 0;
        STEP(report = reviewScheduled(m_ava, QStringLiteral("sw")));
        f().setToday(QDate(2027, 8, 23));
        EXPECT_OK(dp().startStep(report, f().sw()));
        EXPECT_OK(f().engine().saveAnswers(
            report, dp::PreMeetingForm,
            {{QStringLiteral("brief_background"), QStringLiteral("Background.")},
             {QStringLiteral("use_of_payment"), QStringLiteral("Weekly support.")},
             {QStringLiteral("outcomes_achieved"), QStringLiteral("Some.")},
             {dp::q::PurposeOfPayment, QStringLiteral("The same.")},
             {dp::q::OutcomesSought, QStringLiteral("The same.")}},
            f().sw()));
        EXPECT_OK(dp().finishStep(report, f().sw()));
        const qint64 approval = f().stepOf(m_ava, dp::ApprovePreMeetingReport);
        QCOMPARE(f().engine().step(approval).assigneeName, QStringLiteral("Worker manager"));
        QCOMPARE(dp().agenda(m_panels.value(QStringLiteral("P4"))).first().preMeetingStatus,
                 QStringLiteral("Awaiting manager approval"));

        // The review at panel cannot be recorded before the manager approves the report.
        f().setToday(QDate(2027, 9, 9));
        const qint64 item = reviewItem(QStringLiteral("P4"));
        EXPECT_OK(dp().openAgendaItem(item, f().admin()));
        const qint64 reviewStep = f().stepOf(m_ava, dp::PanelReview);
        Answers answers = reviewAnswers(dp::Continue);
        answers.insert(dp::q::NextReviewDate, QStringLiteral("2028-03-09"));
        EXPECT_OK(f().engine().saveAnswers(reviewStep, dp::PanelReviewForm, answers, f().admin()));
        QList<Problem> problems;
        const Status early = dp().finishStep(reviewStep, f().admin(), &problems);
        QCOMPARE(early.code(), Status::Code::Invalid);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().message,
                 QStringLiteral("The pre-meeting report for this review has not been approved by "
                                "the manager yet (Awaiting manager approval)."));

        f().setToday(QDate(2027, 8, 24));
        EXPECT_OK(f().engine().startStep(approval, f().manager()));
        EXPECT_OK(f().engine().saveAnswers(
            approval, dp::ApprovalForm,
            {{dp::q::ManagerApproval, dp::NotApproved},
             {QStringLiteral("changes_required"), QStringLiteral("Say what changes next year.")}},
            f().manager()));
        QString notice;
        EXPECT_OK(dp().finishStep(approval, f().manager(), nullptr, &notice));
        QCOMPARE(notice,
                 QStringLiteral("Returned: the pre-meeting report has gone back to Worker sw."));
        QVERIFY(f().workOf(QStringLiteral("manager")).isEmpty());
        QCOMPARE(f().workOf(QStringLiteral("sw")), QStringList{Incoming + dp::PreMeetingReport});
        const AgendaItem review = dp().agenda(m_panels.value(QStringLiteral("P4"))).first();
        QCOMPARE(review.preMeetingStatus, QStringLiteral("Not started"));
        QCOMPARE(review.preMeetingDue, QDate(2027, 9, 2)); // keeps its deadline
        QVERIFY(review.preMeetingStepId != report);
    }

    // Copy forward records where each answer came from, and whether the worker then confirmed
    // (Checked and completed by) or changed it.
    void copyForwardProvenance()
    {
        qint64 episode = 0;
        qint64 referral = 0;
        STEP(startDirectPayments(f(), m_ava, f().sw(), &episode, &referral));
        // Nothing to copy forward while the first referral is being written.
        EXPECT_OK(dp().startStep(referral, f().sw()));
        QVERIFY(dp().copyForwardSources(referral).isEmpty());
        QCOMPARE(dp().copyForward(referral, f().sw()).code(), Status::Code::NotFound);
        EXPECT_OK(
            f().engine().saveAnswers(referral, dp::ReferralForm, referralAnswers(), f().sw()));
        QString notice;
        EXPECT_OK(dp().finishStep(referral, f().sw(), nullptr, &notice));
        STEP(managerDecides(f(), f().stepOf(m_ava, dp::EnquiryUpdate), f().manager(),
                            dp::RequestFurtherInformation, &notice));
        const qint64 second = f().stepOf(m_ava, dp::Referral);
        EXPECT_OK(f().engine().startStep(second, f().sw()));

        // The engine refuses a source that is unfinished or someone else's.
        const Status unfinished = f().engine().copyAnswersFrom(second, second, f().sw());
        QCOMPARE(unfinished.code(), Status::Code::Invalid);
        const qint64 ben = m_ben;
        qint64 benEpisode = 0;
        qint64 benReferral = 0;
        STEP(startDirectPayments(f(), ben, f().sw2(), &benEpisode, &benReferral));
        QCOMPARE(f().engine().copyAnswersFrom(second, benReferral, f().sw()).message(),
                 QStringLiteral("Answers can only be copied from another step on Ava Testchild's "
                                "record."));

        const QList<StepRecord> sources = dp().copyForwardSources(second);
        QCOMPARE(sources.size(), 1);
        QCOMPARE(sources.first().id, referral);
        EXPECT_OK(dp().copyForward(second, f().sw()));
        QCOMPARE(f().db()
                     .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE step_id = ? "
                                            "AND copied_from_step_id = ?"),
                             {second, referral})
                     .toInt(),
                 4);
        QList<CopiedAnswer> copied = dp().copiedAnswers(second);
        QCOMPARE(copied.size(), 4);
        QHash<QString, CopiedAnswer> byId;
        for (const CopiedAnswer &answer : std::as_const(copied))
            byId.insert(answer.questionId, answer);
        QCOMPARE(byId.value(dp::q::PurposeOfPayment).sourceStepType, dp::Referral);
        QCOMPARE(byId.value(dp::q::PurposeOfPayment).copiedValue,
                 referralAnswers().value(dp::q::PurposeOfPayment));
        QCOMPARE(byId.value(dp::q::PurposeOfPayment).state, CopyState::Copied);
        QVERIFY(byId.value(dp::q::PurposeOfPayment)
                    .stateText.startsWith(QStringLiteral("Copied forward from Direct Payments "
                                                         "Referral of ")));

        // Changing one answer marks it changed; the tick confirms the others.
        EXPECT_OK(f().engine().saveAnswers(
            second, dp::ReferralForm,
            {{dp::q::PurposeOfPayment, QStringLiteral("A personal assistant, 8 hours a week.")}},
            f().sw()));
        copied = dp().copiedAnswers(second);
        int changed = 0;
        int stillCopied = 0;
        for (const CopiedAnswer &answer : std::as_const(copied)) {
            changed += answer.state == CopyState::Changed;
            stillCopied += answer.state == CopyState::Copied;
            if (answer.questionId == dp::q::PurposeOfPayment) {
                QCOMPARE(answer.byName, QStringLiteral("Worker sw"));
                QCOMPARE(answer.currentValue,
                         QStringLiteral("A personal assistant, 8 hours a week."));
            }
        }
        QCOMPARE(changed, 1);
        QCOMPARE(stillCopied, 3);
        QList<Problem> problems;
        QCOMPARE(dp().finishStep(second, f().sw(), &problems).code(), Status::Code::Invalid);
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems.first().message.contains(QStringLiteral("tick Checked and completed by")));

        EXPECT_OK(f().engine().saveAnswers(second, dp::ReferralForm,
                                           {{dp::q::CheckedAndCompletedBy, QStringLiteral("true")}},
                                           f().sw()));
        copied = dp().copiedAnswers(second);
        for (const CopiedAnswer &answer : std::as_const(copied)) {
            if (answer.questionId == dp::q::PurposeOfPayment)
                QCOMPARE(answer.state, CopyState::Changed);
            else
                QCOMPARE(answer.state, CopyState::Confirmed);
        }
        QVERIFY(dp().whatIsMissing(second).isEmpty());

        // The workspace shows where each answer came from.
        const EpisodeWorkspace workspace = dp().workspace(episode, f().sw());
        int fromReferral = 0;
        for (const WorkspaceAnswer &answer : workspace.steps.last().answers)
            fromReferral += answer.copiedFromStepId == referral;
        QCOMPARE(fromReferral, 3); // the purpose was changed since
    }

    // An existing payment never reviewed at panel: the administrator schedules its first review.
    void firstReviewOfAnExistingPayment()
    {
        Status status;
        const QDateTime meeting(QDate(2027, 3, 11), QTime(14, 0));
        QCOMPARE(dp().scheduleFirstReview(m_ben, QDate(2025, 6, 1), f().parentOf(m_ben), meeting,
                                          f().workers.value(QStringLiteral("sw2")), f().sw2(),
                                          &status),
                 -1);
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(dp().scheduleFirstReview(
                     m_ben, QDate(2025, 6, 1), 0, QDateTime(QDate(2027, 3, 12), QTime(14, 0)),
                     f().workers.value(QStringLiteral("sw2")), f().admin(), &status),
                 -1);
        QCOMPARE(status.message(),
                 QStringLiteral("There is no Direct Payments panel on 12/03/2027. Reviews are held "
                                "at panel: choose a panel date from the timetable, or add this "
                                "date to it first."));
        QCOMPARE(dp().scheduleFirstReview(m_ben, QDate(2025, 6, 1), 0, meeting,
                                          f().workers.value(QStringLiteral("manager2")),
                                          f().admin(), &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("Worker manager2 is not a Social Worker, so the "
                                                  "pre-meeting report cannot be assigned to "
                                                  "them."));
        QVERIFY(dp().episodes(m_ben).isEmpty());

        const qint64 report = dp().scheduleFirstReview(
            m_ben, QDate(2025, 6, 1), f().parentOf(m_ben), meeting,
            f().workers.value(QStringLiteral("sw2")), f().admin(), &status);
        QVERIFY2(report > 0, qPrintable(status.message()));
        const QList<EpisodeRecord> episodes = dp().episodes(m_ben);
        QCOMPARE(episodes.size(), 1);
        QCOMPARE(episodes.first().startDate, QDate(2025, 6, 1));
        QVERIFY(f().workOf(QStringLiteral("admin")).isEmpty());
        QCOMPARE(f().workOf(QStringLiteral("sw2")), QStringList{Incoming + dp::PreMeetingReport});
        QCOMPARE(f().tray(), QStringList{Incoming + dp::PanelReview});
        const QList<AgendaItem> onP1 = dp().agenda(m_panels.value(QStringLiteral("P1")));
        QCOMPARE(onP1.size(), 1);
        QCOMPARE(onP1.first().kindName, QStringLiteral("Review"));
        QCOMPARE(onP1.first().reviewAt, meeting);
        QCOMPARE(onP1.first().preMeetingDue, QDate(2027, 3, 4));
        const QList<ReviewDue> due = dp().reviewsDue(f().today(), 20);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().status, QStringLiteral("Scheduled"));
        QCOMPARE(due.first().meetingAt, meeting);

        // Only once.
        QCOMPARE(dp().scheduleFirstReview(m_ben, QDate(2025, 6, 1), 0, meeting,
                                          f().workers.value(QStringLiteral("sw2")), f().admin(),
                                          &status),
                 -1);
        QVERIFY(status.message().contains(QStringLiteral("already has its workflow")));

        // The worker writes it blank (nothing to copy forward), the manager approves, and the
        // panel continues the payment.
        const Status blank = dp().startStep(report, f().sw2(), true);
        QCOMPARE(blank.code(), Status::Code::NotFound);
        QCOMPARE(f().workOf(QStringLiteral("sw2")), QStringList{Started + dp::PreMeetingReport});
        EXPECT_OK(f().engine().saveAnswers(
            report, dp::PreMeetingForm,
            {{QStringLiteral("brief_background"),
              QStringLiteral("Ben has had a payment since 2025.")},
             {QStringLiteral("use_of_payment"), QStringLiteral("Swimming with a carer.")},
             {QStringLiteral("outcomes_achieved"), QStringLiteral("Ben swims 25 metres.")},
             {dp::q::PurposeOfPayment, QStringLiteral("Swimming, two hours a week.")},
             {dp::q::OutcomesSought, QStringLiteral("Joins the club's team.")}},
            f().sw2()));
        EXPECT_OK(dp().finishStep(report, f().sw2()));
        QCOMPARE(f().workOf(QStringLiteral("manager2")),
                 QStringList{Incoming + dp::ApprovePreMeetingReport});
        const qint64 approval = f().stepOf(m_ben, dp::ApprovePreMeetingReport);
        EXPECT_OK(f().engine().startStep(approval, f().manager2()));
        EXPECT_OK(f().engine().saveAnswers(
            approval, dp::ApprovalForm, {{dp::q::ManagerApproval, dp::Approved}}, f().manager2()));
        EXPECT_OK(dp().finishStep(approval, f().manager2()));
        QVERIFY(f().workOf(QStringLiteral("manager2")).isEmpty());

        f().setToday(QDate(2027, 3, 11));
        Answers answers = reviewAnswers(dp::Continue);
        answers.insert(dp::q::NextReviewDate, QStringLiteral("2027-09-09"));
        STEP(panelDecides(f(), onP1.first().id, answers));
        QCOMPARE(f().tray(), QStringList{Incoming + dp::ScheduleReview});
    }
};

QTEST_GUILESS_MAIN(TestDpScenarios)
#include "tst_dpscenarios.moc"
