#include "demoseeder.h"
#include "demowriter.h"

// Placement requests after panel (DOMAIN.md workflow A step 5), each with the team that reviews
// and approves it.

namespace casedesk {

using demo::DemoWriter;
using demo::StepState;
using demo::To;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString PlacementForm = QStringLiteral("CS-PLACEMENT");
const QString Placement = QStringLiteral("CS Placement Request");
const QString StbRequest = QStringLiteral("CS Short Term Breaks Placement Request");
const QString FosterCarerRequest =
    QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request");
const QString CommissionedRequest = QStringLiteral("CS Commissioned Placement Request");

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

// `confirmedBy`: the worker who ticked "Checked and completed by" (the answer is their name).
QList<QPair<QString, QString>> placementAnswers(const DemoWriter &w, const QString &type,
                                                const QString &kind, const QString &confirmedBy)
{
    const bool internal = type == QLatin1String("Internal");
    QList<QPair<QString, QString>> answers{
        {QStringLiteral("child_in_care_request"), QStringLiteral("No")},
        {QStringLiteral("checked_and_completed_by"), confirmedBy},
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
    w.answers(evie, PlacementForm,
              placementAnswers(w, QStringLiteral("Internal"),
                               QStringLiteral("LCC CWD Short Breaks"), displayName(sam)),
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
        w.answers(request, PlacementForm,
                  placementAnswers(w, QString::fromLatin1(item.type),
                                   QString::fromLatin1(item.kind), displayName(item.worker)),
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

    // Haven Cottage accepted Sam's earlier request for child 11: the decision is in Sam's tray
    // as the notice CS Notification of Placement Decision, with the response beside it.
    const qint64 haven = worker(QStringLiteral("home.haven"));
    const qint64 asked =
        w.step(child(11), Placement, To::person(sam), state(finished, 30, ruth, sam, sam));
    w.openForm(asked, PlacementForm, sam, 29);
    w.answers(asked, PlacementForm,
              placementAnswers(w, QStringLiteral("Internal"),
                               QStringLiteral("LCC CWD Short Breaks"), displayName(sam)),
              sam, SW, 29);
    StepState accepted = state(finished, 28, sam, haven, haven);
    accepted.fromStepId = asked;
    accepted.finishedAsRole = QStringLiteral("home_staff");
    accepted.finishedDaysAgo = 3;
    const qint64 havenCottage = inbox(QStringLiteral("haven-cottage"));
    const qint64 response = w.step(child(11), StbRequest, To::inbox(havenCottage), accepted);
    w.nextAction(asked, PlacementForm, StbRequest, To::inbox(havenCottage), sam, SW, false,
                 response);
    w.openForm(response, QStringLiteral("CS-PLACEMENT-RESPONSE"), haven, 3);
    w.answers(response, QStringLiteral("CS-PLACEMENT-RESPONSE"),
              {{QStringLiteral("placement_decision"), QStringLiteral("Accepted")},
               {QStringLiteral("placement_start_date"), w.isoDay(12)},
               {QStringLiteral("placement_arrangements"),
                QStringLiteral("Two nights a month, Friday to Sunday; collected from school.")}},
              haven, QStringLiteral("home_staff"), 3);
    w.request(response, QStringLiteral("CS Notification of Placement Decision"), false, haven,
              QStringLiteral("home_staff"), To::person(sam), 3);
}

} // namespace casedesk
