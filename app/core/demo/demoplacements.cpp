#include "demoseeder.h"
#include "demowriter.h"

// Placement requests after panel (DOMAIN.md workflow A step 5) and the Direct Payments workflow
// (workflow B): episodes, events and referrals at each stage.

namespace casedesk {

using demo::DemoWriter;
using demo::StepState;
using demo::To;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString PlacementForm = QStringLiteral("CS-PLACEMENT");
const QString Placement = QStringLiteral("CS Placement Request");
const QString StbRequest = QStringLiteral("CS Short Term Breaks Placement Request");
const QString FosterCarerRequest =
    QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request");
const QString CommissionedRequest = QStringLiteral("CS Commissioned Placement Request");
const QString Referral = QStringLiteral("Direct Payments Referral");
const QString DirectPayments = QStringLiteral("Direct Payments");

StepState state(const QString &status, int daysAgo, qint64 createdBy, qint64 startedBy = 0,
                qint64 finishedBy = 0)
{
    StepState result;
    result.status = status;
    result.createdDaysAgo = daysAgo;
    result.createdBy = createdBy;
    result.startedBy = startedBy;
    result.finishedBy = finishedBy;
    result.finishedAsRole = SW;
    result.finishedDaysAgo = 1;
    return result;
}

QList<QPair<QString, QString>> placementAnswers(const DemoWriter &w, const QString &type,
                                                const QString &kind)
{
    const bool internal = type == QLatin1String("Internal");
    QList<QPair<QString, QString>> answers{
        {QStringLiteral("child_in_care_request"), QStringLiteral("No")},
        {QStringLiteral("checked_and_completed_by"), QStringLiteral("true")},
        {QStringLiteral("placement_request_type"), type},
        {internal ? QStringLiteral("internal_placement_type")
                  : QStringLiteral("external_placement_type"),
         kind},
        {QStringLiteral("date_agreed_at_panel"), w.isoDay(-9)},
        {QStringLiteral("date_required_from"), w.isoDay(28)},
        {QStringLiteral("reason_for_request"),
         QStringLiteral("Short Term Breaks agreed at CWD Resource Panel: 36 nights a year.")},
        {QStringLiteral("communication_needs"),
         QStringLiteral("Uses Makaton and a picture board; understands short sentences.")},
        {QStringLiteral("mobility_and_personal_care"),
         QStringLiteral("Walks short distances; wheelchair outdoors. Needs full support with "
                        "personal care.")},
        {QStringLiteral("health_and_medication"),
         QStringLiteral("Epilepsy: rescue medication care plan attached to the record.")},
        {QStringLiteral("nights_agreed_per_year"), QStringLiteral("36")},
    };
    if (kind == QLatin1String("LCC CWD Short Breaks"))
        answers << qMakePair(QStringLiteral("preferred_home"), QStringLiteral("No preference"));
    return answers;
}

} // namespace

void DemoSeeder::seedPlacements(DemoWriter &w)
{
    const qint64 sam = worker(socialWorkerUsername());
    const qint64 priya = worker(QStringLiteral("sw.north"));
    const qint64 tom = worker(QStringLiteral("sw.south"));
    const qint64 ruth = worker(QStringLiteral("panel.chair"));
    const QString started = QStringLiteral("started");
    const QString finished = QStringLiteral("finished");

    // Evie: Sam is filling in an internal placement request for a Short Term Breaks home.
    const qint64 evie = w.step(child(10), Placement, To::person(sam), state(started, 6, ruth, sam));
    w.openForm(evie, PlacementForm, sam, 5);
    w.answers(
        evie, PlacementForm,
        placementAnswers(w, QStringLiteral("Internal"), QStringLiteral("LCC CWD Short Breaks")),
        sam, SW, 1);
    w.nextAction(evie, PlacementForm, StbRequest, To::inbox(inbox(QStringLiteral("haven-cottage"))),
                 sam, SW);

    // Finished placement requests, each now with the team that reviews and approves it.
    struct Sent
    {
        int child;
        qint64 worker;
        const char *type;
        const char *kind;
        const QString &stepType;
        const char *inbox;
        bool startedThere;
    };
    const QList<Sent> sent{
        {11, sam, "Internal", "LCC CWD Short Breaks", StbRequest, "strut-house", false},
        {12, priya, "Internal", "LCC CWD Short Breaks", StbRequest, "haven-cottage", true},
        {13, priya, "External", "CWD Short Breaks", CommissionedRequest,
         "cs-commissioned-placement-inbox", false},
        {14, tom, "Internal", "CWD Short Breaks with LCC approved Foster Carer", FosterCarerRequest,
         "duty-desk", false},
    };
    for (const Sent &item : sent) {
        const qint64 request = w.step(child(item.child), Placement, To::person(item.worker),
                                      state(finished, 12, ruth, item.worker, item.worker));
        w.openForm(request, PlacementForm, item.worker, 11);
        w.answers(
            request, PlacementForm,
            placementAnswers(w, QString::fromLatin1(item.type), QString::fromLatin1(item.kind)),
            item.worker, SW, 2);
        const qint64 home = inbox(QString::fromLatin1(item.inbox));
        StepState review =
            state(item.startedThere ? started : QStringLiteral("incoming"), 1, item.worker);
        review.fromStepId = request;
        review.due = w.day(13);
        if (item.startedThere)
            review.startedBy = worker(QStringLiteral("home.haven"));
        const qint64 reviewStep = w.step(child(item.child), item.stepType, To::inbox(home), review);
        w.nextAction(request, PlacementForm, item.stepType, To::inbox(home), item.worker, SW, false,
                     reviewStep);
    }
}

void DemoSeeder::seedDirectPayments(DemoWriter &w)
{
    const qint64 sam = worker(socialWorkerUsername());
    const qint64 helen = worker(managerUsername());
    const qint64 tray = inbox(QStringLiteral("direct-payments-group-tray"));

    // Start Direct Payments: the episode, its opening event and the referral.
    struct Start
    {
        int child;
        const char *worker;
        int daysAgo;
    };
    const QList<Start> starts{
        {18, "sw.demo", 0},    {19, "sw.demo", 6},    {20, "sw.north", 15},
        {21, "sw.south2", 18}, {26, "sw.south", 400},
    };
    QHash<int, qint64> episodes;
    for (const Start &start : starts) {
        const qint64 by = worker(QString::fromLatin1(start.worker));
        const qint64 episode =
            w.insert(QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                                    "payment_for_person_id, created_by, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
                     {child(start.child), DirectPayments, w.day(-start.daysAgo), child(start.child),
                      by, w.at(start.daysAgo)});
        episodes.insert(start.child, episode);
        w.exec(QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                              "details, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
               {child(start.child), episode, QStringLiteral("Start Direct Payments"),
                w.day(-start.daysAgo),
                QStringLiteral("Start Date %1").arg(w.isoDay(-start.daysAgo)), by,
                w.at(start.daysAgo, 5)});
    }

    // Ava: Sam has just assigned the referral to herself; Theo: referral being written.
    StepState fresh = state(QStringLiteral("incoming"), 0, sam);
    fresh.episodeId = episodes.value(18);
    fresh.due = w.day(14);
    w.step(child(18), Referral, To::person(sam), fresh);
    StepState writing = state(QStringLiteral("started"), 6, sam, sam);
    writing.episodeId = episodes.value(19);
    writing.due = w.day(8);
    w.step(child(19), Referral, To::person(sam), writing);

    // Grace and Charlie: finalised and authorised by the manager, now in the Group tray; Charlie
    // is on the next Direct Payments panel.
    for (int index : {20, 21}) {
        const qint64 by =
            worker(index == 20 ? QStringLiteral("sw.north") : QStringLiteral("sw.south2"));
        StepState done = state(QStringLiteral("finished"), 14, by, by, helen);
        done.finishedAsRole = Manager;
        done.finishedDaysAgo = 4;
        done.episodeId = episodes.value(index);
        const qint64 referral = w.step(child(index), Referral, To::person(by), done);
        StepState inTray = state(QStringLiteral("incoming"), 4, helen);
        inTray.episodeId = episodes.value(index);
        inTray.fromStepId = referral;
        const qint64 trayStep = w.step(child(index), Referral, To::inbox(tray), inTray);
        w.exec(QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                              "details, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
               {child(index), episodes.value(index), QStringLiteral("Direct Payments authorised"),
                w.day(-4),
                QStringLiteral("Authorised by the manager; sent to the Direct Payments "
                               "Group tray."),
                helen, w.at(4, 10)});
        if (index == 21)
            m_panelSteps.insert(QStringLiteral("Direct Payments Panel/21"), trayStep);
    }
}

} // namespace casedesk
