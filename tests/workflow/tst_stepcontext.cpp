// Context beside every decision (issue 14, item 2; showsContext in forms/): StepContextQuery
// gives, for a step, the answers of the forms its step type (or a request on it) declares, from
// the step it came from, from further back, or from its own step, with who saved each, on both
// backends (tst_roundtrips counts its round trips).
#include "authorityfixture.h"
#include "testdatabase.h"
#include "workflow/stepcontext.h"

#include <QtTest>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

class TestStepContext : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;

    Database &db() { return m_database->db(); }
    AuthorityFixture &a() { return *m_authority; }

    // A step as the workflow leaves it (finished unless said), made directly: the steps and
    // answers are what these tests are about, not how they got there.
    qint64 step(const QString &type, qint64 fromStep, const QString &by,
                const QString &status = QStringLiteral("finished"))
    {
        const bool finished = status == QLatin1String("finished");
        const qint64 worker = a().workers.value(by);
        const qint64 id = db().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, from_step_id, created_by, finished_by, "
                           "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            {a().childId, type, status, worker,
             fromStep ? QVariant(fromStep) : QVariant(QMetaType(QMetaType::LongLong)), worker,
             finished ? QVariant(worker) : QVariant(QMetaType(QMetaType::LongLong)),
             finished ? QVariant(QDateTime::currentDateTimeUtc())
                      : QVariant(QMetaType(QMetaType::QDateTime))});
        [&] { QVERIFY(id > 0); }();
        return id;
    }

    void answer(qint64 stepId, const QString &form, const QString &question, const QString &value,
                const QString &by, const QString &role, int version = 1)
    {
        const qint64 id = db().insert(
            QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, value, "
                           "version, saved_by, saved_as_role) VALUES (?, ?, ?, ?, ?, ?, ?) "
                           "RETURNING id"),
            {stepId, form, question, value, version, a().workers.value(by), role});
        QVERIFY(id > 0);
    }

    StepContext read(qint64 stepId)
    {
        return StepContextQuery(db(), DefinitionRegistry::shared()).read(stepId);
    }

    static QStringList shown(const StepContext &context)
    {
        QStringList result;
        for (const ContextForm &form : context.forms)
            result << form.stepType + QStringLiteral(": ") + form.formCode;
        return result;
    }

    // Workflow B as far as the manager's approval: referral, update, panel, schedule, report.
    qint64 m_report = 0;
    qint64 approvalStep()
    {
        const QString sw = QStringLiteral("sw");
        const QString social = QStringLiteral("social_worker");
        const qint64 referral = step(QStringLiteral("Direct Payments Referral"), 0, sw);
        answer(referral, QStringLiteral("DP-REFERRAL"), QStringLiteral("brief_background"),
               QStringLiteral("Needs a personal assistant."), sw, social);
        const qint64 update = step(QStringLiteral("Update Direct Payments Enquiry"), referral,
                                   QStringLiteral("manager"));
        const qint64 panel =
            step(QStringLiteral("Direct Payments Panel"), update, QStringLiteral("padmin"));
        const qint64 schedule = step(QStringLiteral("Schedule Direct Payments Review"), panel,
                                     QStringLiteral("padmin"));
        m_report = step(QStringLiteral("Direct Payments Pre-Meeting Report"), schedule, sw);
        answer(m_report, QStringLiteral("DP-PRE-MEETING"), QStringLiteral("use_of_payment"),
               QStringLiteral("First draft."), sw, social, 1);
        answer(m_report, QStringLiteral("DP-PRE-MEETING"), QStringLiteral("use_of_payment"),
               QStringLiteral("Swimming twice a week with a personal assistant."), sw, social, 2);
        answer(m_report, QStringLiteral("DP-PRE-MEETING"), QStringLiteral("outcomes_achieved"),
               QStringLiteral(""), sw, social); // cleared: not shown
        return step(QStringLiteral("Approve Direct Payments Pre-Meeting Report"), m_report,
                    QStringLiteral("manager"), QStringLiteral("started"));
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        m_authority = std::make_unique<AuthorityFixture>(db());
        a().addWorker(QStringLiteral("padmin"), {QStringLiteral("panel_administrator")});
    }

    void cleanup()
    {
        m_authority.reset();
        m_database.reset();
    }

    // fromStep: the manager approving sees the report she approves, the current version of
    // each answer, who saved it; not a cleared answer.
    void theReportBeingApproved()
    {
        const qint64 approval = approvalStep();
        const StepContext context = read(approval);
        QVERIFY2(context.status.isOk(), qPrintable(context.status.message()));
        QCOMPARE(shown(context),
                 QStringList{QStringLiteral("Direct Payments Pre-Meeting Report: DP-PRE-MEETING")});
        const ContextForm &report = context.forms.first();
        QCOMPARE(report.stepId, m_report);
        QCOMPARE(report.stepStatus, QStringLiteral("finished"));
        QCOMPARE(report.answers.size(), 1);
        const AnswerRecord use = report.answers.value(QStringLiteral("use_of_payment"));
        QCOMPARE(use.value, QStringLiteral("Swimming twice a week with a personal assistant."));
        QCOMPARE(use.version, 2);
        QCOMPARE(use.savedBy, a().workers.value(QStringLiteral("sw")));
        QCOMPARE(use.savedAsRole, QStringLiteral("social_worker"));
        QVERIFY(!use.savedByName.isEmpty());
        QVERIFY(report.requestType.isEmpty());
    }

    // earlierStep: the Direct Payments Panel shows the manager's update (the step it came from)
    // and the referral two steps back.
    void theReferralFurtherBack()
    {
        const qint64 referral =
            step(QStringLiteral("Direct Payments Referral"), 0, QStringLiteral("sw"));
        answer(referral, QStringLiteral("DP-REFERRAL"), QStringLiteral("purpose_of_payment"),
               QStringLiteral("A personal assistant."), QStringLiteral("sw"),
               QStringLiteral("social_worker"));
        const qint64 update = step(QStringLiteral("Update Direct Payments Enquiry"), referral,
                                   QStringLiteral("manager"));
        answer(update, QStringLiteral("DP-ENQUIRY-UPDATE"), QStringLiteral("manager_decision"),
               QStringLiteral("Authorise"), QStringLiteral("manager"),
               QStringLiteral("ps_manager"));
        const qint64 panel = step(QStringLiteral("Direct Payments Panel"), update,
                                  QStringLiteral("padmin"), QStringLiteral("incoming"));
        QCOMPARE(shown(read(panel)),
                 (QStringList{QStringLiteral("Update Direct Payments Enquiry: DP-ENQUIRY-UPDATE"),
                              QStringLiteral("Direct Payments Referral: DP-REFERRAL")}));
        // The manager's update shows the referral (fromStep); a first referral, from nowhere,
        // shows nothing.
        QCOMPARE(shown(read(update)),
                 QStringList{QStringLiteral("Direct Payments Referral: DP-REFERRAL")});
        const StepContext none = read(referral);
        QVERIFY(none.status.isOk());
        QVERIFY(none.forms.isEmpty());
    }

    // A referral returned for further information shows the manager's question, and only the
    // sections declared (the manager's agreement), not next actions.
    void theQuestionAskedWhenSentBack()
    {
        const qint64 referral =
            step(QStringLiteral("Direct Payments Referral"), 0, QStringLiteral("sw"));
        const qint64 update = step(QStringLiteral("Update Direct Payments Enquiry"), referral,
                                   QStringLiteral("manager"));
        answer(update, QStringLiteral("DP-ENQUIRY-UPDATE"), QStringLiteral("manager_decision"),
               QStringLiteral("Request further information"), QStringLiteral("manager"),
               QStringLiteral("ps_manager"));
        answer(update, QStringLiteral("DP-ENQUIRY-UPDATE"),
               QStringLiteral("further_information_requested"),
               QStringLiteral("What has the family tried already?"), QStringLiteral("manager"),
               QStringLiteral("ps_manager"));
        const qint64 again = step(QStringLiteral("Direct Payments Referral"), update,
                                  QStringLiteral("sw"), QStringLiteral("incoming"));
        const StepContext context = read(again);
        QCOMPARE(shown(context),
                 QStringList{QStringLiteral("Update Direct Payments Enquiry: DP-ENQUIRY-UPDATE")});
        QCOMPARE(context.forms.first()
                     .answers.value(QStringLiteral("further_information_requested"))
                     .value,
                 QStringLiteral("What has the family tried already?"));
        QCOMPARE(context.forms.first().sections,
                 (QStringList{QStringLiteral("managers_agreement"), QStringLiteral("outcome")}));
    }

    // A short-break home's response step shows the referral (CS-PLACEMENT) it answers.
    void theReferralBeingPlaced()
    {
        const qint64 placement =
            step(QStringLiteral("CS Placement Request"), 0, QStringLiteral("sw"));
        answer(placement, QStringLiteral("CS-PLACEMENT"), QStringLiteral("reason_for_request"),
               QStringLiteral("36 nights a year agreed at panel."), QStringLiteral("sw"),
               QStringLiteral("social_worker"));
        const qint64 response = step(QStringLiteral("CS Short Term Breaks Placement Request"),
                                     placement, QStringLiteral("haven"), QStringLiteral("started"));
        const StepContext context = read(response);
        QCOMPARE(shown(context), QStringList{QStringLiteral("CS Placement Request: CS-PLACEMENT")});
        QCOMPARE(context.forms.first().answers.value(QStringLiteral("reason_for_request")).value,
                 QStringLiteral("36 nights a year agreed at panel."));
    }

    // step (a request type's): while CS Notification of Panel Decision is on SC Panel, the
    // panel's decision (C0773 Section 2 only) is shown; before it is sent, nothing.
    void thePanelDecisionBeingNotified()
    {
        const qint64 panel =
            step(QStringLiteral("SC Panel"), 0, QStringLiteral("sw"), QStringLiteral("started"));
        answer(panel, QStringLiteral("C0773"), QStringLiteral("reason_for_request"),
               QStringLiteral("Respite."), QStringLiteral("sw"), QStringLiteral("social_worker"));
        answer(panel, QStringLiteral("C0773"), QStringLiteral("panel_decision"),
               QStringLiteral("Agreed"), QStringLiteral("panelist"), QStringLiteral("panel"));
        QVERIFY(read(panel).forms.isEmpty());
        const qint64 request = db().insert(
            QStringLiteral("INSERT INTO requests (step_id, request_type, sender_worker_id, "
                           "sent_as_role, recipient_worker_id) VALUES (?, ?, ?, ?, ?) "
                           "RETURNING id"),
            {panel, QStringLiteral("CS Notification of Panel Decision"),
             a().workers.value(QStringLiteral("panelist")), QStringLiteral("panel"),
             a().workers.value(QStringLiteral("sw"))});
        QVERIFY(request > 0);
        const StepContext context = read(panel);
        QCOMPARE(shown(context), QStringList{QStringLiteral("SC Panel: C0773")});
        const ContextForm &decision = context.forms.first();
        QCOMPARE(decision.requestType, QStringLiteral("CS Notification of Panel Decision"));
        QCOMPARE(decision.answers.keys(), QStringList{QStringLiteral("panel_decision")});
    }

    void declaresContextWithoutTheDatabase()
    {
        const DefinitionRegistry &definitions = DefinitionRegistry::shared();
        QVERIFY(StepContextQuery::declaresContext(
            definitions, QStringLiteral("Approve Direct Payments Pre-Meeting Report"), {}));
        QVERIFY(!StepContextQuery::declaresContext(definitions,
                                                   QStringLiteral("Child in Need Visit"), {}));
        QVERIFY(StepContextQuery::declaresContext(
            definitions, QStringLiteral("Child in Need Visit"),
            {QStringLiteral("CS Notification of Panel Decision")}));
    }
};

QTEST_GUILESS_MAIN(TestStepContext)
#include "tst_stepcontext.moc"
