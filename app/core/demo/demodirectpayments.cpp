#include "demoseeder.h"
#include "demowriter.h"
#include "storage/sqlvalues.h"

// Work in flight on the Direct Payments workflow (DOMAIN.md workflow B, as defined in
// forms/DP-*.json and app/core/directpayments): a referral just started, one being written, one
// with the manager, one authorised and waiting for panel in the Direct Payments Group tray, an
// existing payment waiting for its first review, and a review under way.

namespace casedesk {

using demo::DemoWriter;
using demo::StepState;
using demo::To;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString Admin = QStringLiteral("panel_administrator");

const QString Referral = QStringLiteral("Direct Payments Referral");
const QString EnquiryUpdate = QStringLiteral("Update Direct Payments Enquiry");
const QString PanelStep = QStringLiteral("Direct Payments Panel");
const QString ScheduleReview = QStringLiteral("Schedule Direct Payments Review");
const QString PreMeetingReport = QStringLiteral("Direct Payments Pre-Meeting Report");
const QString PanelReview = QStringLiteral("Direct Payments Panel Review");
const QString ApproveReport = QStringLiteral("Approve Direct Payments Pre-Meeting Report");
const QString PanelType = QStringLiteral("Direct Payments Panel");

// A step of an episode at a given stage; finished steps finish `finishedDaysAgo`.
StepState stage(const QString &status, int createdDaysAgo, qint64 createdBy, qint64 episode,
                qint64 fromStep = 0, qint64 by = 0, const QString &role = QString(),
                int finishedDaysAgo = 0)
{
    StepState state;
    state.status = status;
    state.createdDaysAgo = createdDaysAgo;
    state.createdBy = createdBy;
    state.episodeId = episode;
    state.fromStepId = fromStep;
    state.startedBy = by;
    state.finishedBy = by;
    state.finishedAsRole = role;
    state.finishedDaysAgo = finishedDaysAgo;
    return state;
}

// `confirmedBy`: who ticked "Checked and completed by" (the answer is their name); empty while
// the referral is still being written.
QList<QPair<QString, QString>> referralAnswers(const QString &madeTo, const QString &confirmedBy)
{
    QList<QPair<QString, QString>> answers{
        {QStringLiteral("brief_background"),
         QStringLiteral("Autism and a severe learning disability; the family have had no break "
                        "since the after-school club closed. Child in Need plan since last year.")},
        {QStringLiteral("payment_made_to"), madeTo},
        {QStringLiteral("purpose_of_payment"),
         QStringLiteral("A personal assistant for six hours a week, chosen by the family.")},
    };
    if (!confirmedBy.isEmpty())
        answers << qMakePair(QStringLiteral("outcomes_sought"),
                             QStringLiteral("Goes swimming and to the youth club each week; "
                                            "parents have one evening a week to themselves."))
                << qMakePair(QStringLiteral("checked_and_completed_by"), confirmedBy);
    return answers;
}

} // namespace

void DemoSeeder::seedDirectPayments(DemoWriter &w)
{
    const qint64 sam = worker(socialWorkerUsername());
    const qint64 helen = worker(managerUsername());
    const qint64 gareth = worker(panelAdministratorUsername());
    const qint64 tray = inbox(QStringLiteral("direct-payments-group-tray"));
    const QString started = QStringLiteral("started");
    const QString finished = QStringLiteral("finished");
    const QString incoming = QStringLiteral("incoming");

    // Start Direct Payments: the episode, its opening event (payment for / made to a parent).
    const auto startEpisode = [&](int index, const QString &by, int daysAgo) {
        const qint64 child = this->child(index);
        const qint64 parent =
            m_db.scalar(QStringLiteral("SELECT related_person_id FROM relationships "
                                       "WHERE person_id = ? ORDER BY id LIMIT 1"),
                        {child})
                .toLongLong();
        QSqlQuery who = m_db.exec(
            QStringLiteral("SELECT p.given_name || ' ' || p.family_name, r.relationship FROM "
                           "people p JOIN relationships r ON r.related_person_id = p.id "
                           "WHERE r.person_id = ? AND p.id = ?"),
            {child, parent});
        const QString madeTo = who.next() ? QStringLiteral("%1 (%2)").arg(who.value(0).toString(),
                                                                          who.value(1).toString())
                                          : QString();
        const qint64 episode =
            w.insert(QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                                    "payment_for_person_id, created_by, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                     {child, QStringLiteral("Direct Payments"), w.day(-daysAgo), nullableId(parent),
                      worker(by), w.at(daysAgo)});
        w.exec(QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                              "details, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
               {child, episode, QStringLiteral("Start Direct Payments"), w.day(-daysAgo),
                QStringLiteral("Start Date %1; payment for / made to %2")
                    .arg(w.day(-daysAgo).toString(QStringLiteral("dd/MM/yyyy")), madeTo),
                worker(by), w.at(daysAgo, 5)});
        return qMakePair(episode, madeTo);
    };
    // A finished referral with its answers and the manager's Update Direct Payments Enquiry.
    const auto finishedReferral = [&](int index, qint64 sw, qint64 manager, qint64 episode,
                                      const QString &madeTo, int daysAgo) {
        const qint64 referral =
            w.step(child(index), Referral, To::person(sw),
                   stage(finished, daysAgo, sw, episode, 0, sw, SW, daysAgo - 3));
        w.openForm(referral, QStringLiteral("DP-REFERRAL"), sw, daysAgo - 1);
        w.answers(referral, QStringLiteral("DP-REFERRAL"), referralAnswers(madeTo, displayName(sw)),
                  sw, SW, daysAgo - 2);
        const qint64 update = w.step(child(index), EnquiryUpdate, To::person(manager),
                                     stage(incoming, daysAgo - 3, sw, episode, referral));
        w.nextAction(referral, QStringLiteral("DP-REFERRAL"), EnquiryUpdate, To::person(manager),
                     sw, SW, false, update);
        return update;
    };
    // The manager authorised: the Direct Payments Panel task is in the Group tray, on a panel.
    const auto authorise = [&](int index, qint64 manager, qint64 update, qint64 episode,
                               int daysAgo) {
        w.exec(QStringLiteral("UPDATE worksteps SET status = 'finished', started_by = ?, "
                              "started_at = ?, finished_by = ?, finished_as_role = ?, "
                              "finished_at = ? WHERE id = ?"),
               {manager, w.at(daysAgo, 60), manager, Manager, w.at(daysAgo, 90), update});
        w.answers(update, QStringLiteral("DP-ENQUIRY-UPDATE"),
                  {{QStringLiteral("manager_agreement"),
                    QStringLiteral("Agreed: the purpose and the outcomes are clear and the "
                                   "family have tried universal services.")},
                   {QStringLiteral("manager_decision"), QStringLiteral("Authorise")}},
                  manager, Manager, daysAgo);
        const qint64 panelStep = w.step(child(index), PanelStep, To::inbox(tray),
                                        stage(incoming, daysAgo, manager, episode, update));
        w.nextAction(update, QStringLiteral("DP-ENQUIRY-UPDATE"), PanelStep, To::inbox(tray),
                     manager, Manager, false, panelStep);
        return panelStep;
    };
    const auto panelCase = [&](qint64 episode, int index, qint64 panelStep, const QString &kind,
                               const QDate &submitted, qint64 by, const QString &role,
                               const QDateTime &reviewAt = QDateTime(),
                               const QDate &reportDue = QDate()) {
        return w.insert(
            QStringLiteral("INSERT INTO dp_panel_cases (episode_id, person_id, panel_step_id, "
                           "case_kind, submitted_on, submitted_by, submitted_as_role, review_at, "
                           "report_due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "RETURNING id"),
            {episode, child(index), panelStep, kind, submitted, by, role,
             reviewAt.isValid() ? QVariant(reviewAt) : QVariant(QMetaType(QMetaType::QDateTime)),
             reportDue.isValid() ? QVariant(reportDue) : QVariant(QMetaType(QMetaType::QDate)),
             w.at(qMax(0, int(submitted.daysTo(w.today()))), 95)});
    };

    // Ava: Sam has just started Direct Payments; the referral is hers to start.
    const auto ava = startEpisode(18, socialWorkerUsername(), 0);
    StepState fresh = stage(incoming, 0, sam, ava.first);
    fresh.due = w.day(14);
    w.step(child(18), Referral, To::person(sam), fresh);

    // Theo: the referral is being written.
    const auto theo = startEpisode(19, socialWorkerUsername(), 6);
    StepState writing = stage(started, 6, sam, theo.first, 0, sam);
    writing.due = w.day(8);
    const qint64 theoReferral = w.step(child(19), Referral, To::person(sam), writing);
    w.openForm(theoReferral, QStringLiteral("DP-REFERRAL"), sam, 5);
    w.answers(theoReferral, QStringLiteral("DP-REFERRAL"), referralAnswers(theo.second, QString()),
              sam, SW, 2);

    // Grace: finalised; with Helen (her worker's manager) to update the enquiry.
    const qint64 priya = worker(QStringLiteral("sw.north"));
    const auto grace = startEpisode(20, QStringLiteral("sw.north"), 15);
    finishedReferral(20, priya, helen, grace.first, grace.second, 12);

    // Charlie: authorised by the manager, in the Group tray, on the next panel.
    const qint64 aisha = worker(QStringLiteral("sw.south2"));
    const qint64 daniel = worker(QStringLiteral("mgr.south"));
    const auto charlie = startEpisode(21, QStringLiteral("sw.south2"), 18);
    const qint64 charlieUpdate =
        finishedReferral(21, aisha, daniel, charlie.first, charlie.second, 16);
    const qint64 charliePanel = authorise(21, daniel, charlieUpdate, charlie.first, 5);
    const qint64 charlieCase = panelCase(charlie.first, 21, charliePanel, QStringLiteral("new"),
                                         w.day(-5), daniel, Manager);
    addToAgenda(w, nextPanel(PanelType, w.day(-5)), charliePanel, charlieCase, daniel, Manager);

    // Hana: a payment from before panels reviewed them: her first review is to be scheduled.
    const auto hana = startEpisode(26, QStringLiteral("sw.south"), 400);
    w.step(child(26), ScheduleReview, To::inbox(tray), stage(incoming, 2, gareth, hana.first));

    // Elijah: agreed at an earlier panel; his review is on the panel after next, the report due
    // from his worker a week before.
    const qint64 tom = worker(QStringLiteral("sw.south"));
    const auto elijah = startEpisode(29, QStringLiteral("sw.south"), 200);
    const qint64 elijahUpdate = finishedReferral(29, tom, daniel, elijah.first, elijah.second, 196);
    const qint64 firstPanel = authorise(29, daniel, elijahUpdate, elijah.first, 190);
    const Panel decided = nextPanel(PanelType, w.day(-190));
    const QDate decidedOn = decided.meetingAt.toLocalTime().date();
    w.exec(
        QStringLiteral("UPDATE worksteps SET status = 'finished', started_by = ?, started_at = ?, "
                       "finished_by = ?, finished_as_role = ?, finished_at = ? WHERE id = ?"),
        {gareth, decided.meetingAt, gareth, Admin, decided.meetingAt.addSecs(7200), firstPanel});
    w.answers(firstPanel, QStringLiteral("DP-PANEL"),
              {{QStringLiteral("panel_date"), decidedOn.toString(Qt::ISODate)},
               {QStringLiteral("attendees"),
                QStringLiteral("Head of Service (chair), Direct Payments Officer, allocated "
                               "worker, panel administrator")},
               {QStringLiteral("discussion"),
                QStringLiteral("Purpose and outcomes agreed; review at the next Child in Need "
                               "review.")},
               {QStringLiteral("panel_outcome"), QStringLiteral("Agreed")},
               {QStringLiteral("review_date"), w.isoDay(30)}},
              gareth, Admin, int(decidedOn.daysTo(w.today())));
    const qint64 firstCase = panelCase(elijah.first, 29, firstPanel, QStringLiteral("new"),
                                       w.day(-190), daniel, Manager);
    addToAgenda(w, decided, firstPanel, firstCase, daniel, Manager, QStringLiteral("Agreed"));

    const Panel review = nextPanel(PanelType, w.day(20)); // the panel after next
    const qint64 schedule =
        w.step(child(29), ScheduleReview, To::inbox(tray),
               stage(finished, 9, gareth, elijah.first, firstPanel, gareth, Admin, 6));
    w.answers(schedule, QStringLiteral("DP-REVIEW-MEETING"),
              {{QStringLiteral("review_meeting_date"),
                review.meetingAt.toLocalTime().date().toString(Qt::ISODate)},
               {QStringLiteral("review_meeting_time"), QStringLiteral("10:00")},
               {QStringLiteral("allocated_worker"), QStringLiteral("Tom Whitfield")}},
              gareth, Admin, 6);
    const qint64 report = w.step(child(29), PreMeetingReport, To::person(tom),
                                 stage(incoming, 6, gareth, elijah.first, schedule));
    const qint64 reviewStep = w.step(child(29), PanelReview, To::inbox(tray),
                                     stage(incoming, 6, gareth, elijah.first, schedule));
    w.nextAction(schedule, QStringLiteral("DP-REVIEW-MEETING"), PreMeetingReport, To::person(tom),
                 gareth, Admin, false, report);
    w.nextAction(schedule, QStringLiteral("DP-REVIEW-MEETING"), PanelReview, To::inbox(tray),
                 gareth, Admin, false, reviewStep);
    const qint64 reviewCase =
        panelCase(elijah.first, 29, reviewStep, QStringLiteral("review"), w.day(-6), gareth, Admin,
                  review.meetingAt, review.lastSubmission);
    addToAgenda(w, review, reviewStep, reviewCase, gareth, Admin);

    // Toby: a payment from before panels reviewed them, his first review on the third panel.
    // Sam has finalised the pre-meeting report; Helen is to approve it (the report is shown
    // beside her approval: showsContext).
    const Panel third = nextPanel(PanelType, review.lastSubmission.addDays(1));
    const auto toby = startEpisode(11, socialWorkerUsername(), 300);
    const qint64 tobySchedule = w.step(child(11), ScheduleReview, To::inbox(tray),
                                       stage(finished, 8, gareth, toby.first, 0, gareth, Admin, 7));
    w.answers(tobySchedule, QStringLiteral("DP-REVIEW-MEETING"),
              {{QStringLiteral("review_meeting_date"),
                third.meetingAt.toLocalTime().date().toString(Qt::ISODate)},
               {QStringLiteral("review_meeting_time"), QStringLiteral("14:00")},
               {QStringLiteral("allocated_worker"), displayName(sam)}},
              gareth, Admin, 7);
    const qint64 tobyReport =
        w.step(child(11), PreMeetingReport, To::person(sam),
               stage(finished, 7, gareth, toby.first, tobySchedule, sam, SW, 1));
    w.openForm(tobyReport, QStringLiteral("DP-PRE-MEETING"), sam, 6);
    w.answers(
        tobyReport, QStringLiteral("DP-PRE-MEETING"),
        {{QStringLiteral("brief_background"),
          QStringLiteral("Cerebral palsy; uses a wheelchair. Direct payments since before the "
                         "panel reviewed them, for a personal assistant at weekends.")},
         {QStringLiteral("payment_made_to"), toby.second},
         {QStringLiteral("use_of_payment"),
          QStringLiteral("Eight hours each weekend with the same personal assistant: swimming "
                         "and the inclusive cycling club.")},
         {QStringLiteral("outcomes_achieved"),
          QStringLiteral("Swims 25 metres; has made two friends at the cycling club; his "
                         "grandmother has a break every weekend.")},
         {QStringLiteral("purpose_of_payment"),
          QStringLiteral("To continue the weekend personal assistant, eight hours a week.")},
         {QStringLiteral("outcomes_sought"),
          QStringLiteral("Joins the club's Saturday rides on his own adapted bike.")},
         {QStringLiteral("payment_to_end"), QStringLiteral("false")},
         {QStringLiteral("checked_and_completed_by"), displayName(sam)}},
        sam, SW, 1);
    const qint64 tobyReview = w.step(child(11), PanelReview, To::inbox(tray),
                                     stage(incoming, 7, gareth, toby.first, tobySchedule));
    w.nextAction(tobySchedule, QStringLiteral("DP-REVIEW-MEETING"), PreMeetingReport,
                 To::person(sam), gareth, Admin, false, tobyReport);
    w.nextAction(tobySchedule, QStringLiteral("DP-REVIEW-MEETING"), PanelReview, To::inbox(tray),
                 gareth, Admin, false, tobyReview);
    const qint64 tobyCase =
        panelCase(toby.first, 11, tobyReview, QStringLiteral("review"), w.day(-7), gareth, Admin,
                  third.meetingAt, third.lastSubmission);
    addToAgenda(w, third, tobyReview, tobyCase, gareth, Admin);
    const qint64 tobyApproval = w.step(child(11), ApproveReport, To::person(helen),
                                       stage(incoming, 1, sam, toby.first, tobyReport));
    w.nextAction(tobyReport, QStringLiteral("DP-PRE-MEETING"), ApproveReport, To::person(helen),
                 sam, SW, false, tobyApproval);

    // Earlier panels, monthly, with the cases they decided: declined requests with their
    // reasons (for the decline-reasons report) and agreed ones whose review is coming up or
    // overdue and waits to be scheduled from the Group tray.
    QDate firstComing;
    for (const Panel &panel : std::as_const(m_panels)) {
        const QDate day = panel.meetingAt.toLocalTime().date();
        if (panel.type == PanelType && day >= w.today() &&
            (!firstComing.isValid() || day < firstComing))
            firstComing = day;
    }
    struct Decided
    {
        int child;
        const char *worker;
        const char *manager;
        int panelsAgo; // 1: the panel four weeks before the next one
        const char *outcome;
        const char *reason; // declined: one of DP-PANEL's decline reasons; agreed: review in days
        int reviewInDays;
    };
    const QList<Decided> history{
        {22, "sw.demo", "mgr.demo", 5, "Declined",
         "Needs can be met by universal or community services", 0},
        {23, "sw.south", "mgr.south", 4, "Declined", "Purpose of the direct payment is not clear",
         0},
        {24, "sw.north", "mgr.demo", 4, "Declined",
         "Needs can be met by universal or community services", 0},
        {25, "sw.north", "mgr.demo", 3, "Agreed", "", -4},
        {27, "sw.south2", "mgr.south", 3, "Declined", "Outcome for the child is not clear", 0},
        {28, "sw.demo", "mgr.demo", 2, "Declined",
         "Needs can be met by an existing service or short breaks", 0},
        {0, "sw.demo", "mgr.demo", 2, "Declined", "Purpose of the direct payment is not clear", 0},
        {12, "sw.north", "mgr.demo", 1, "Declined",
         "Needs can be met by universal or community services", 0},
        {14, "sw.south", "mgr.south", 1, "Agreed", "", 12},
        {16, "sw.south2", "mgr.south", 1, "Declined", "Assessed need not evidenced", 0},
    };
    QHash<int, Panel> earlier;
    for (const Decided &decided : history) {
        if (!earlier.contains(decided.panelsAgo)) {
            Panel panel;
            panel.type = PanelType;
            const QDate day = firstComing.addDays(-28 * decided.panelsAgo);
            panel.meetingAt = QDateTime(day, QTime(10, 0)).toUTC();
            panel.lastSubmission = day.addDays(-7);
            panel.id = w.insert(
                QStringLiteral("INSERT INTO panels (panel_type, meeting_at, last_submission_date, "
                               "location, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id"),
                {panel.type, panel.meetingAt, panel.lastSubmission,
                 QStringLiteral("Online (Teams)"), gareth});
            earlier.insert(decided.panelsAgo, panel);
        }
        const Panel &panel = earlier.value(decided.panelsAgo);
        const QDate day = panel.meetingAt.toLocalTime().date();
        const int daysAgo = int(day.daysTo(w.today()));
        const QString sw = QString::fromLatin1(decided.worker);
        const qint64 worker = this->worker(sw);
        const qint64 manager = this->worker(QString::fromLatin1(decided.manager));
        const auto episode = startEpisode(decided.child, sw, daysAgo + 25);
        const qint64 update = finishedReferral(decided.child, worker, manager, episode.first,
                                               episode.second, daysAgo + 22);
        const qint64 panelStep =
            authorise(decided.child, manager, update, episode.first, daysAgo + 10);
        w.exec(QStringLiteral("UPDATE worksteps SET status = 'finished', started_by = ?, "
                              "started_at = ?, finished_by = ?, finished_as_role = ?, "
                              "finished_at = ? WHERE id = ?"),
               {gareth, panel.meetingAt, gareth, Admin, panel.meetingAt.addSecs(5400), panelStep});
        const QString outcome = QString::fromLatin1(decided.outcome);
        QList<QPair<QString, QString>> answers{
            {QStringLiteral("panel_date"), day.toString(Qt::ISODate)},
            {QStringLiteral("attendees"),
             QStringLiteral("Head of Service (chair), Direct Payments Officer, allocated worker, "
                            "panel administrator")},
            {QStringLiteral("discussion"),
             QStringLiteral("The panel discussed the request and the outcomes sought.")},
            {QStringLiteral("panel_outcome"), outcome}};
        if (outcome == QLatin1String("Declined"))
            answers << qMakePair(QStringLiteral("decline_reason"),
                                 QString::fromUtf8(decided.reason))
                    << qMakePair(QStringLiteral("alternative_suggestions"),
                                 QStringLiteral("Talk with the family about the youth club and "
                                                "the holiday scheme first."));
        else
            answers << qMakePair(QStringLiteral("review_date"), w.isoDay(decided.reviewInDays));
        w.answers(panelStep, QStringLiteral("DP-PANEL"), answers, gareth, Admin, daysAgo);
        const qint64 caseId =
            panelCase(episode.first, decided.child, panelStep, QStringLiteral("new"),
                      w.day(-(daysAgo + 10)), manager, Manager);
        addToAgenda(w, panel, panelStep, caseId, manager, Manager, outcome);
        if (outcome == QLatin1String("Agreed")) {
            const qint64 toSchedule =
                w.step(child(decided.child), ScheduleReview, To::inbox(tray),
                       stage(incoming, daysAgo, gareth, episode.first, panelStep));
            w.nextAction(panelStep, QStringLiteral("DP-PANEL"), ScheduleReview, To::inbox(tray),
                         gareth, Admin, false, toSchedule);
        }
    }
}

} // namespace casedesk
