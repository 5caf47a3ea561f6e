// The workflow rules on the server (014_workflow_rules.postgres.sql). Each act of the hostile
// insider test (issue 10, point 2) is tried as SQL on the worker's own login and refused by the
// server; the same work done the way the guides do it, through WorkflowEngine and DirectPayments
// on that same login, still goes through, so the rules are not "refuse everything".
#include "securityfixture.h"

#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString SW = QStringLiteral("social_worker");
const QString Manager = QStringLiteral("ps_manager");
const QString Visit = QStringLiteral("Child in Need Visit");
const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString PurchaseRequest = QStringLiteral("SC Social Care Purchase Request");
const QString Setup = QStringLiteral("CS Childrens Direct Payment Setup");
const QString ReviewPurchaseRequest =
    QStringLiteral("CS Please review purchase request and authorise");
const QString Inbox = QStringLiteral("direct-payments-inbox");

// As psql would: a step, a finish, an answer (as the next version), an audit entry.
const QString InsertStep = QStringLiteral(
    "INSERT INTO worksteps (person_id, step_type, assignee_worker_id, assignee_virtual_worker_id, "
    "from_step_id, created_by) VALUES (?, ?, ?, ?, ?, ?)");
const QString FinishStep = QStringLiteral(
    "UPDATE worksteps SET status = 'finished', finished_by = ?, finished_as_role = ?, "
    "finished_at = now(), revision = revision + 1 WHERE id = ?");
const QString SaveAnswer = QStringLiteral(
    "INSERT INTO form_answers (step_id, form_code, question_id, value, version, saved_by, "
    "saved_as_role) VALUES (?, ?, ?, ?, (SELECT COALESCE(max(version), 0) + 1 FROM form_answers "
    "WHERE step_id = ? AND form_code = ? AND question_id = ?), ?, ?)");
const QString WriteAudit = QStringLiteral(
    "INSERT INTO audit_log (occurred_at, worker_id, acting_role, action, entity, details) VALUES "
    "('2001-01-01 00:00:00+00', ?, 'social_worker', 'note', 'person', ?)");

QVariant noId()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

QHash<QString, QString> purchaseAnswers()
{
    return {{QStringLiteral("required_purchase_type"), QStringLiteral("Direct Payment")},
            {QStringLiteral("reason_for_purchase"), QStringLiteral("Agreed at panel.")},
            {QStringLiteral("assessed_needs"), QStringLiteral("Personal care support.")},
            {QStringLiteral("outcomes_sought"), QStringLiteral("Community activities.")},
            {QStringLiteral("funding_source"), QStringLiteral("Children's Social Care")},
            {QStringLiteral("dp_paid_to"), QStringLiteral("Parent")},
            {QStringLiteral("dp_hours_per_week"), QStringLiteral("6")},
            {QStringLiteral("dp_weekly_amount"), QStringLiteral("96.00")},
            {QStringLiteral("dp_start_date"), QStringLiteral("2027-01-04")},
            {QStringLiteral("dp_agreed_at_panel_date"), QStringLiteral("2026-11-25")},
            {QStringLiteral("dp_purpose"), QStringLiteral("Personal assistant hours.")}};
}

} // namespace

class TestWorkflowRules : public QObject
{
    Q_OBJECT

    // A purchase request of the social worker's, started and filled in, with the setup step as
    // its next action and the REQUIRED authorisation sent to the manager. (Created by the
    // administrator: it comes from a panel's decision, which is not what is tested here.)
    qint64 purchaseAwaitingAuthorisation(SecurityFixture &f)
    {
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        WorkflowEngine &engine = f.engine(QStringLiteral("sw"));
        const qint64 purchase =
            f.adminEngine().createStep(f.childId, PurchaseRequest, Assignee::me(), sw, &status);
        [&] {
            QVERIFY2(purchase > 0, qPrintable(status.message()));
            EXPECT_OK(engine.startStep(purchase, sw));
            EXPECT_OK(engine.saveAnswers(purchase, QStringLiteral("C1300"), purchaseAnswers(), sw));
            QVERIFY2(engine.addNextAction(purchase, QStringLiteral("C1300"), Setup, f.vw(Inbox),
                                          false, sw, &status) > 0,
                     qPrintable(status.message()));
            QVERIFY2(engine.sendRequest(purchase, ReviewPurchaseRequest,
                                        f.worker(QStringLiteral("manager")), sw, QString(),
                                        &status) > 0,
                     qPrintable(status.message()));
        }();
        return QTest::currentTestFailed() ? 0 : purchase;
    }

    // Start Direct Payments, the referral finalised by the social worker: the enquiry is the
    // manager's incoming work.
    qint64 enquiryForManager(SecurityFixture &f)
    {
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        DirectPayments swDp(f.db(QStringLiteral("sw")), f.engine(QStringLiteral("sw")));
        qint64 referral = 0;
        [&] {
            QVERIFY2(swDp.startDirectPayments(f.childId, QDate::currentDate(), 0, sw, &status,
                                              &referral) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(swDp.startStep(referral, sw));
            EXPECT_OK(
                f.engine(QStringLiteral("sw"))
                    .saveAnswers(referral, dp::ReferralForm,
                                 {{QStringLiteral("brief_background"), QStringLiteral("Needs.")},
                                  {dp::q::PurposeOfPayment, QStringLiteral("An assistant.")},
                                  {dp::q::OutcomesSought, QStringLiteral("Joins a club.")}},
                                 sw));
            const qint64 tray = f.vwId(dp::GroupTray);
            EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep,
                           (QVariantList{f.childId, dp::PanelStep, noId(), tray, referral,
                                         f.id(QStringLiteral("sw"))}),
                           QLatin1String("is not a next action that step"));
            EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep,
                           (QVariantList{f.childId, dp::PanelStep, noId(), tray, noId(),
                                         f.id(QStringLiteral("sw"))}),
                           QLatin1String("except by a Panel Administrator"));
            QVERIFY2(f.engine(QStringLiteral("sw"))
                             .addNextAction(referral, dp::ReferralForm, dp::EnquiryUpdate,
                                            f.worker(QStringLiteral("manager")), false, sw,
                                            &status) > 0,
                     qPrintable(status.message()));
            EXPECT_OK(swDp.finishStep(referral, sw));
        }();
        return QTest::currentTestFailed() ? 0 : f.incomingStep(dp::EnquiryUpdate, referral);
    }

    // Saves one answer as the worker, as psql would; the server's error or "".
    QString saveAs(SecurityFixture &f, const QString &key, qint64 step, const QString &form,
                   const QString &question, const QString &value, const QString &role)
    {
        return f.refusal(key, SaveAnswer,
                         {step, form, question, value, step, form, question, f.id(key), role});
    }

private slots:
    // "A social worker inserted a CS Childrens Direct Payment Setup step into the Direct
    // Payments – Inbox from a purchase request whose REQUIRED manager authorisation was still
    // outstanding."
    void setupStepOnlyFromTheAuthorisedPurchaseRequest()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 purchase = purchaseAwaitingAuthorisation(f);
        QVERIFY(purchase > 0);
        const QVariantList fromPurchase{f.childId,
                                        Setup,
                                        noId(),
                                        f.vwId(Inbox),
                                        QVariant(purchase),
                                        f.id(QStringLiteral("sw"))};
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep, fromPurchase,
                       QLatin1String("is not a next action that step"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep,
                       (QVariantList{f.childId, Setup, noId(), f.vwId(Inbox), noId(),
                                     f.id(QStringLiteral("sw"))}),
                       QLatin1String("cannot be started from the record"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), FinishStep,
                       (QVariantList{f.id(QStringLiteral("sw")), SW, purchase}),
                       QLatin1String("outstanding REQUIRED request"));
        QCOMPARE(f.workOfVirtualWorker(Inbox), QStringList());

        // The manager authorises and finishes: that releases it, once.
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        WorkflowEngine &engine = f.engine(QStringLiteral("manager"));
        EXPECT_OK(engine.resumeStep(purchase, manager));
        EXPECT_OK(engine.saveAnswers(
            purchase, QStringLiteral("C1300"),
            {{QStringLiteral("authorisation_decision"), QStringLiteral("Authorised")},
             {QStringLiteral("authorisation_date"), QStringLiteral("2026-11-26")}},
            manager));
        EXPECT_OK(engine.completeRequest(f.requestId(purchase, ReviewPurchaseRequest), manager));
        EXPECT_OK(engine.finishStep(purchase, manager));
        QCOMPARE(f.workOfVirtualWorker(Inbox), QStringList{QStringLiteral("incoming: ") + Setup});
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertStep,
                       (QVariantList{f.childId, Setup, noId(), f.vwId(Inbox), purchase,
                                     f.id(QStringLiteral("manager"))}),
                       QLatin1String("is not a next action that step"));
        QCOMPARE(f.workOfVirtualWorker(Inbox), QStringList{QStringLiteral("incoming: ") + Setup});
    }

    // "... and a Direct Payments Panel step into the Direct Payments Group tray with no manager's
    // agreement."
    void panelStepOnlyFromTheManagersAgreement()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        DirectPayments managerDp(f.db(QStringLiteral("manager")),
                                 f.engine(QStringLiteral("manager")));
        const qint64 tray = f.vwId(dp::GroupTray);
        const qint64 update = enquiryForManager(f); // the social worker's attempts are in there
        QVERIFY(update > 0);
        WorkflowEngine &engine = f.engine(QStringLiteral("manager"));
        EXPECT_OK(engine.startStep(update, manager));
        EXPECT_OK(engine.saveAnswers(update, dp::EnquiryUpdateForm,
                                     {{dp::q::ManagerDecision, dp::Authorise}}, manager));
        QVERIFY2(engine.addNextAction(update, dp::EnquiryUpdateForm, dp::PanelStep,
                                      f.vw(dp::GroupTray), false, manager, &status) > 0,
                 qPrintable(status.message()));
        // Not released before the manager finishes, and not finished without their agreement.
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertStep,
                       (QVariantList{f.childId, dp::PanelStep, noId(), tray, update,
                                     f.id(QStringLiteral("manager"))}),
                       QLatin1String("is not a next action that step"));
        EXPECT_REFUSED(f, QStringLiteral("manager"), FinishStep,
                       (QVariantList{f.id(QStringLiteral("manager")), Manager, update}),
                       QLatin1String("DP-ENQUIRY-UPDATE: \"Manager's agreement\""));
        QCOMPARE(f.workOfVirtualWorker(dp::GroupTray), QStringList());

        EXPECT_OK(engine.saveAnswers(
            update, dp::EnquiryUpdateForm,
            {{QStringLiteral("manager_agreement"), QStringLiteral("Yes.")}}, manager));
        EXPECT_OK(managerDp.finishStep(update, manager));
        QCOMPARE(f.workOfVirtualWorker(dp::GroupTray),
                 QStringList{QStringLiteral("incoming: ") + dp::PanelStep});
    }

    // The manager sends the enquiry back for further information, then tries to put it to
    // panel anyway: a next action is released only while the answers on its step offer it.
    void releasedOnlyWhereTheAnswersOfferIt()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor manager = f.as(QStringLiteral("manager"), Manager);
        WorkflowEngine &engine = f.engine(QStringLiteral("manager"));
        const qint64 update = enquiryForManager(f);
        QVERIFY(update > 0);
        EXPECT_OK(engine.startStep(update, manager));
        EXPECT_OK(engine.saveAnswers(update, dp::EnquiryUpdateForm,
                                     {{dp::q::ManagerDecision, dp::Authorise}}, manager));
        QVERIFY2(engine.addNextAction(update, dp::EnquiryUpdateForm, dp::PanelStep,
                                      f.vw(dp::GroupTray), false, manager, &status) > 0,
                 qPrintable(status.message()));
        EXPECT_OK(engine.saveAnswers(
            update, dp::EnquiryUpdateForm,
            {{dp::q::ManagerDecision, dp::RequestFurtherInformation},
             {QStringLiteral("manager_agreement"), QStringLiteral("Not yet.")},
             {QStringLiteral("further_information_requested"), QStringLiteral("Which club?")}},
            manager));
        // CaseDesk will not finish it so; as SQL the finish goes, the panel step does not.
        const Status finished = engine.finishStep(update, manager);
        QVERIFY2(finished.message().contains(QLatin1String("does not fit the answers given")),
                 qPrintable(finished.message()));
        QCOMPARE(f.refusal(QStringLiteral("manager"), FinishStep,
                           {f.id(QStringLiteral("manager")), Manager, update}),
                 QString());
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertStep,
                       (QVariantList{f.childId, dp::PanelStep, noId(), f.vwId(dp::GroupTray),
                                     update, f.id(QStringLiteral("manager"))}),
                       QLatin1String("is not a next action that step"));
        QCOMPARE(f.workOfVirtualWorker(dp::GroupTray), QStringList());
    }

    // Reasons and notes are bounded like answers.
    void freeTextIsBounded()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        WorkflowEngine &engine = f.engine(QStringLiteral("sw"));
        const qint64 visit = engine.createStep(f.childId, Visit, Assignee::me(), sw, &status);
        QVERIFY2(visit > 0, qPrintable(status.message()));
        EXPECT_REFUSED(f, QStringLiteral("sw"),
                       QStringLiteral("UPDATE worksteps SET status = 'cancelled', cancelled_reason "
                                      "= ?, finished_by = ?, finished_as_role = 'social_worker', "
                                      "finished_at = now() WHERE id = ?"),
                       (QVariantList{QString(1024 * 1024, QLatin1Char('x')),
                                     f.id(QStringLiteral("sw")), visit}),
                       QLatin1String("cancelled_reason is at most 20,000 characters"));
        EXPECT_OK(engine.cancelStep(visit, QStringLiteral("Visit rearranged."), sw));
    }

    // Created from the record only where the step type allows it, or by the roles it names;
    // Send Immediately only where the form allows it.
    void stepsFromTheRecordAndSentImmediately()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        WorkflowEngine &engine = f.engine(QStringLiteral("sw"));
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), InsertStep,
            (QVariantList{f.childId, QStringLiteral("SC Panel"), f.id(QStringLiteral("sw")), noId(),
                          noId(), f.id(QStringLiteral("sw"))}),
            QLatin1String("cannot be started from the record"));
        EXPECT_REFUSED(f, QStringLiteral("manager"), InsertStep,
                       (QVariantList{f.childId, dp::Referral, f.id(QStringLiteral("manager")),
                                     noId(), noId(), f.id(QStringLiteral("manager"))}),
                       QLatin1String("except by a Social Worker"));

        const qint64 visit = engine.createStep(f.childId, Visit, Assignee::me(), sw, &status);
        QVERIFY2(visit > 0, qPrintable(status.message()));
        EXPECT_OK(engine.startStep(visit, sw));
        QVERIFY2(engine.addNextAction(visit, QStringLiteral("CS-VISIT"), Decision, Assignee::me(),
                                      true, sw, &status) > 0,
                 qPrintable(status.message()));
        const qint64 decision = f.incomingStep(Decision, visit);
        QVERIFY(decision > 0);
        // Sent once: the next action is now marked with the step it created.
        EXPECT_REFUSED(f, QStringLiteral("sw"), InsertStep,
                       (QVariantList{f.childId, Decision, f.id(QStringLiteral("sw")), noId(), visit,
                                     f.id(QStringLiteral("sw"))}),
                       QLatin1String("is not a next action that step"));
        // SC Panel is released when the decision is finished, not at once.
        EXPECT_OK(engine.startStep(decision, sw));
        QVERIFY2(engine.addNextAction(decision, QStringLiteral("C1044"), QStringLiteral("SC Panel"),
                                      Assignee::me(), false, sw, &status) > 0,
                 qPrintable(status.message()));
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), InsertStep,
            (QVariantList{f.childId, QStringLiteral("SC Panel"), f.id(QStringLiteral("sw")), noId(),
                          decision, f.id(QStringLiteral("sw"))}),
            QLatin1String("is not a next action that step"));
        QCOMPARE(f.incomingStep(QStringLiteral("SC Panel"), decision), 0);
    }

    // "A Child in Need Visit was finished with one of its five mandatory answers."
    void finishingNeedsTheMandatoryAnswers()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        WorkflowEngine &engine = f.engine(QStringLiteral("sw"));
        const qint64 visit = engine.createStep(f.childId, Visit, Assignee::me(), sw, &status);
        QVERIFY2(visit > 0, qPrintable(status.message()));
        EXPECT_OK(engine.startStep(visit, sw));
        EXPECT_OK(engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                     {{QStringLiteral("visit_date"), QStringLiteral("2026-11-20")}},
                                     sw));
        const QVariantList finish{f.id(QStringLiteral("sw")), SW, visit};
        EXPECT_REFUSED(f, QStringLiteral("sw"), FinishStep, finish,
                       QLatin1String("mandatory questions have no answer"));
        // A question shown by another answer is mandatory while it is shown.
        EXPECT_OK(
            engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                               {{QStringLiteral("visit_type"), QStringLiteral("Announced")},
                                {QStringLiteral("child_seen"), QStringLiteral("false")},
                                {QStringLiteral("observations"), QStringLiteral("Calm, settled.")}},
                               sw));
        EXPECT_REFUSED(f, QStringLiteral("sw"), FinishStep, finish,
                       QLatin1String("\"Reason the child was not seen\""));
        EXPECT_OK(engine.saveAnswers(visit, QStringLiteral("CS-VISIT"),
                                     {{QStringLiteral("child_seen"), QStringLiteral("true")}}, sw));
        EXPECT_OK(engine.finishStep(visit, sw));
    }

    // "A 1 MB string was saved as a weekly cost": answers are of their question's type, among
    // its choices and no longer than its maximum.
    void answersFitTheirQuestions()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const qint64 purchase = purchaseAwaitingAuthorisation(f);
        QVERIFY(purchase > 0);
        const QString sw = QStringLiteral("sw");
        const QString c1300 = QStringLiteral("C1300");
        const QString amount = QStringLiteral("dp_weekly_amount");
        const QString megabyte(1024 * 1024, QLatin1Char('9'));
        QVERIFY(saveAs(f, sw, purchase, c1300, amount, megabyte, SW)
                    .contains(QLatin1String("at most 40 are kept")));
        QVERIFY(saveAs(f, sw, purchase, c1300, amount, QStringLiteral("ninety-six"), SW)
                    .contains(QLatin1String("must be a number")));
        QVERIFY(saveAs(f, sw, purchase, c1300, QStringLiteral("required_purchase_type"),
                       QStringLiteral("Cash in hand"), SW)
                    .contains(QLatin1String("is not one of the choices")));
        QVERIFY(saveAs(f, sw, purchase, c1300, QStringLiteral("dp_start_date"),
                       QStringLiteral("2027-02-30"), SW)
                    .contains(QLatin1String("must be a date")));
        QVERIFY(saveAs(f, sw, purchase, c1300, QStringLiteral("dp_start_date"),
                       QStringLiteral("9999-01-01"), SW)
                    .contains(QLatin1String("between 1900-01-01 and 2100-12-31")));
        QVERIFY(saveAs(f, sw, purchase, c1300, QStringLiteral("reason_for_purchase"),
                       QString(200001, QLatin1Char('x')), SW)
                    .contains(QLatin1String("at most 200000 are kept")));
        QCOMPARE(f.engine(sw).answers(purchase, c1300).value(amount).value,
                 QStringLiteral("96.00"));

        // The same through CaseDesk: refused in the worker's words before it is sent; a sensible
        // amount is saved.
        const Actor actor = f.as(sw, SW);
        QCOMPARE(f.engine(sw).saveAnswers(purchase, c1300, {{amount, megabyte}}, actor).code(),
                 Status::Code::Invalid);
        const Status tooLong = f.engine(sw).saveAnswers(
            purchase, c1300,
            {{QStringLiteral("reason_for_purchase"), QString(200001, QLatin1Char('x'))}}, actor);
        QCOMPARE(tooLong.code(), Status::Code::Invalid);
        QVERIFY2(tooLong.message().contains(QLatin1String("is too long")),
                 qPrintable(tooLong.message()));
        EXPECT_OK(
            f.engine(sw).saveAnswers(purchase, c1300, {{amount, QStringLiteral("120.50")}}, actor));
        QCOMPARE(saveAs(f, sw, purchase, c1300, QStringLiteral("reason_for_purchase"),
                        QString(200000, QLatin1Char('x')), SW),
                 QString());
    }

    // "A client audit row kept the time the client sent and a 50 MB body."
    void clientAuditEntriesGetTheServersTimeAndBoundedText()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        QCOMPARE(f.refusal(sw, WriteAudit, {f.id(sw), QStringLiteral("backdated")}), QString());
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT occurred_at > now() - interval '1 hour' FROM "
                                            "audit_log WHERE details = 'backdated'"))
                     .toBool(),
                 true);
        EXPECT_REFUSED(f, sw, WriteAudit,
                       (QVariantList{f.id(sw), QString(1024 * 1024, QLatin1Char('x'))}),
                       QLatin1String("at most 20,000 characters"));
    }

    // Direct Payments episodes and events: by the roles the guide gives them.
    void episodesAndEventsFollowTheGuide()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        Status status;
        const Actor sw = f.as(QStringLiteral("sw"), SW);
        const QString openEpisode = QStringLiteral(
            "INSERT INTO episodes (person_id, episode_type, start_date, created_by) VALUES (?, "
            "'Direct Payments', '2026-01-05', ?)");
        EXPECT_REFUSED(f, QStringLiteral("manager"), openEpisode,
                       (QVariantList{f.childId, f.id(QStringLiteral("manager"))}),
                       QLatin1String("opened by a Social Worker"));

        DirectPayments swDp(f.db(QStringLiteral("sw")), f.engine(QStringLiteral("sw")));
        const qint64 episode =
            swDp.startDirectPayments(f.childId, QDate::currentDate(), 0, sw, &status);
        QVERIFY2(episode > 0, qPrintable(status.message()));
        EXPECT_REFUSED(f, QStringLiteral("sw"), openEpisode,
                       (QVariantList{f.childId, f.id(QStringLiteral("sw"))}),
                       QLatin1String("already has an open Direct Payments episode"));
        const QString recordEvent = QStringLiteral(
            "INSERT INTO events (person_id, episode_id, event_type, event_date, recorded_by) "
            "VALUES (?, ?, ?, current_date, ?)");
        EXPECT_REFUSED(f, QStringLiteral("sw"), recordEvent,
                       (QVariantList{f.childId, episode, dp::EndEvent, f.id(QStringLiteral("sw"))}),
                       QLatin1String("End Direct Payments is recorded once"));
        EXPECT_REFUSED(
            f, QStringLiteral("sw"), recordEvent,
            (QVariantList{f.childId, episode, dp::StartEvent, f.id(QStringLiteral("sw"))}),
            QLatin1String("Start Direct Payments is recorded once"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), recordEvent,
                       (QVariantList{f.childId, episode, QStringLiteral("Payment increased"),
                                     f.id(QStringLiteral("sw"))}),
                       QLatin1String("is not an event workers record"));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowRules)
#include "tst_workflowrules.moc"
