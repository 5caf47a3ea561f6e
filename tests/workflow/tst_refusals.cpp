// Every refusal of the workflow engine, each asserting the message a social worker would read.
#include "scenario.h"
#include "workflow/formlogic.h"

using namespace casedesk;
using namespace casedesk::test;

class TestRefusals : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<AuthorityFixture> m_authority;
    std::unique_ptr<WorkflowEngine> m_engine;

    AuthorityFixture &a() { return *m_authority; }
    WorkflowEngine &engine() { return *m_engine; }
    Actor sw() { return a().as(QStringLiteral("sw"), QStringLiteral("social_worker")); }
    Actor sw2() { return a().as(QStringLiteral("sw2"), QStringLiteral("social_worker")); }
    Actor manager() { return a().as(QStringLiteral("manager"), QStringLiteral("ps_manager")); }

    qint64 startedStep(const QString &stepType, const Actor &actor)
    {
        const qint64 id = engine().createStep(a().childId, stepType, Assignee::me(), actor);
        const Status started = engine().startStep(id, actor);
        return started.isOk() ? id : 0;
    }

    qint64 dsiWithRequiredRequest()
    {
        const qint64 dsi = startedStep(DecisionOnSignificantInformation, sw());
        engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw());
        engine().sendRequest(dsi, ReviewAndConfirm, a().worker(QStringLiteral("manager")), sw());
        return dsi;
    }

    static QString messages(const QList<Problem> &problems)
    {
        QStringList lines;
        for (const Problem &problem : problems)
            lines << problem.message;
        return lines.join(QLatin1Char('\n'));
    }

private slots:
    void init()
    {
        m_database = std::make_unique<TestDatabase>();
        QString error;
        QVERIFY2(m_database->create(&error), qPrintable(error));
        m_authority = std::make_unique<AuthorityFixture>(m_database->db());
        m_engine = std::make_unique<WorkflowEngine>(m_database->db(), DefinitionRegistry::shared());
    }

    void cleanup()
    {
        m_engine.reset();
        m_authority.reset();
        m_database.reset();
    }

    void finishListsEveryMissingAnswerAndRequiredRequest()
    {
        const qint64 dsi = startedStep(DecisionOnSignificantInformation, sw());
        QVERIFY(dsi > 0);
        engine().sendRequest(dsi, ReviewAndConfirm, a().worker(QStringLiteral("manager")), sw());
        QList<Problem> problems;
        const Status status = engine().finishStep(dsi, sw(), &problems);
        QCOMPARE(status.code(), Status::Code::Invalid);
        QVERIFY(status.message().startsWith(QLatin1String("This step cannot be finished yet:")));
        const QString all = messages(problems);
        QVERIFY2(all.contains(QLatin1String("\"Details of Significant Information\" needs an "
                                            "answer")) ||
                     all.contains(QLatin1String("Details of Significant Information")),
                 qPrintable(all));
        QStringList questionIds;
        for (const Problem &problem : problems)
            questionIds << problem.questionId;
        for (const char *id :
             {"date_information_received", "source_of_information",
              "details_of_significant_information", "proposed_next_action", "manager_decision",
              "manager_required_actions", "manager_decision_date"})
            QVERIFY2(questionIds.contains(QLatin1String(id)), id);
        QVERIFY2(all.contains(QLatin1String("The REQUIRED request \"CS Manager: Please review and "
                                            "confirm next action\" sent to Worker manager has not "
                                            "been completed yet.")),
                 qPrintable(all));
        QCOMPARE(engine().step(dsi).status, StepStatus::Started);
    }

    void requiredRequestBlocksFinishUntilCompleted()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager());
        QList<Problem> problems;
        QVERIFY(!engine().finishStep(dsi, sw(), &problems).isOk());
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().requestId > 0);
        EXPECT_OK(engine().completeRequest(problems.first().requestId, manager()));
        EXPECT_OK(engine().finishStep(dsi, sw()));
    }

    void socialWorkerCannotCompleteARequestForTheManager()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        const qint64 request = engine().requests(dsi).first().id;
        const Status status = engine().completeRequest(request, sw());
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(),
                 QStringLiteral(
                     "This request was sent to Worker manager, so only they can complete it."));
        // A worker who is the recipient but acting in the wrong role is refused too.
        a().addWorker(QStringLiteral("both"),
                      {QStringLiteral("social_worker"), QStringLiteral("ps_manager")});
        const qint64 dsi2 = startedStep(DecisionOnSignificantInformation, sw());
        const qint64 request2 =
            engine().sendRequest(dsi2, ReviewAndConfirm, a().worker(QStringLiteral("both")), sw());
        QCOMPARE(engine()
                     .completeRequest(
                         request2, a().as(QStringLiteral("both"), QStringLiteral("social_worker")))
                     .message(),
                 QStringLiteral("Only a PS/Manager can complete this request."));
        EXPECT_OK(engine().completeRequest(
            request2, a().as(QStringLiteral("both"), QStringLiteral("ps_manager"))));
    }

    void requestTypeRecipientMustHoldTheRole()
    {
        const qint64 dsi = startedStep(DecisionOnSignificantInformation, sw());
        Status status;
        QVERIFY(engine().sendRequest(dsi, ReviewAndConfirm, a().worker(QStringLiteral("sw2")), sw(),
                                     QString(), &status) < 0);
        QCOMPARE(
            status.message(),
            QStringLiteral("Worker sw2 is not a PS/Manager, so this cannot be assigned to them."));
        QVERIFY(engine().sendRequest(dsi, QStringLiteral("CS Request for CWD Panel"),
                                     a().vw(QStringLiteral("cs-cwd-panel")), sw(), QString(),
                                     &status) < 0);
        QCOMPARE(status.message(),
                 QStringLiteral("\"CS Request for CWD Panel\" cannot be sent from "
                                "CS Decision on Significant Information (Open SC "
                                "Case)."));
    }

    void declineNeedsAReasonAndTheSenderSeesIt()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        const qint64 request = engine().requests(dsi).first().id;
        const Status noReason = engine().declineRequest(request, QStringLiteral("  "), manager());
        QCOMPARE(noReason.code(), Status::Code::Invalid);
        QCOMPARE(
            noReason.message(),
            QStringLiteral("Give a reason for declining, so Worker sw knows what to do next."));
        EXPECT_OK(engine().declineRequest(request, QStringLiteral("Needs the school's view."),
                                          manager()));
        const RequestRecord declined = engine().request(request);
        QCOMPARE(declined.status, RequestStatus::Declined);
        QCOMPARE(declined.declineReason, QStringLiteral("Needs the school's view."));
        QCOMPARE(declined.respondedByName, QStringLiteral("Worker manager"));
        QCOMPARE(engine().completeRequest(request, manager()).message(),
                 QStringLiteral("This request was already declined by Worker manager."));
    }

    void sectionOwnedByAnotherRoleCannotBeWritten()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        QList<Problem> problems;
        const Status status = engine().saveAnswers(
            dsi, QStringLiteral("C1044"),
            {{QStringLiteral("manager_decision"), QStringLiteral("Agree - refer to Panel")}}, sw(),
            -1, &problems);
        QCOMPARE(status.code(), Status::Code::Invalid);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().questionId, QStringLiteral("manager_decision"));
        QVERIFY2(problems.first().message.contains(QLatin1String("only a PS/Manager can write it")),
                 qPrintable(problems.first().message));
        QVERIFY(engine()
                    .answers(dsi, QStringLiteral("C1044"))
                    .value(QStringLiteral("manager_decision"))
                    .value.isEmpty());
        // And the manager may not rewrite the social worker's section.
        QVERIFY(!engine()
                     .saveAnswers(dsi, QStringLiteral("C1044"),
                                  {{QStringLiteral("details_of_significant_information"),
                                    QStringLiteral("changed")}},
                                  manager())
                     .isOk());
    }

    void finishedStepIsReadOnly()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager());
        engine().completeRequest(engine().requests(dsi).first().id, manager());
        EXPECT_OK(engine().finishStep(dsi, manager()));
        const Status status = engine().saveAnswers(
            dsi, QStringLiteral("C1044"),
            {{QStringLiteral("details_of_significant_information"), QStringLiteral("late edit")}},
            sw());
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(),
                 QStringLiteral(
                     "This step was finished by Worker manager, so its forms are read-only."));
        QCOMPARE(engine().finishStep(dsi, sw()).code(), Status::Code::NotAllowed);
    }

    void answersAreVersionedWithWhoAndWhichRole()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"),
                                       {{QStringLiteral("details_of_significant_information"),
                                         QStringLiteral("second version")}},
                                       sw()));
        const AnswerRecord answer =
            engine()
                .answers(dsi, QStringLiteral("C1044"))
                .value(QStringLiteral("details_of_significant_information"));
        QCOMPARE(answer.value, QStringLiteral("second version"));
        QCOMPARE(answer.version, 2);
        QCOMPARE(answer.savedByName, QStringLiteral("Worker sw"));
        QCOMPARE(answer.savedAsRole, QStringLiteral("social_worker"));
        // Saving the same values again writes nothing.
        const int revision = engine().step(dsi).revision;
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw()));
        EXPECT_OK(engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044SocialWorker(), sw()));
        QCOMPARE(engine().step(dsi).revision, revision + 1);
    }

    void staleSaveIsRefusedAsAConflict()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        const int loaded = engine().step(dsi).revision;
        EXPECT_OK(
            engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager(), loaded));
        const Status status = engine().saveAnswers(
            dsi, QStringLiteral("C1044"),
            {{QStringLiteral("details_of_significant_information"), QStringLiteral("mine")}}, sw(),
            loaded);
        QCOMPARE(status.code(), Status::Code::Conflict);
        QVERIFY(status.message().contains(QLatin1String("Your answers are kept")));
    }

    void recipientMayFinishOnlyOnceTheirRequestIsComplete()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(), manager());
        QCOMPARE(engine().whyCannotFinish(dsi, manager()),
                 QStringLiteral("Mark the request \"CS Manager: Please review and confirm next "
                                "action\" Completed before finishing this step."));
        QCOMPARE(engine().whyCannotFinish(dsi, sw2()),
                 QStringLiteral("This step is Worker sw's work. You can record on it once it is "
                                "assigned to you or a request about it is sent to you."));
        engine().completeRequest(engine().requests(dsi).first().id, manager());
        QVERIFY(engine().whyCannotFinish(dsi, manager()).isEmpty());
    }

    void actingInARoleNotHeldIsRefused()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        const Status status =
            engine().saveAnswers(dsi, QStringLiteral("C1044"), c1044Manager(),
                                 a().as(QStringLiteral("sw"), QStringLiteral("ps_manager")));
        QCOMPARE(status.code(), Status::Code::NotAllowed);
        QCOMPARE(status.message(), QStringLiteral("You do not hold the role you are acting in."));
    }

    void onlyMembersActOnAVirtualWorkersWork()
    {
        Status status;
        const qint64 step = engine().createStep(
            a().childId, QStringLiteral("CS Short Term Breaks Placement Request"),
            a().vw(QStringLiteral("haven-cottage")), sw(), &status);
        QVERIFY2(step > 0, qPrintable(status.message()));
        const Status refused =
            engine().startStep(step, a().as(QStringLiteral("strut"), QStringLiteral("home_staff")));
        QCOMPARE(refused.code(), Status::Code::NotAllowed);
        QCOMPARE(
            refused.message(),
            QStringLiteral("This step is assigned to Haven Cottage, so only they can start it."));
        EXPECT_OK(engine().startStep(
            step, a().as(QStringLiteral("haven"), QStringLiteral("home_staff"))));
    }

    void nextActionsFollowTheFormsRules()
    {
        const qint64 placement = startedStep(QStringLiteral("CS Placement Request"), sw());
        Status status;
        // Nothing is offered until the placement type is known.
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS Commissioned Placement Request"),
                                       a().vw(QStringLiteral("cs-commissioned-placement-inbox")),
                                       false, sw(), &status) < 0);
        QCOMPARE(status.message(),
                 QStringLiteral("CS Placement Request CS-PLACEMENT does not offer "
                                "\"CS Commissioned Placement Request\" as a next "
                                "action for the answers given."));
        EXPECT_OK(engine().saveAnswers(
            placement, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("placement_request_type"), QStringLiteral("Internal")},
             {QStringLiteral("internal_placement_type"), QStringLiteral("LCC CWD Short Breaks")}},
            sw()));
        // A home's request goes to a home, not to the commissioning inbox.
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS Short Term Breaks Placement Request"),
                                       a().vw(QStringLiteral("duty-desk")), false, sw(),
                                       &status) < 0);
        QCOMPARE(status.message(),
                 QStringLiteral("This can only go to Haven Cottage or Strut House."));
        // Not sent immediately from this form.
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS Short Term Breaks Placement Request"),
                                       a().vw(QStringLiteral("haven-cottage")), true, sw(),
                                       &status) < 0);
        QVERIFY(status.message().contains(QLatin1String("cannot be sent immediately")));
        const qint64 added =
            engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                   QStringLiteral("CS Short Term Breaks Placement Request"),
                                   a().vw(QStringLiteral("haven-cottage")), false, sw(), &status);
        QVERIFY2(added > 0, qPrintable(status.message()));
        // Switching to a foster carer makes the added home request no longer fit.
        EXPECT_OK(engine().saveAnswers(
            placement, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("internal_placement_type"),
              QStringLiteral("CWD Short Breaks with LCC approved Foster Carer")}},
            sw()));
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS CWD STB with LCC Approved Foster Carer "
                                                      "Placement Request"),
                                       a().worker(QStringLiteral("ssw")), false, sw(),
                                       &status) < 0);
        QVERIFY2(status.message().startsWith(QLatin1String("Only one of")),
                 qPrintable(status.message()));
        const QString missing = messages(engine().whatIsMissing(placement));
        QVERIFY2(missing.contains(QLatin1String("the next action \"CS Short Term Breaks Placement "
                                                "Request\" does not fit the answers given")),
                 qPrintable(missing));
        EXPECT_OK(engine().removeNextAction(added, sw()));
        QVERIFY2(
            messages(engine().whatIsMissing(placement))
                .contains(QLatin1String("Next actions: add CS CWD STB with LCC Approved Foster "
                                        "Carer Placement Request.")),
            qPrintable(messages(engine().whatIsMissing(placement))));
    }

    void answersHiddenByAnEarlierChangeNoLongerCount()
    {
        const qint64 placement = startedStep(QStringLiteral("CS Placement Request"), sw());
        EXPECT_OK(engine().saveAnswers(
            placement, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("placement_request_type"), QStringLiteral("Internal")},
             {QStringLiteral("internal_placement_type"), QStringLiteral("LCC CWD Short Breaks")}},
            sw()));
        EXPECT_OK(engine().saveAnswers(
            placement, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("placement_request_type"), QStringLiteral("External")}}, sw()));
        Status status;
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS Short Term Breaks Placement Request"),
                                       a().vw(QStringLiteral("haven-cottage")), false, sw(),
                                       &status) < 0);
        const FormDefinition *form = engine().definitions().form(QStringLiteral("CS-PLACEMENT"));
        const AnswerValues values = engine().answerValues(placement);
        const SectionDefinition *section =
            form->sectionOfQuestion(QStringLiteral("preferred_home"));
        QVERIFY(!FormLogic::isQuestionVisible(
            *form, *section, *form->question(QStringLiteral("preferred_home")), values));
        QVERIFY(engine().addNextAction(placement, QStringLiteral("CS-PLACEMENT"),
                                       QStringLiteral("CS Commissioned Placement Request"),
                                       a().vw(QStringLiteral("cs-commissioned-placement-inbox")),
                                       false, sw(), &status) > 0);
    }

    void panelSectionOfNextActionsIsThePanels()
    {
        const qint64 scPanel = startedStep(QStringLiteral("SC Panel"), sw());
        Status status;
        QVERIFY(engine().addNextAction(scPanel, QStringLiteral("C0824"),
                                       QStringLiteral("CS Placement Request"),
                                       a().worker(QStringLiteral("sw")), false, sw(), &status) < 0);
        QCOMPARE(status.message(),
                 QStringLiteral("Section 2. Next actions is for the Panel to complete."));
    }

    void placementRequestPrepopulatesAndMustBeCheckedAgain()
    {
        const qint64 first = startedStep(QStringLiteral("CS Placement Request"), sw());
        EXPECT_OK(engine().saveAnswers(
            first, QStringLiteral("CS-PLACEMENT"),
            {{QStringLiteral("child_in_care_request"), QStringLiteral("No")},
             {QStringLiteral("checked_and_completed_by"), QStringLiteral("Worker sw")},
             {QStringLiteral("communication_needs"), QStringLiteral("Uses Makaton.")}},
            sw()));
        QCOMPARE(engine().prepopulate(first, sw()).code(), Status::Code::NotFound);
        m_database->db().exec(
            QStringLiteral("UPDATE worksteps SET status = 'finished', finished_at = ? "
                           "WHERE id = ?"),
            {QDateTime::currentDateTimeUtc(), first});
        const qint64 second = startedStep(QStringLiteral("CS Placement Request"), sw());
        EXPECT_OK(engine().prepopulate(second, sw()));
        const QHash<QString, AnswerRecord> copied =
            engine().answers(second, QStringLiteral("CS-PLACEMENT"));
        QCOMPARE(copied.value(QStringLiteral("communication_needs")).value,
                 QStringLiteral("Uses Makaton."));
        QCOMPARE(copied.value(QStringLiteral("communication_needs")).copiedFromStepId, first);
        QVERIFY(!copied.contains(QStringLiteral("checked_and_completed_by")));
        QStringList missing;
        for (const Problem &problem : engine().whatIsMissing(second))
            missing << problem.questionId;
        QVERIFY(missing.contains(QStringLiteral("checked_and_completed_by")));
        QCOMPARE(
            engine().prepopulate(startedStep(QStringLiteral("SC Panel"), sw()), sw()).message(),
            QStringLiteral("SC Panel does not copy answers from earlier steps."));
    }

    void invalidAnswersAreRefusedWithTheirQuestion()
    {
        const qint64 dsi = startedStep(DecisionOnSignificantInformation, sw());
        QList<Problem> problems;
        const Status status = engine().saveAnswers(
            dsi, QStringLiteral("C1044"),
            {{QStringLiteral("date_information_received"), QStringLiteral("last Tuesday")},
             {QStringLiteral("source_of_information"), QStringLiteral("Rumour")}},
            sw(), -1, &problems);
        QCOMPARE(status.code(), Status::Code::Invalid);
        QCOMPARE(problems.size(), 2);
        QVERIFY(status.message().contains(QLatin1String("must be a date")));
        QVERIFY(status.message().contains(QLatin1String("\"Rumour\" is not one of the choices")));
        QVERIFY(engine().answers(dsi, QStringLiteral("C1044")).isEmpty());
    }

    void startingTwiceAndNotOwningAreRefused()
    {
        const qint64 id = engine().createStep(a().childId, DecisionOnSignificantInformation,
                                              Assignee::me(), sw());
        QCOMPARE(engine().startStep(id, sw2()).message(),
                 QStringLiteral("This step is assigned to Worker sw, so only they can start it."));
        EXPECT_OK(engine().startStep(id, sw()));
        QCOMPARE(engine().startStep(id, sw()).message(),
                 QStringLiteral("This step has already been started; use Resume."));
        QCOMPARE(
            engine().saveAnswers(id, QStringLiteral("C1044"), c1044SocialWorker(), sw2()).code(),
            Status::Code::NotAllowed);
    }

    void everyWriteIsAudited()
    {
        const qint64 dsi = dsiWithRequiredRequest();
        const int rows =
            m_database->db()
                .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ?"),
                        {a().childId})
                .toInt();
        QVERIFY2(rows >= 4, qPrintable(QString::number(rows))); // create, start, save, send request
        QCOMPARE(m_database->db()
                     .scalar(QStringLiteral("SELECT acting_role FROM audit_log WHERE action = "
                                            "'send request' AND entity = 'request'"))
                     .toString(),
                 QStringLiteral("social_worker"));
        Q_UNUSED(dsi);
    }
};

QTEST_GUILESS_MAIN(TestRefusals)
#include "tst_refusals.moc"
