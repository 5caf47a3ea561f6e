// Workflow B's definitions in forms/: the steps, forms, questions, choices and guidance of the
// Direct Payments crib sheet, with the names the rules in app/core/directpayments read.
#include "definitions/definitionregistry.h"
#include "directpayments/dpnames.h"
#include "workflow/formlogic.h"

#include <QFile>
#include <QtTest>

using namespace casedesk;

class TestDpDefinitions : public QObject
{
    Q_OBJECT

private:
    const DefinitionRegistry &registry() { return DefinitionRegistry::shared(); }

    const NextActionOption *nextAction(const QString &formCode, const QString &stepType)
    {
        const FormDefinition *form = registry().form(formCode);
        if (!form)
            return nullptr;
        for (const SectionDefinition &section : form->sections) {
            for (const NextActionOption &option : section.nextActions) {
                if (option.stepType == stepType)
                    return &option;
            }
        }
        return nullptr;
    }

private slots:
    void everyStepOfWorkflowB_data()
    {
        QTest::addColumn<QString>("stepType");
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("owner");
        QTest::newRow("referral") << dp::Referral << dp::ReferralForm
                                  << QStringLiteral("Direct Payments Referral") << dp::SocialWorker;
        QTest::newRow("manager") << dp::EnquiryUpdate << dp::EnquiryUpdateForm
                                 << QStringLiteral("Direct Payments Enquiry – Manager Update")
                                 << dp::Manager;
        QTest::newRow("panel") << dp::PanelStep << dp::PanelForm << QStringLiteral("Panel form")
                               << dp::PanelAdministrator;
        QTest::newRow("schedule") << dp::ScheduleReview << dp::ReviewMeetingForm
                                  << QStringLiteral("Direct Payments Review Meeting")
                                  << dp::PanelAdministrator;
        QTest::newRow("pre-meeting") << dp::PreMeetingReport << dp::PreMeetingForm
                                     << QStringLiteral("Pre-Meeting Report") << dp::SocialWorker;
        QTest::newRow("approval") << dp::ApprovePreMeetingReport << dp::ApprovalForm
                                  << QStringLiteral("Pre-Meeting Report – Manager Approval")
                                  << dp::Manager;
        QTest::newRow("review") << dp::PanelReview << dp::PanelReviewForm
                                << QStringLiteral("Panel Review") << dp::PanelAdministrator;
    }

    void everyStepOfWorkflowB()
    {
        QFETCH(QString, stepType);
        QFETCH(QString, form);
        QFETCH(QString, title);
        QFETCH(QString, owner);
        const StepTypeDefinition *type = registry().stepType(stepType);
        QVERIFY2(type, qPrintable(stepType));
        QCOMPARE(type->workflow, QStringLiteral("direct-payments"));
        QCOMPARE(type->primaryForm, form);
        const FormDefinition *definition = registry().form(form);
        QVERIFY(definition);
        QCOMPARE(definition->title, title);
        // Every section belongs to the role that does the step.
        for (const SectionDefinition &section : definition->sections)
            QCOMPARE(section.ownerRole, owner);
        QCOMPARE(type->prepopulateFromPrevious,
                 stepType == dp::Referral || stepType == dp::PreMeetingReport);
    }

    void theReferralCarriesTheGuidanceNotes()
    {
        const FormDefinition *form = registry().form(dp::ReferralForm);
        QVERIFY(form);
        const SectionDefinition *background = form->section(QStringLiteral("brief_background"));
        QVERIFY(background);
        QCOMPARE(background->number, 1);
        QCOMPARE(background->title, QStringLiteral("Brief Background"));
        QCOMPARE(background->guidance,
                 QStringLiteral("The worker should ensure that they follow the guidance notes "
                                "within the form so that it is clear what the purpose of the "
                                "direct payment is and the outcome looking to be achieved for the "
                                "child."));
        for (const QString &id :
             {QStringLiteral("brief_background"), dp::q::PurposeOfPayment, dp::q::OutcomesSought}) {
            const QuestionDefinition *question = form->question(id);
            QVERIFY2(question, qPrintable(id));
            QVERIFY(question->mandatory);
            QVERIFY(!question->guidance.isEmpty());
        }
        QCOMPARE(form->question(dp::q::PaymentMadeTo)->label,
                 QStringLiteral("Person the payment is for / made to"));
        QCOMPARE(form->question(dp::q::CheckedAndCompletedBy)->type, QuestionType::Confirmation);
    }

    void decisionsAndTheirChoices_data()
    {
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("question");
        QTest::addColumn<QStringList>("choices");
        QTest::newRow("manager") << dp::EnquiryUpdateForm << dp::q::ManagerDecision
                                 << QStringList{dp::Authorise, dp::RequestFurtherInformation};
        QTest::newRow("panel") << dp::PanelForm << dp::q::PanelOutcome
                               << QStringList{dp::Agreed, dp::Declined,
                                              dp::FurtherInformationRequested};
        QTest::newRow("approval") << dp::ApprovalForm << dp::q::ManagerApproval
                                  << QStringList{dp::Approved, dp::NotApproved};
        QTest::newRow("review") << dp::PanelReviewForm << dp::q::ReviewOutcome
                                << QStringList{dp::Continue, dp::End, dp::AnotherSuggestion};
    }

    void decisionsAndTheirChoices()
    {
        QFETCH(QString, form);
        QFETCH(QString, question);
        QFETCH(QStringList, choices);
        const FormDefinition *definition = registry().form(form);
        QVERIFY(definition);
        QVERIFY(definition->question(question));
        QCOMPARE(definition->question(question)->type, QuestionType::Choice);
        QCOMPARE(definition->question(question)->choices, choices);
        QVERIFY(definition->question(question)->mandatory);
    }

    void thePanelFormRecordsEachOutcome()
    {
        const FormDefinition *form = registry().form(dp::PanelForm);
        QVERIFY(form);
        for (const QString &id :
             {dp::q::PanelDate, QStringLiteral("attendees"), QStringLiteral("discussion")})
            QVERIFY2(form->question(id) && form->question(id)->mandatory, qPrintable(id));
        // Agreed: a review date; Declined: a reason from the list and alternative suggestions;
        // Further information: what is needed.
        const QList<QPair<QString, QStringList>> shownFor{
            {dp::Agreed, {dp::q::ReviewDate}},
            {dp::Declined, {dp::q::DeclineReason, QStringLiteral("alternative_suggestions")}},
            {dp::FurtherInformationRequested, {QStringLiteral("further_information_required")}}};
        for (const auto &outcome : shownFor) {
            AnswerValues answers;
            answers[dp::PanelForm].insert(dp::q::PanelOutcome, outcome.first);
            QStringList missing;
            for (const Problem &problem : FormLogic::missingAnswers(*form, answers))
                missing << problem.questionId;
            for (const QString &id : outcome.second)
                QVERIFY2(missing.contains(id), qPrintable(outcome.first + QLatin1Char(' ') + id));
            QCOMPARE(missing.size(), 3 + outcome.second.size());
        }
        const QuestionDefinition *reason = form->question(dp::q::DeclineReason);
        QCOMPARE(reason->type, QuestionType::Choice);
        QVERIFY(reason->choices.size() >= 5);
        QVERIFY(reason->choices.contains(QStringLiteral("Other")));
        QVERIFY(reason->guidance.contains(QStringLiteral("trends or patterns")));
    }

    void nextActionsGoWhereTheCribSheetSays()
    {
        const VirtualWorkerDefinition *tray = registry().virtualWorker(dp::GroupTray);
        QVERIFY(tray);
        QCOMPARE(tray->name, QStringLiteral("Direct Payments Group tray"));
        QVERIFY(tray->memberRoles.contains(dp::PanelAdministrator));
        QVERIFY(registry().role(dp::PanelAdministrator));

        const NextActionOption *toManager = nextAction(dp::ReferralForm, dp::EnquiryUpdate);
        QVERIFY(toManager);
        QCOMPARE(toManager->workerRoles, QStringList{dp::Manager});
        const NextActionOption *toTray = nextAction(dp::EnquiryUpdateForm, dp::PanelStep);
        QVERIFY(toTray);
        QCOMPARE(toTray->virtualWorkers, QStringList{dp::GroupTray});
        QCOMPARE(toTray->visibleWhen.anyOf, QStringList{dp::Authorise});
        QCOMPARE(nextAction(dp::EnquiryUpdateForm, dp::Referral)->visibleWhen.anyOf,
                 QStringList{dp::RequestFurtherInformation});
        QCOMPARE(nextAction(dp::PanelForm, dp::ScheduleReview)->visibleWhen.anyOf,
                 QStringList{dp::Agreed});
        QCOMPARE(nextAction(dp::PanelForm, dp::Referral)->visibleWhen.anyOf,
                 QStringList{dp::FurtherInformationRequested});
        QCOMPARE(nextAction(dp::ReviewMeetingForm, dp::PreMeetingReport)->workerRoles,
                 QStringList{dp::SocialWorker});
        QCOMPARE(nextAction(dp::ReviewMeetingForm, dp::PanelReview)->virtualWorkers,
                 QStringList{dp::GroupTray});
        QCOMPARE(nextAction(dp::PreMeetingForm, dp::ApprovePreMeetingReport)->workerRoles,
                 QStringList{dp::Manager});
        QCOMPARE(nextAction(dp::ApprovalForm, dp::PreMeetingReport)->visibleWhen.anyOf,
                 QStringList{dp::NotApproved});
        QCOMPARE(nextAction(dp::PanelReviewForm, dp::ScheduleReview)->visibleWhen.anyOf,
                 QStringList{dp::Continue});
    }

    void thePreMeetingReportAsksForAnUpdatedView()
    {
        const FormDefinition *form = registry().form(dp::PreMeetingForm);
        QVERIFY(form);
        const SectionDefinition *coming = form->section(QStringLiteral("coming_period"));
        QVERIFY(coming);
        QVERIFY(coming->guidance.contains(
            QStringLiteral("Even if there has been agreement that the direct payment will end at "
                           "the review point the form should still be completed.")));
        // The questions copied forward from the referral have the same ids.
        const FormDefinition *referral = registry().form(dp::ReferralForm);
        for (const QString &id : {QStringLiteral("brief_background"), dp::q::PaymentMadeTo,
                                  dp::q::PurposeOfPayment, dp::q::OutcomesSought})
            QVERIFY2(form->question(id) && referral->question(id), qPrintable(id));
    }

    void theCalendarFileIsShipped()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/forms/bank-holidays.json")));
    }
};

QTEST_GUILESS_MAIN(TestDpDefinitions)
#include "tst_dpdefinitions.moc"
