// The Direct Payments panel timetable and agendas: validation, the last-submission deadline
// (on the day, after it, no panel left), moving cases and panels.
#include "dpscenario.h"

using namespace casedesk;
using namespace casedesk::test;

class TestDpPanels : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    qint64 m_p1 = 0; // Thu 11/03/2027, last submission Thu 04/03/2027
    qint64 m_p2 = 0; // Thu 08/04/2027, last submission Thu 01/04/2027

    DpFixture &f() { return *m_f; }
    DirectPayments &dp() { return m_f->dp(); }

    qint64 addPanel(const QDate &day, const QDate &lastSubmission, Status *status = nullptr)
    {
        return dp().addPanel(QDateTime(day, QTime(10, 0)), lastSubmission, QStringLiteral("Online"),
                             f().admin(), status);
    }

    // A referral written and authorised today; returns the manager's notice.
    QString authorisedToday(const QString &given, qint64 *episode = nullptr)
    {
        const qint64 child = f().addChild(given, QStringLiteral("Testchild"), QStringLiteral("sw"));
        qint64 ep = 0;
        qint64 referral = 0;
        QString notice;
        [&] {
            STEP(startDirectPayments(f(), child, f().sw(), &ep, &referral));
            STEP(writeReferral(f(), referral, f().sw()));
            STEP(managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), f().manager(),
                                dp::Authorise, &notice));
        }();
        if (episode)
            *episode = ep;
        return notice;
    }

private slots:
    void init()
    {
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        f().setToday(QDate(2027, 3, 1));
        Status status;
        m_p1 = addPanel(QDate(2027, 3, 11), QDate(2027, 3, 4), &status);
        QVERIFY2(m_p1 > 0, qPrintable(status.message()));
        m_p2 = addPanel(QDate(2027, 4, 8), QDate(2027, 4, 1), &status);
        QVERIFY2(m_p2 > 0, qPrintable(status.message()));
    }

    void cleanup() { m_f.reset(); }

    void timetableValidation_data()
    {
        QTest::addColumn<QDate>("day");
        QTest::addColumn<QDate>("lastSubmission");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("field"); // which field of the panel dialog it is about
        QTest::newRow("in the past")
            << QDate(2027, 2, 26) << QDate(2027, 2, 19)
            << QStringLiteral("26/02/2027 has passed: a panel can only be set for today or later.")
            << dp::Field::MeetingAt;
        QTest::newRow("on a Saturday")
            << QDate(2027, 3, 20) << QDate(2027, 3, 12)
            << QStringLiteral("The panel cannot meet on 20/03/2027: it is a Saturday, not a "
                              "working day.")
            << dp::Field::MeetingAt;
        QTest::newRow("on Good Friday")
            << QDate(2027, 3, 26) << QDate(2027, 3, 19)
            << QStringLiteral("The panel cannot meet on 26/03/2027: it is Good Friday, not a "
                              "working day.")
            << dp::Field::MeetingAt;
        QTest::newRow("no last submission date")
            << QDate(2027, 3, 25) << QDate()
            << QStringLiteral("Enter the last submission date for the panel.")
            << dp::Field::LastSubmission;
        QTest::newRow("deadline after the panel")
            << QDate(2027, 3, 25) << QDate(2027, 3, 25)
            << QStringLiteral("The last submission date (25/03/2027) must be before the panel "
                              "meets (25/03/2027).")
            << dp::Field::LastSubmission;
        QTest::newRow("deadline on Easter Monday")
            << QDate(2027, 4, 1) << QDate(2027, 3, 29)
            << QStringLiteral("The last submission date cannot be 29/03/2027: it is Easter "
                              "Monday, not a working day.")
            << dp::Field::LastSubmission;
        QTest::newRow("two panels on a day")
            << QDate(2027, 3, 11) << QDate(2027, 3, 3)
            << QStringLiteral("There is already a Direct Payments panel on 11/03/2027, at 10:00.")
            << dp::Field::MeetingAt;
    }

    void timetableValidation()
    {
        QFETCH(QDate, day);
        QFETCH(QDate, lastSubmission);
        QFETCH(QString, message);
        QFETCH(QString, field);
        Status status;
        QCOMPARE(addPanel(day, lastSubmission, &status), -1);
        QCOMPARE(status.message(), message);
        QCOMPARE(status.field(), field);
        QCOMPARE(status.code(), Status::Code::Invalid);
        QCOMPARE(dp().timetable(QDate(2027, 1, 1), QDate(2027, 12, 31)).size(), 2);
    }

    void onlyThePanelAdministratorKeepsTheTimetable()
    {
        Status status;
        QCOMPARE(dp().addPanel(QDateTime(QDate(2027, 3, 25), QTime(10, 0)), QDate(2027, 3, 18),
                               QString(), f().manager(), &status),
                 -1);
        QCOMPARE(status.message(),
                 QStringLiteral("Only a Panel Administrator can change the panel timetable."));
        QCOMPARE(dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 12), QTime(10, 0)),
                                QDate(2027, 3, 5), f().sw())
                     .code(),
                 Status::Code::NotAllowed);
    }

    void theTimetableListsPanelsWithTheirDeadlines()
    {
        const QList<PanelRecord> panels = dp().timetable(QDate(2027, 3, 1), QDate(2027, 4, 30));
        QCOMPARE(panels.size(), 2);
        QCOMPARE(panels.at(0).id, m_p1);
        QCOMPARE(panels.at(0).meetingAt, QDateTime(QDate(2027, 3, 11), QTime(10, 0)));
        QCOMPARE(panels.at(0).lastSubmissionDate, QDate(2027, 3, 4));
        QCOMPARE(panels.at(0).location, QStringLiteral("Online"));
        QCOMPARE(panels.at(0).submissionCountdown, QStringLiteral("3 working days left"));
        QCOMPARE(panels.at(1).submissionCountdown, QStringLiteral("21 working days left"));
        QCOMPARE(dp().timetable(QDate(2027, 3, 12), QDate(2027, 4, 8)).size(), 1);
        f().setToday(QDate(2027, 3, 5));
        QCOMPARE(dp().panel(m_p1).submissionCountdown, QStringLiteral("Closed for new requests"));
        QCOMPARE(dp().panelOn(QDate(2027, 4, 8)).id, m_p2);
        QVERIFY(!dp().panelOn(QDate(2027, 4, 9)).isValid());
    }

    void nextPanelForASubmissionDate()
    {
        QCOMPARE(dp().nextPanelFor(QDate(2027, 3, 1)).id, m_p1);
        QCOMPARE(dp().nextPanelFor(QDate(2027, 3, 4)).id, m_p1); // on the deadline day
        QCOMPARE(dp().nextPanelFor(QDate(2027, 3, 5)).id, m_p2); // the day after
        QCOMPARE(dp().nextPanelFor(QDate(2027, 4, 1)).id, m_p2);
        QVERIFY(!dp().nextPanelFor(QDate(2027, 4, 2)).isValid());
    }

    void submittedOnTheDeadlineDay()
    {
        f().setToday(QDate(2027, 3, 4));
        const QString notice = authorisedToday(QStringLiteral("Ava"));
        QCOMPARE(notice, QStringLiteral("Authorised: a task is in the Direct Payments Group tray. "
                                        "It is on the agenda of the Direct Payments Panel of "
                                        "11/03/2027 10:00."));
        QCOMPARE(dp().agenda(m_p1).size(), 1);
        QCOMPARE(dp().agenda(m_p1).first().submittedOn, QDate(2027, 3, 4));
        QVERIFY(dp().agenda(m_p2).isEmpty());
    }

    void submittedAfterTheDeadline()
    {
        f().setToday(QDate(2027, 3, 5));
        const QString notice = authorisedToday(QStringLiteral("Ava"));
        QVERIFY2(notice.endsWith(QStringLiteral("Panel of 08/04/2027 10:00.")), qPrintable(notice));
        QVERIFY(dp().agenda(m_p1).isEmpty());
        QCOMPARE(dp().agenda(m_p2).size(), 1);
        QCOMPARE(f().tray(), QStringList{QStringLiteral("incoming: ") + dp::PanelStep});
    }

    void noFuturePanel()
    {
        f().setToday(QDate(2027, 4, 2));
        const QString notice = authorisedToday(QStringLiteral("Ava"));
        QCOMPARE(notice, QStringLiteral("Authorised: a task is in the Direct Payments Group tray. "
                                        "There is no Direct Payments panel in the timetable after "
                                        "02/04/2027; ask the panel administrator to add panel "
                                        "dates."));
        // The task waits in the tray, off every agenda, until the administrator adds a panel.
        QCOMPARE(f().tray(), QStringList{QStringLiteral("incoming: ") + dp::PanelStep});
        QList<AgendaItem> waiting = dp().waitingForPanel();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().personName, QStringLiteral("Ava Testchild"));
        QCOMPARE(waiting.first().submittedOn, QDate(2027, 4, 2));
        Status status;
        QCOMPARE(dp().placeOnNextPanel(waiting.first().panelStepId, f().admin(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("There is no Direct Payments panel in the timetable after "
                                "02/04/2027; ask the panel administrator to add panel dates."));

        const qint64 p3 = addPanel(QDate(2027, 5, 13), QDate(2027, 5, 6), &status);
        QVERIFY2(p3 > 0, qPrintable(status.message()));
        QVERIFY(dp().placeOnNextPanel(waiting.first().panelStepId, f().admin(), &status) > 0);
        QVERIFY(dp().waitingForPanel().isEmpty());
        QCOMPARE(dp().agenda(p3).size(), 1);
        QCOMPARE(dp().agenda(p3).first().submittedOn, QDate(2027, 4, 2));
        QCOMPARE(dp().panel(p3).itemCount, 1);
        QCOMPARE(dp().placeOnNextPanel(waiting.first().panelStepId, f().admin(), &status), -1);
        QCOMPARE(status.message(), QStringLiteral("This case is already on the agenda of the "
                                                  "panel of 13/05/2027 10:00."));
    }

    // Issue 14: no outcome is recorded for a case before the panel it is on has met.
    void theOutcomeWaitsForThePanelToMeet()
    {
        f().setToday(QDate(2027, 3, 5));
        authorisedToday(QStringLiteral("Ava"));
        const AgendaItem onP2 = dp().agenda(m_p2).value(0);
        QVERIFY(onP2.id > 0);
        EXPECT_OK(dp().openAgendaItem(onP2.id, f().admin()));
        Answers answers = panelAnswers(dp::Agreed);
        answers.insert(dp::q::ReviewDate, QStringLiteral("2027-09-09"));
        EXPECT_OK(f().engine().saveAnswers(onP2.panelStepId, dp::PanelForm, answers, f().admin()));
        QString notice;
        const Status early = dp().finishStep(onP2.panelStepId, f().admin(), nullptr, &notice);
        QVERIFY(!early.isOk());
        QVERIFY2(early.message().contains(QStringLiteral(
                     "This case is on the panel of 08/04/2027, which has not met yet: its outcome "
                     "is recorded once the panel has met.")),
                 qPrintable(early.message()));
        f().setToday(QDate(2027, 4, 8)); // the day it meets
        EXPECT_OK(dp().finishStep(onP2.panelStepId, f().admin(), nullptr, &notice));
    }

    void movingACaseToAnotherPanel()
    {
        f().setToday(QDate(2027, 3, 5));
        qint64 episode = 0;
        authorisedToday(QStringLiteral("Ava"), &episode);
        const AgendaItem onP2 = dp().agenda(m_p2).value(0);
        QVERIFY(onP2.id > 0);
        Status status;
        // Not to a panel whose last submission date it missed.
        QCOMPARE(dp().moveToPanel(onP2.id, m_p1, QStringLiteral("Urgent"), f().admin(), &status),
                 -1);
        QCOMPARE(status.message(),
                 QStringLiteral("Ava Testchild's request was submitted on 05/03/2027, after the "
                                "last submission date for the panel of 11/03/2027 (04/03/2027)."));
        const qint64 p3 = addPanel(QDate(2027, 5, 13), QDate(2027, 5, 6), &status);
        QCOMPARE(dp().moveToPanel(onP2.id, p3, QString(), f().admin(), &status), -1);
        QVERIFY(status.message().startsWith(QStringLiteral("Give a reason")));
        QCOMPARE(
            dp().moveToPanel(onP2.id, p3, QStringLiteral("Worker on leave"), f().sw(), &status),
            -1);
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        const qint64 moved =
            dp().moveToPanel(onP2.id, p3, QStringLiteral("Worker on leave"), f().admin(), &status);
        QVERIFY2(moved > 0, qPrintable(status.message()));
        QVERIFY(dp().agenda(m_p2).isEmpty());
        QCOMPARE(dp().agenda(p3).size(), 1);
        QCOMPARE(dp().agenda(p3).first().panelStepId, onP2.panelStepId);
        QCOMPARE(dp().moveToPanel(onP2.id, p3, QStringLiteral("Again"), f().admin(), &status), -1);
        QCOMPARE(status.message(),
                 QStringLiteral("That case is no longer on this panel's agenda."));

        // The move is kept in the workspace.
        const EpisodeWorkspace workspace = dp().workspace(episode, f().admin());
        QCOMPARE(workspace.panelItems.size(), 2);
        QCOMPARE(workspace.panelItems.at(0).panelId, m_p2);
        QCOMPARE(workspace.panelItems.at(0).removedReason, QStringLiteral("Worker on leave"));
        QVERIFY(workspace.panelItems.at(0).removedAt.isValid());
        QCOMPARE(workspace.panelItems.at(1).panelId, p3);
        QVERIFY(!workspace.panelItems.at(1).removedAt.isValid());
        bool movedInTimeline = false;
        for (const TimelineEntry &entry : workspace.timeline)
            movedInTimeline = movedInTimeline ||
                              (entry.what == QStringLiteral("Moved off the panel of 08/04/2027") &&
                               entry.details == QStringLiteral("Worker on leave"));
        QVERIFY(movedInTimeline);

        // Once the panel has recorded its outcome the case stays where it was discussed.
        f().setToday(QDate(2027, 5, 13));
        Answers answers = panelAnswers(dp::Declined);
        answers.insert(dp::q::DeclineReason, QStringLiteral("Other"));
        answers.insert(QStringLiteral("alternative_suggestions"), QStringLiteral("Other support."));
        STEP(panelDecides(f(), moved, answers));
        const qint64 p4 = addPanel(QDate(2027, 6, 10), QDate(2027, 6, 3), &status);
        QCOMPARE(dp().moveToPanel(moved, p4, QStringLiteral("Late"), f().admin(), &status), -1);
        QCOMPARE(status.message(), QStringLiteral("The panel has already recorded the outcome "
                                                  "for Ava Testchild, so the case cannot be "
                                                  "moved."));
    }

    void movingAPanel()
    {
        f().setToday(QDate(2027, 3, 3));
        authorisedToday(QStringLiteral("Ava"));
        QCOMPARE(dp().agenda(m_p1).size(), 1);
        // Its last submission date cannot move before a request already on its agenda.
        Status status = dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 10), QTime(9, 30)),
                                       QDate(2027, 3, 2), f().admin());
        QCOMPARE(status.message(),
                 QStringLiteral("These requests on the agenda were submitted after 02/03/2027, "
                                "the new last submission date: Ava Testchild (submitted "
                                "03/03/2027). Move them to another panel first."));
        status = dp().movePanel(m_p1, QDateTime(QDate(2027, 4, 8), QTime(14, 0)), QDate(2027, 3, 5),
                                f().admin());
        QCOMPARE(status.message(),
                 QStringLiteral("There is already a Direct Payments panel on 08/04/2027, at "
                                "10:00."));
        EXPECT_OK(dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 10), QTime(9, 30)),
                                 QDate(2027, 3, 4), f().admin()));
        QCOMPARE(dp().panel(m_p1).meetingAt, QDateTime(QDate(2027, 3, 10), QTime(9, 30)));
        QCOMPARE(dp().agenda(m_p1).size(), 1);

        // Reviews move with their panel, keeping their time; the report's deadline follows.
        const qint64 ben = f().addChild(QStringLiteral("Ben"), QStringLiteral("Otherchild"),
                                        QStringLiteral("sw2"));
        const qint64 report = dp().scheduleFirstReview(
            ben, QDate(2025, 6, 1), 0, QDateTime(QDate(2027, 4, 8), QTime(11, 15)),
            f().workers.value(QStringLiteral("sw2")), f().admin(), &status);
        QVERIFY2(report > 0, qPrintable(status.message()));
        QCOMPARE(dp().agenda(m_p2).value(0).preMeetingDue, QDate(2027, 4, 1));
        QCOMPARE(dp().agenda(m_p2).value(0).preMeetingStepId, report);
        EXPECT_OK(dp().movePanel(m_p2, QDateTime(QDate(2027, 4, 15), QTime(10, 0)),
                                 QDate(2027, 4, 7), f().admin()));
        const AgendaItem review = dp().agenda(m_p2).value(0);
        QCOMPARE(review.kindName, QStringLiteral("Review"));
        QCOMPARE(review.reviewAt, QDateTime(QDate(2027, 4, 15), QTime(11, 15)));
        QCOMPARE(review.preMeetingDue, QDate(2027, 4, 7));

        // A panel that has met cannot be moved.
        f().setToday(QDate(2027, 3, 11));
        QCOMPARE(dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 12), QTime(10, 0)),
                                QDate(2027, 3, 5), f().admin())
                     .message(),
                 QStringLiteral("This panel met on 10/03/2027, so it cannot be moved."));
    }

    void scheduleReviewChecksTheMeeting()
    {
        const qint64 ben = f().addChild(QStringLiteral("Ben"), QStringLiteral("Otherchild"),
                                        QStringLiteral("sw2"));
        Status status;
        const qint64 sw2 = f().workers.value(QStringLiteral("sw2"));
        QCOMPARE(dp().scheduleFirstReview(ben, QDate(2025, 6, 1), 0,
                                          QDateTime(QDate(2027, 3, 11), QTime(9, 0)), sw2,
                                          f().admin(), &status),
                 -1);
        QCOMPARE(status.message(), QStringLiteral("The panel of 11/03/2027 starts at 10:00: "
                                                  "choose a time from then."));
        QCOMPARE(dp().scheduleFirstReview(ben, QDate(2025, 6, 1), 0,
                                          QDateTime(QDate(2027, 2, 25), QTime(10, 0)), sw2,
                                          f().admin(), &status),
                 -1);
        QCOMPARE(status.message(),
                 QStringLiteral("The review meeting cannot be in the past (25/02/2027)."));
        const qint64 stranger = f().addPerson(QStringLiteral("Sam"), QStringLiteral("Unrelated"));
        QCOMPARE(dp().scheduleFirstReview(ben, QDate(2025, 6, 1), stranger,
                                          QDateTime(QDate(2027, 3, 11), QTime(10, 0)), sw2,
                                          f().admin(), &status),
                 -1);
        QVERIFY(status.message().startsWith(QStringLiteral("Sam Unrelated is not related")));
        QVERIFY(dp().episodes(ben).isEmpty());
        QVERIFY(f().tray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDpPanels)
#include "tst_dppanels.moc"
