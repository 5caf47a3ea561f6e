#include "demoseeder.h"
#include "demowriter.h"

// Work in flight on the Children with Disabilities referral to Short Term Breaks (DOMAIN.md,
// workflow A), one child per stage, most of it the demo social worker's (sw.demo).

namespace casedesk {

using demo::DemoWriter;
using demo::StepState;
using demo::To;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString PanelRole = QStringLiteral("panel");

const QString Visit = QStringLiteral("Child in Need Visit");
const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ScPanel = QStringLiteral("SC Panel");
const QString Placement = QStringLiteral("CS Placement Request");
const QString Purchase = QStringLiteral("SC Social Care Purchase Request");
const QString DpSetup = QStringLiteral("CS Childrens Direct Payment Setup");

const QString ReviewRequest = QStringLiteral("CS Manager: Please review and confirm next action");
const QString AuthoriseRequest = QStringLiteral("CS Manager: Please authorise Panel request");
const QString PanelRequest = QStringLiteral("CS Request for CWD Panel");
const QString NotifyRequest = QStringLiteral("CS Notification of Panel Decision");
const QString PurchaseRequest = QStringLiteral("CS Please review purchase request and authorise");

using Answers = QList<QPair<QString, QString>>;

StepState incoming(int daysAgo, qint64 createdBy, const QDate &due = QDate())
{
    StepState state;
    state.createdDaysAgo = daysAgo;
    state.createdBy = createdBy;
    state.due = due;
    return state;
}

StepState started(int daysAgo, qint64 createdBy, qint64 startedBy, const QDate &due = QDate())
{
    StepState state = incoming(daysAgo, createdBy, due);
    state.status = QStringLiteral("started");
    state.startedBy = startedBy;
    return state;
}

StepState finished(int daysAgo, qint64 createdBy, qint64 startedBy, qint64 finishedBy,
                   const QString &role, int finishedDaysAgo)
{
    StepState state = started(daysAgo, createdBy, startedBy);
    state.status = QStringLiteral("finished");
    state.finishedBy = finishedBy;
    state.finishedAsRole = role;
    state.finishedDaysAgo = finishedDaysAgo;
    return state;
}

StepState from(StepState state, qint64 fromStepId)
{
    state.fromStepId = fromStepId;
    return state;
}

Answers significantInformation(const DemoWriter &w, int daysAgo, const QString &details)
{
    return {
        {QStringLiteral("date_information_received"), w.isoDay(-daysAgo)},
        {QStringLiteral("source_of_information"), QStringLiteral("Visit")},
        {QStringLiteral("details_of_significant_information"), details},
        {QStringLiteral("childs_needs_and_views"),
         QStringLiteral("Enjoys sensory play and swimming; communicates with Makaton and a "
                        "picture board. Said \"yes\" to trying a short stay.")},
        {QStringLiteral("parents_carers_views"),
         QStringLiteral("Parents are exhausted by broken nights and ask for regular breaks.")},
        {QStringLiteral("proposed_next_action"), QStringLiteral("Refer to Panel")},
    };
}

Answers panelRequest(const QString &reason)
{
    return {
        {QStringLiteral("services_requested"),
         QStringLiteral("Short Term Breaks and Direct Payments")},
        {QStringLiteral("reason_for_request"), reason},
        {QStringLiteral("childs_disability_and_needs"),
         QStringLiteral("Severe learning disability and epilepsy; needs two carers for personal "
                        "care and a waking night.")},
        {QStringLiteral("current_support"),
         QStringLiteral("Special school five days a week; short sessions from the family's own "
                        "network.")},
        {QStringLiteral("outcomes_sought"),
         QStringLiteral("Regular overnight breaks so the family can keep caring at home; more "
                        "time with friends of the same age.")},
        {QStringLiteral("nights_requested"), QStringLiteral("36")},
        {QStringLiteral("dp_hours_requested"), QStringLiteral("6")},
    };
}

} // namespace

void DemoSeeder::seedShortTermBreaks(DemoWriter &w)
{
    const qint64 sam = worker(socialWorkerUsername());
    const qint64 helen = worker(managerUsername());
    const qint64 ruth = worker(QStringLiteral("panel.chair"));
    const qint64 panelInbox = inbox(QStringLiteral("cs-cwd-panel"));

    // Lily: a Child in Need Visit just allocated.
    w.step(child(0), Visit, To::person(sam), incoming(1, helen, w.day(4)));

    // Noah: a visit under way.
    const qint64 noahVisit =
        w.step(child(1), Visit, To::person(sam), started(3, helen, sam, w.day(2)));
    w.openForm(noahVisit, QStringLiteral("CS-VISIT"), sam, 2);
    w.answers(noahVisit, QStringLiteral("CS-VISIT"),
              {{QStringLiteral("visit_date"), w.isoDay(-2)},
               {QStringLiteral("visit_type"), QStringLiteral("Announced")},
               {QStringLiteral("child_seen"), QStringLiteral("true")}},
              sam, SW, 2);

    // Amira: the visit sent CS Decision on Significant Information immediately, to Sam.
    const qint64 amiraVisit = w.step(child(2), Visit, To::person(sam), started(6, helen, sam));
    w.openForm(amiraVisit, QStringLiteral("CS-VISIT"), sam, 5);
    w.answers(amiraVisit, QStringLiteral("CS-VISIT"),
              {{QStringLiteral("visit_date"), w.isoDay(-1)},
               {QStringLiteral("visit_type"), QStringLiteral("Announced")},
               {QStringLiteral("child_seen"), QStringLiteral("true")},
               {QStringLiteral("child_seen_alone"), QStringLiteral("false")},
               {QStringLiteral("observations"),
                QStringLiteral("Mother in tears; Amira has not slept more than four hours a night "
                               "for three weeks. Family asks for help.")}},
              sam, SW, 1);
    const qint64 amiraDecision =
        w.step(child(2), Decision, To::person(sam), from(incoming(0, sam, w.day(7)), amiraVisit));
    w.nextAction(amiraVisit, QStringLiteral("CS-VISIT"), Decision, To::person(sam), sam, SW, true,
                 amiraDecision);

    // Jacob: decision written up, REQUIRED review request waiting for the manager.
    const qint64 jacobDecision =
        w.step(child(3), Decision, To::person(sam), started(5, sam, sam, w.day(2)));
    w.openForm(jacobDecision, QStringLiteral("C1044"), sam, 4);
    w.answers(jacobDecision, QStringLiteral("C1044"),
              significantInformation(w, 5,
                                     QStringLiteral("Jacob's behaviour at home has become "
                                                    "unsafe for his younger sister; mother "
                                                    "asks for overnight short breaks.")),
              sam, SW, 3);
    w.nextAction(jacobDecision, QStringLiteral("C1044"), ScPanel, To::person(sam), sam, SW);
    w.request(jacobDecision, ReviewRequest, true, sam, SW, To::person(helen), 2);

    // Maisie: the manager agreed and finished; SC Panel is now Sam's incoming work.
    const qint64 maisieDecision =
        w.step(child(4), Decision, To::person(sam), finished(9, sam, sam, helen, Manager, 1));
    w.openForm(maisieDecision, QStringLiteral("C1044"), sam, 8);
    w.answers(maisieDecision, QStringLiteral("C1044"),
              significantInformation(w, 9,
                                     QStringLiteral("Maisie's needs have grown since her "
                                                    "operation; parents cannot manage "
                                                    "without regular breaks.")),
              sam, SW, 7);
    w.answers(maisieDecision, QStringLiteral("C1044"),
              {{QStringLiteral("manager_decision"), QStringLiteral("Agree - refer to Panel")},
               {QStringLiteral("manager_required_actions"),
                QStringLiteral("Refer to the next CWD Resource Panel; include the OT report.")},
               {QStringLiteral("manager_decision_date"), w.isoDay(-1)}},
              helen, Manager, 1);
    w.request(maisieDecision, ReviewRequest, true, sam, SW, To::person(helen), 6, helen, Manager);
    const qint64 maisiePanel = w.step(child(4), ScPanel, To::person(sam),
                                      from(incoming(1, helen, w.day(10)), maisieDecision));
    w.nextAction(maisieDecision, QStringLiteral("C1044"), ScPanel, To::person(sam), sam, SW, false,
                 maisiePanel);

    // Oliver: SC Panel filled in, waiting for the manager to authorise the panel request.
    const qint64 oliverPanel =
        w.step(child(5), ScPanel, To::person(sam), started(8, helen, sam, w.day(5)));
    w.openForm(oliverPanel, QStringLiteral("C0824"), sam, 7);
    w.openForm(oliverPanel, QStringLiteral("C0773"), sam, 7);
    w.answers(oliverPanel, QStringLiteral("C0824"),
              {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")},
               {QStringLiteral("date_panel_requested"), w.isoDay(-3)}},
              sam, SW, 3);
    w.answers(oliverPanel, QStringLiteral("C0773"),
              panelRequest(QStringLiteral("Family at risk of breakdown without regular breaks.")),
              sam, SW, 3);
    w.request(oliverPanel, AuthoriseRequest, false, sam, SW, To::person(helen), 1);

    // Freya: authorised; the manager sent CS Request for CWD Panel to CS CWD – Panel.
    const qint64 freyaPanel = w.step(child(6), ScPanel, To::person(sam), started(14, helen, sam));
    w.openForm(freyaPanel, QStringLiteral("C0824"), sam, 13);
    w.openForm(freyaPanel, QStringLiteral("C0773"), sam, 13);
    w.answers(freyaPanel, QStringLiteral("C0824"),
              {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, sam, SW,
              10);
    w.answers(freyaPanel, QStringLiteral("C0773"),
              panelRequest(QStringLiteral("Parents both work shifts; Freya needs two carers.")),
              sam, SW, 10);
    w.answers(freyaPanel, QStringLiteral("C0773"),
              {{QStringLiteral("practice_supervisors_views"),
                QStringLiteral("I support this request: the assessment shows the family need "
                               "regular breaks now.")},
               {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
              helen, Manager, 4);
    w.request(freyaPanel, AuthoriseRequest, false, sam, SW, To::person(helen), 6, helen, Manager);
    w.request(freyaPanel, PanelRequest, false, helen, Manager, To::inbox(panelInbox), 4);
    addToAgenda(w, nextPanel(QStringLiteral("CWD Resource Panel"), w.day(-4)), freyaPanel, 0, helen,
                Manager);

    // Harvey: panel agreed; placement and purchase requests are Sam's incoming work.
    const qint64 harveyPanel =
        w.step(child(7), ScPanel, To::person(sam), finished(30, helen, sam, ruth, PanelRole, 2));
    w.openForm(harveyPanel, QStringLiteral("C0824"), sam, 29);
    w.openForm(harveyPanel, QStringLiteral("C0773"), sam, 29);
    w.answers(harveyPanel, QStringLiteral("C0824"),
              {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, sam, SW,
              25);
    w.answers(harveyPanel, QStringLiteral("C0773"),
              panelRequest(QStringLiteral("Harvey's needs can no longer be met by family alone.")),
              sam, SW, 25);
    // The PS/Manager's support, which CS Request for CWD Panel waits for (docs/decisions.md).
    w.answers(harveyPanel, QStringLiteral("C0773"),
              {{QStringLiteral("practice_supervisors_views"),
                QStringLiteral("I support this request: carer strain is evidenced.")},
               {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
              helen, Manager, 21);
    w.answers(harveyPanel, QStringLiteral("C0773"),
              {{QStringLiteral("panel_date"), w.isoDay(-9)},
               {QStringLiteral("panel_decision"), QStringLiteral("Agreed")},
               {QStringLiteral("short_breaks_agreed"), QStringLiteral("Short Term Breaks Home")},
               {QStringLiteral("nights_agreed"), QStringLiteral("36")},
               {QStringLiteral("direct_payments_agreed"), QStringLiteral("true")},
               {QStringLiteral("dp_hours_agreed"), QStringLiteral("4")},
               {QStringLiteral("panel_reasons"),
                QStringLiteral("Needs and carer strain evidenced; 36 nights a year at a Short "
                               "Term Breaks home and 4 hours a week of Direct Payments.")},
               {QStringLiteral("review_date"), w.isoDay(170)}},
              ruth, PanelRole, 2);
    w.request(harveyPanel, AuthoriseRequest, false, sam, SW, To::person(helen), 22, helen, Manager);
    w.request(harveyPanel, PanelRequest, false, helen, Manager, To::inbox(panelInbox), 20, ruth,
              PanelRole);
    w.request(harveyPanel, NotifyRequest, false, ruth, PanelRole, To::person(sam), 2);
    const qint64 harveyPlacement = w.step(child(7), Placement, To::person(sam),
                                          from(incoming(2, ruth, w.day(12)), harveyPanel));
    const qint64 harveyPurchase = w.step(child(7), Purchase, To::person(sam),
                                         from(incoming(2, ruth, w.day(12)), harveyPanel));
    w.nextAction(harveyPanel, QStringLiteral("C0824"), Placement, To::person(sam), ruth, PanelRole,
                 false, harveyPlacement);
    w.nextAction(harveyPanel, QStringLiteral("C0824"), Purchase, To::person(sam), ruth, PanelRole,
                 false, harveyPurchase);

    // Zara: purchase request for Direct Payments, waiting for the manager's authorisation.
    const Answers directPayment{
        {QStringLiteral("required_purchase_type"), QStringLiteral("Direct Payment")},
        {QStringLiteral("reason_for_purchase"),
         QStringLiteral("Direct Payments agreed at CWD Resource Panel alongside short breaks.")},
        {QStringLiteral("assessed_needs"),
         QStringLiteral("One-to-one support to take part in after-school clubs.")},
        {QStringLiteral("outcomes_sought"),
         QStringLiteral("Zara joins a youth club with friends; parents get two evenings a week.")},
        {QStringLiteral("funding_source"), QStringLiteral("Children's Social Care")},
        {QStringLiteral("dp_paid_to"), QStringLiteral("Nadia Iqbal (mother)")},
        {QStringLiteral("dp_hours_per_week"), QStringLiteral("6")},
        {QStringLiteral("dp_weekly_amount"), QStringLiteral("102.00")},
        {QStringLiteral("dp_start_date"), w.isoDay(21)},
        {QStringLiteral("dp_agreed_at_panel_date"), w.isoDay(-9)},
        {QStringLiteral("dp_purpose"),
         QStringLiteral("A personal assistant two evenings a week and on Saturday mornings.")},
    };
    const qint64 zaraPurchase =
        w.step(child(8), Purchase, To::person(sam), started(7, ruth, sam, w.day(3)));
    w.openForm(zaraPurchase, QStringLiteral("C1300"), sam, 6);
    w.answers(zaraPurchase, QStringLiteral("C1300"), directPayment, sam, SW, 2);
    w.nextAction(zaraPurchase, QStringLiteral("C1300"), DpSetup,
                 To::inbox(inbox(QStringLiteral("direct-payments-inbox"))), sam, SW);
    w.request(zaraPurchase, PurchaseRequest, true, sam, SW, To::person(helen), 1);

    // Reuben: purchase request authorised and finished; the setup is in Direct Payments – Inbox.
    const qint64 reubenPurchase =
        w.step(child(9), Purchase, To::person(sam), finished(20, ruth, sam, helen, Manager, 3));
    w.openForm(reubenPurchase, QStringLiteral("C1300"), sam, 19);
    w.answers(reubenPurchase, QStringLiteral("C1300"), directPayment, sam, SW, 10);
    w.answers(reubenPurchase, QStringLiteral("C1300"),
              {{QStringLiteral("authorisation_decision"), QStringLiteral("Authorised")},
               {QStringLiteral("authorisation_date"), w.isoDay(-3)}},
              helen, Manager, 3);
    w.request(reubenPurchase, PurchaseRequest, true, sam, SW, To::person(helen), 8, helen, Manager);
    const qint64 reubenSetup =
        w.step(child(9), DpSetup, To::inbox(inbox(QStringLiteral("direct-payments-inbox"))),
               from(incoming(3, helen, w.day(11)), reubenPurchase));
    w.nextAction(reubenPurchase, QStringLiteral("C1300"), DpSetup,
                 To::inbox(inbox(QStringLiteral("direct-payments-inbox"))), sam, SW, false,
                 reubenSetup);

    // Leo (CWD Team South): a decision waiting for that team's manager.
    const qint64 tom = worker(QStringLiteral("sw.south"));
    const qint64 daniel = worker(QStringLiteral("mgr.south"));
    const qint64 leoDecision = w.step(child(15), Decision, To::person(tom), started(4, tom, tom));
    w.openForm(leoDecision, QStringLiteral("C1044"), tom, 3);
    w.answers(leoDecision, QStringLiteral("C1044"),
              significantInformation(w, 4,
                                     QStringLiteral("Leo's school placement has broken "
                                                    "down; family need support.")),
              tom, SW, 2);
    w.request(leoDecision, ReviewRequest, true, tom, SW, To::person(daniel), 2);

    // Isla (CWD Team South): at CS CWD – Panel for the next meeting.
    const qint64 aisha = worker(QStringLiteral("sw.south2"));
    const qint64 islaPanel =
        w.step(child(16), ScPanel, To::person(aisha), started(12, daniel, aisha));
    w.openForm(islaPanel, QStringLiteral("C0824"), aisha, 11);
    w.answers(islaPanel, QStringLiteral("C0824"),
              {{QStringLiteral("panel_requested"), QStringLiteral("CWD Resource Panel")}}, aisha,
              SW, 9);
    w.openForm(islaPanel, QStringLiteral("C0773"), aisha, 10);
    w.answers(islaPanel, QStringLiteral("C0773"),
              panelRequest(QStringLiteral("Isla's parents need regular overnight breaks.")), aisha,
              SW, 9);
    w.answers(
        islaPanel, QStringLiteral("C0773"),
        {{QStringLiteral("practice_supervisors_views"), QStringLiteral("I support this request.")},
         {QStringLiteral("practice_supervisor_supports_request"), QStringLiteral("true")}},
        daniel, Manager, 7);
    w.request(islaPanel, AuthoriseRequest, false, aisha, SW, To::person(daniel), 8, daniel,
              Manager);
    w.request(islaPanel, PanelRequest, false, daniel, Manager, To::inbox(panelInbox), 6);
    addToAgenda(w, nextPanel(QStringLiteral("CWD Resource Panel"), w.day(-6)), islaPanel, 0, daniel,
                Manager);

    // Visits elsewhere: incoming, under way, scheduled for later, and done.
    w.step(child(17), Visit, To::person(aisha), incoming(2, daniel, w.day(6)));
    w.step(child(25), Visit, To::person(worker(QStringLiteral("sw.north"))),
           incoming(1, helen, w.day(9)));
    w.step(child(27), Visit, To::person(aisha), started(5, daniel, aisha, w.day(1)));
    StepState later = incoming(3, sam, w.day(18));
    later.scheduledFor = w.day(14);
    w.step(child(22), Visit, To::person(sam), later);
    later.scheduledFor = w.day(10);
    later.createdBy = tom;
    w.step(child(23), Visit, To::person(tom), later);
    w.step(child(24), Visit, To::person(worker(QStringLiteral("sw.north"))),
           finished(25, helen, worker(QStringLiteral("sw.north")),
                    worker(QStringLiteral("sw.north")), SW, 20));
    w.step(child(28), Visit, To::person(sam), finished(35, helen, sam, sam, SW, 30));
}

} // namespace casedesk
