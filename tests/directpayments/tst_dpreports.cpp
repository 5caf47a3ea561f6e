// Direct Payments reports on a known data set: a panel's agenda, reviews due and overdue,
// decline reasons by month and by team (rows and CSV), the workspace and the chronology.
#include "dpscenario.h"

using namespace casedesk;
using namespace casedesk::test;

namespace {
const QString Purpose = QStringLiteral("Purpose of the direct payment is not clear");
const QString Evidence = QStringLiteral("Assessed need not evidenced");
} // namespace

class TestDpReports : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    qint64 m_p1 = 0;
    qint64 m_p2 = 0;
    QHash<QString, qint64> m_children;
    QHash<QString, qint64> m_episodes;

    DpFixture &f() { return *m_f; }
    DirectPayments &dp() { return m_f->dp(); }

    void authorise(const QString &given, const QString &family, const QString &sw,
                   const QString &manager)
    {
        const qint64 child = f().addChild(given, family, sw);
        m_children.insert(given, child);
        qint64 episode = 0;
        qint64 referral = 0;
        STEP(startDirectPayments(f(), child, f().as(sw, dp::SocialWorker), &episode, &referral));
        m_episodes.insert(given, episode);
        STEP(writeReferral(f(), referral, f().as(sw, dp::SocialWorker)));
        QString notice;
        STEP(managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), f().as(manager, dp::Manager),
                            dp::Authorise, &notice));
    }

    qint64 itemOf(qint64 panelId, const QString &given)
    {
        for (const AgendaItem &item : dp().agenda(panelId)) {
            if (item.personId == m_children.value(given))
                return item.id;
        }
        return 0;
    }

    void decline(qint64 panelId, const QString &given, const QString &reason)
    {
        Answers answers = panelAnswers(dp::Declined);
        answers.insert(dp::q::DeclineReason, reason);
        answers.insert(QStringLiteral("alternative_suggestions"),
                       QStringLiteral("Universal services first."));
        STEP(panelDecides(f(), itemOf(panelId, given), answers));
    }

private slots:
    // The data set: five requests at two panels; four declined, one agreed.
    void initTestCase()
    {
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        f().setToday(QDate(2027, 3, 1));
        Status status;
        m_p1 = dp().addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)), QDate(2027, 3, 4),
                             QStringLiteral("Civic Centre"), f().admin(), &status);
        m_p2 = dp().addPanel(QDateTime(QDate(2027, 4, 8), QTime(10, 0)), QDate(2027, 4, 1),
                             QStringLiteral("Civic Centre"), f().admin(), &status);
        QVERIFY2(m_p1 > 0 && m_p2 > 0, qPrintable(status.message()));
        const QString sw = QStringLiteral("sw");
        const QString sw2 = QStringLiteral("sw2");
        const QString manager = QStringLiteral("manager");
        const QString manager2 = QStringLiteral("manager2");
        STEP(authorise(QStringLiteral("Ava"), QStringLiteral("Ashby"), sw, manager));
        STEP(authorise(QStringLiteral("Ben"), QStringLiteral("Brook"), sw2, manager2));
        f().setToday(QDate(2027, 3, 5));
        STEP(authorise(QStringLiteral("Cal"), QStringLiteral("Carter"), sw, manager));
        STEP(authorise(QStringLiteral("Dee"), QStringLiteral("Dale"), sw2, manager2));
        STEP(authorise(QStringLiteral("Eve"), QStringLiteral("Eden"), sw, manager));
        QCOMPARE(dp().agenda(m_p1).size(), 2);
        QCOMPARE(dp().agenda(m_p2).size(), 3);
    }

    void cleanupTestCase() { m_f.reset(); }

    void agendaBeforeThePanel()
    {
        const ReportTable report = dp().agendaReport(m_p2);
        QCOMPARE(report.title,
                 QStringLiteral("Agenda of the Direct Payments Panel of 08/04/2027 10:00"));
        QCOMPARE(report.toCsv(),
                 QStringLiteral("Item,Child,Reference,Case,Worker,Team,Submitted,Review meeting,"
                                "Pre-meeting report,Outcome\r\n"
                                "1,Cal Carter,TCarterCal,New request,Worker sw,CWD Team North,"
                                "05/03/2027,,,\r\n"
                                "2,Dee Dale,TDaleDee,New request,Worker sw2,CWD Team South,"
                                "05/03/2027,,,\r\n"
                                "3,Eve Eden,TEdenEve,New request,Worker sw,CWD Team North,"
                                "05/03/2027,,,\r\n"));
    }

    void thePanelsDecide()
    {
        f().setToday(QDate(2027, 3, 11));
        STEP(decline(m_p1, QStringLiteral("Ava"), Purpose));
        STEP(decline(m_p1, QStringLiteral("Ben"), Purpose));
        f().setToday(QDate(2027, 4, 8));
        STEP(decline(m_p2, QStringLiteral("Cal"), Evidence));
        Answers agreed = panelAnswers(dp::Agreed);
        agreed.insert(dp::q::ReviewDate, QStringLiteral("2027-10-07"));
        STEP(panelDecides(f(), itemOf(m_p2, QStringLiteral("Dee")), agreed));
        STEP(decline(m_p2, QStringLiteral("Eve"), Purpose));
        QCOMPARE(dp().agendaReport(m_p2).rows.at(1).last(), dp::Agreed);
        QCOMPARE(dp().agendaReport(m_p2).rows.at(2).last(), dp::Declined);
        QCOMPARE(f().tray(), QStringList{QStringLiteral("incoming: ") + dp::ScheduleReview});
    }

    void declineReasonsByMonth()
    {
        const QList<DeclineReasonCount> rows =
            dp().declineReasonsByMonth(QDate(2027, 1, 1), QDate(2027, 12, 31));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).group, QStringLiteral("2027-03"));
        QCOMPARE(rows.at(0).reason, Purpose);
        QCOMPARE(rows.at(0).count, 2);
        QCOMPARE(rows.at(1).group, QStringLiteral("2027-04"));
        QCOMPARE(rows.at(1).reason, Evidence);
        QCOMPARE(rows.at(1).count, 1);
        QCOMPARE(rows.at(2).reason, Purpose);
        QCOMPARE(rows.at(2).count, 1);
        QCOMPARE(dp().declineReasonsByMonthReport(QDate(2027, 1, 1), QDate(2027, 12, 31)).toCsv(),
                 QStringLiteral("Month,Decline reason,Declined\r\n"
                                "2027-03,Purpose of the direct payment is not clear,2\r\n"
                                "2027-04,Assessed need not evidenced,1\r\n"
                                "2027-04,Purpose of the direct payment is not clear,1\r\n"));
        // Only panels held in the period count.
        const QList<DeclineReasonCount> april =
            dp().declineReasonsByMonth(QDate(2027, 4, 1), QDate(2027, 4, 30));
        QCOMPARE(april.size(), 2);
        QVERIFY(dp().declineReasonsByMonth(QDate(2027, 5, 1), QDate(2027, 12, 31)).isEmpty());
    }

    void declineReasonsByTeam()
    {
        const ReportTable report =
            dp().declineReasonsByTeamReport(QDate(2027, 1, 1), QDate(2027, 12, 31));
        QCOMPARE(report.header,
                 (QStringList{QStringLiteral("Team"), QStringLiteral("Decline reason"),
                              QStringLiteral("Declined")}));
        QCOMPARE(
            report.rows,
            (QList<QStringList>{{QStringLiteral("CWD Team North"), Evidence, QStringLiteral("1")},
                                {QStringLiteral("CWD Team North"), Purpose, QStringLiteral("2")},
                                {QStringLiteral("CWD Team South"), Purpose, QStringLiteral("1")}}));
        QCOMPARE(dp().declineReasonsByTeam(QDate(2027, 3, 1), QDate(2027, 3, 31)).size(), 2);
    }

    void reviewsDueAndOverdue()
    {
        // Dee's review date, 07/10/2027: not yet due in June, due in September, then overdue.
        QVERIFY(dp().reviewsDue(QDate(2027, 6, 1), 20).isEmpty());
        const QList<ReviewDue> due = dp().reviewsDue(QDate(2027, 9, 20), 20);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().personName, QStringLiteral("Dee Dale"));
        QCOMPARE(due.first().teamName, QStringLiteral("CWD Team South"));
        QCOMPARE(due.first().workerName, QStringLiteral("Worker sw2"));
        QCOMPARE(due.first().reviewDate, QDate(2027, 10, 7));
        QCOMPARE(due.first().status, QStringLiteral("Due"));
        QCOMPARE(due.first().workingDays, 13);
        QCOMPARE(due.first().countdown, QStringLiteral("13 working days left"));
        const QList<ReviewDue> overdue = dp().reviewsDue(QDate(2027, 10, 11), 20);
        QCOMPARE(overdue.size(), 1);
        QCOMPARE(overdue.first().status, QStringLiteral("Overdue"));
        QCOMPARE(overdue.first().workingDays, -2);
        QCOMPARE(dp().reviewsDueReport(QDate(2027, 10, 11), 20).toCsv(),
                 QStringLiteral("Child,Reference,Worker,Team,Review date,Status,Working days,"
                                "Review meeting\r\n"
                                "Dee Dale,TDaleDee,Worker sw2,CWD Team South,07/10/2027,Overdue,"
                                "-2,\r\n"));

        // Scheduling the review meeting moves it to "Scheduled".
        f().setToday(QDate(2027, 9, 1));
        Status status;
        const qint64 p3 = dp().addPanel(QDateTime(QDate(2027, 10, 14), QTime(10, 0)),
                                        QDate(2027, 10, 7), QString(), f().admin(), &status);
        QVERIFY2(p3 > 0, qPrintable(status.message()));
        QVERIFY(dp().scheduleReview(
                    f().stepOf(m_children.value(QStringLiteral("Dee")), dp::ScheduleReview),
                    QDateTime(QDate(2027, 10, 14), QTime(10, 30)),
                    f().workers.value(QStringLiteral("sw2")), f().admin(), &status) > 0);
        const QList<ReviewDue> scheduled = dp().reviewsDue(QDate(2027, 10, 11), 20);
        QCOMPARE(scheduled.size(), 1);
        QCOMPARE(scheduled.first().status, QStringLiteral("Scheduled"));
        QCOMPARE(scheduled.first().meetingAt, QDateTime(QDate(2027, 10, 14), QTime(10, 30)));
        QCOMPARE(dp().agendaReport(p3).rows.first().at(8), QStringLiteral("Not started"));
    }

    void theWorkspaceShowsTheEpisodeInOrder()
    {
        const EpisodeWorkspace workspace =
            dp().workspace(m_episodes.value(QStringLiteral("Dee")), f().sw2());
        QCOMPARE(workspace.episode.personName, QStringLiteral("Dee Dale"));
        QStringList steps;
        for (const WorkspaceStep &step : workspace.steps)
            steps << step.step.stepType + QStringLiteral(" (") + step.step.status +
                         QStringLiteral(")");
        QCOMPARE(steps, (QStringList{dp::Referral + QStringLiteral(" (finished)"),
                                     dp::EnquiryUpdate + QStringLiteral(" (finished)"),
                                     dp::PanelStep + QStringLiteral(" (finished)"),
                                     dp::ScheduleReview + QStringLiteral(" (finished)"),
                                     dp::PreMeetingReport + QStringLiteral(" (incoming)"),
                                     dp::PanelReview + QStringLiteral(" (incoming)")}));
        // Forms, in order, with who saved each answer.
        const WorkspaceStep &referral = workspace.steps.first();
        QCOMPARE(referral.answers.first().sectionTitle, QStringLiteral("Brief Background"));
        QCOMPARE(referral.answers.first().label, QStringLiteral("Brief Background"));
        QCOMPARE(referral.answers.first().savedByName, QStringLiteral("Worker sw2"));
        QCOMPARE(workspace.steps.at(2).decision, dp::Agreed);
        QCOMPARE(workspace.steps.at(4).dueDate, QDate(2027, 10, 7));
        // The timeline starts with the Start Direct Payments event and is in time order.
        QVERIFY(!workspace.timeline.isEmpty());
        QCOMPARE(workspace.timeline.first().what,
                 QStringLiteral("Start Direct Payments (05/03/2027)"));
        for (qsizetype i = 1; i < workspace.timeline.size(); ++i)
            QVERIFY(workspace.timeline.at(i - 1).at <= workspace.timeline.at(i).at);
        QStringList whats;
        for (const TimelineEntry &entry : workspace.timeline)
            whats << entry.what;
        QVERIFY(whats.contains(QStringLiteral("Finalised Update Direct Payments Enquiry")));
        QVERIFY(whats.contains(
            QStringLiteral("New request placed on the Direct Payments Panel of 08/04/2027 10:00")));
        QVERIFY(whats.contains(QStringLiteral("Review meeting set for 14/10/2027 10:30")));
        QCOMPARE(
            f().db()
                .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = ? AND "
                                       "entity_id = ?"),
                        {QStringLiteral("open workspace"), m_episodes.value(QStringLiteral("Dee"))})
                .toInt(),
            1);
    }

    void theChronologyExportsEverything()
    {
        const ReportTable chronology =
            dp().chronology(m_children.value(QStringLiteral("Ava")), f().sw());
        QCOMPARE(chronology.header.first(), QStringLiteral("Date"));
        QVERIFY(chronology.rows.size() > 20);
        const QStringList first = chronology.rows.first();
        QCOMPARE(first.at(2), QStringLiteral("Event"));
        QCOMPARE(first.at(4), QStringLiteral("Start Direct Payments"));
        QVERIFY(first.at(7).startsWith(QStringLiteral("01/03/2027; Start Date 01/03/2027; "
                                                      "payment for / made to Jo Ashby (Mother)")));
        bool background = false;
        bool declined = false;
        bool placed = false;
        for (const QStringList &row : chronology.rows) {
            background = background || (row.at(2) == QStringLiteral("Answer saved") &&
                                        row.at(6) == QStringLiteral("Brief Background") &&
                                        row.at(8) == QStringLiteral("Worker sw"));
            declined = declined || (row.at(2) == QStringLiteral("Step finished") &&
                                    row.at(4) == dp::PanelStep && row.at(7) == dp::Declined &&
                                    row.at(9) == QStringLiteral("Panel Administrator"));
            placed = placed || row.at(2) == QStringLiteral("Placed on a panel agenda");
            QCOMPARE(row.size(), chronology.header.size());
        }
        QVERIFY(background);
        QVERIFY(declined);
        QVERIFY(placed);
        const QString csv = chronology.toCsv();
        QVERIFY(csv.startsWith(QStringLiteral("Date,Time,Entry,Episode,Step,Form,Question,"
                                              "Answer or details,By,Role\r\n")));
        QCOMPARE(csv.count(QStringLiteral("\r\n")), chronology.rows.size() + 1);
        QCOMPARE(f().db()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = ? AND "
                                            "person_id = ?"),
                             {QStringLiteral("export chronology"),
                              m_children.value(QStringLiteral("Ava"))})
                     .toInt(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestDpReports)
#include "tst_dpreports.moc"
