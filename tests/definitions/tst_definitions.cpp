#include "definitions/definitionregistry.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;

namespace {

// The source tree's forms/ directory (the test registration sets CASEDESK_FORMS_DIR to it).
QString sourceFormsDir()
{
    return qEnvironmentVariable("CASEDESK_FORMS_DIR");
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(file, target))
            return false;
    }
    return true;
}

// "sections[1].questions[0].id" -> {"sections", "[1]", "questions", "[0]", "id"}
QStringList pathSteps(const QString &path)
{
    QStringList steps;
    for (const QString &part : path.split(QLatin1Char('.'))) {
        const qsizetype bracket = part.indexOf(QLatin1Char('['));
        steps << part.left(bracket);
        if (bracket >= 0) {
            for (const QString &index : part.mid(bracket + 1).split(QLatin1Char('[')))
                steps << QLatin1Char('[') + index;
        }
    }
    return steps;
}

int indexOf(const QString &step)
{
    return step.mid(1, step.size() - 2).toInt();
}

QJsonValue valueAt(QJsonValue node, const QStringList &steps)
{
    for (const QString &step : steps)
        node = step.startsWith(QLatin1Char('[')) ? node.toArray().at(indexOf(step))
                                                 : node.toObject().value(step);
    return node;
}

// Sets the value at a path; an undefined value removes the key.
QJsonValue withValueAt(const QJsonValue &node, QStringList steps, const QJsonValue &value)
{
    if (steps.isEmpty())
        return value;
    const QString step = steps.takeFirst();
    if (step.startsWith(QLatin1Char('['))) {
        QJsonArray array = node.toArray();
        array[indexOf(step)] = withValueAt(array.at(indexOf(step)), steps, value);
        return array;
    }
    QJsonObject object = node.toObject();
    if (steps.isEmpty() && value.isUndefined())
        object.remove(step);
    else
        object[step] = withValueAt(object.value(step), steps, value);
    return object;
}

QJsonValue readJson(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return QJsonValue();
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool writeJson(const QString &fileName, const QJsonValue &value)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(QJsonDocument(value.toObject()).toJson()) > 0;
}

QString describe(const QStringList &errors)
{
    return errors.isEmpty() ? QStringLiteral("(no errors)") : errors.join(QLatin1Char('\n'));
}

bool containsError(const QStringList &errors, const QString &expected)
{
    for (const QString &error : errors) {
        if (error.contains(expected))
            return true;
    }
    return false;
}

QStringList sortedNames(const DefinitionRegistry &registry)
{
    QStringList names;
    for (const FormDefinition &form : registry.forms())
        names << QStringLiteral("form ") + form.code + QLatin1Char(' ') + form.title;
    for (const StepTypeDefinition &stepType : registry.stepTypes())
        names << QStringLiteral("step ") + stepType.name;
    for (const RequestTypeDefinition &requestType : registry.requestTypes())
        names << QStringLiteral("request ") + requestType.name;
    for (const VirtualWorkerDefinition &worker : registry.virtualWorkers())
        names << QStringLiteral("virtual worker ") + worker.name;
    for (const RoleDefinition &role : registry.roles())
        names << QStringLiteral("role ") + role.name;
    names.sort();
    return names;
}

const NextActionOption *nextAction(const FormDefinition *form, const QString &stepType)
{
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

const SectionDefinition *sectionNumbered(const FormDefinition *form, int number)
{
    if (!form)
        return nullptr;
    for (const SectionDefinition &section : form->sections) {
        if (section.number == number)
            return &section;
    }
    return nullptr;
}

const QuestionDefinition *questionLabelled(const FormDefinition *form, const QString &label)
{
    if (!form)
        return nullptr;
    for (const SectionDefinition &section : form->sections) {
        for (const QuestionDefinition &question : section.questions) {
            if (question.label == label)
                return &question;
        }
    }
    return nullptr;
}

} // namespace

class TestDefinitions : public QObject
{
    Q_OBJECT

private:
    DefinitionRegistry m_registry;

    // A copy of the shipped definitions to break.
    bool copyShipped(QTemporaryDir &dir)
    {
        return dir.isValid() && copyTree(sourceFormsDir(), dir.path());
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!sourceFormsDir().isEmpty(), "CASEDESK_FORMS_DIR is not set");
        QStringList errors;
        QVERIFY2(m_registry.load(sourceFormsDir(), &errors), qPrintable(describe(errors)));
    }

    void loadsEveryShippedFileFromTheSourceTree()
    {
        DefinitionRegistry registry;
        QStringList errors{QStringLiteral("stale")};
        QVERIFY2(registry.load(sourceFormsDir(), &errors), qPrintable(describe(errors)));
        QVERIFY(errors.isEmpty());
        // Every file was read: one definition per file.
        QCOMPARE(registry.forms().size(), QDir(sourceFormsDir() + QStringLiteral("/forms"))
                                              .entryList({QStringLiteral("*.json")}, QDir::Files)
                                              .size());
        QCOMPARE(registry.stepTypes().size(),
                 QDir(sourceFormsDir() + QStringLiteral("/step-types"))
                     .entryList({QStringLiteral("*.json")}, QDir::Files)
                     .size());
        QCOMPARE(registry.requestTypes().size(),
                 QDir(sourceFormsDir() + QStringLiteral("/request-types"))
                     .entryList({QStringLiteral("*.json")}, QDir::Files)
                     .size());
        QCOMPARE(registry.roles().size(), 9);
        QCOMPARE(registry.virtualWorkers().size(), 7);
    }

    void loadsTheCompiledInDefinitions()
    {
        DefinitionRegistry compiledIn;
        QStringList errors;
        QVERIFY2(compiledIn.load(QStringLiteral(":/forms"), &errors), qPrintable(describe(errors)));
        QCOMPARE(sortedNames(compiledIn), sortedNames(m_registry));
        QCOMPARE(compiledIn.form(QStringLiteral("C1044"))->sourceFile,
                 QStringLiteral("forms/C1044.json"));
    }

    void defaultDirectoryFollowsTheEnvironment()
    {
        const QByteArray saved = qgetenv("CASEDESK_FORMS_DIR");
        QCOMPARE(DefinitionRegistry::defaultDirectory(), sourceFormsDir());
        qunsetenv("CASEDESK_FORMS_DIR");
        QCOMPARE(DefinitionRegistry::defaultDirectory(), QStringLiteral(":/forms"));
        qputenv("CASEDESK_FORMS_DIR", saved);
        QVERIFY(DefinitionRegistry::shared().stepType(QStringLiteral("SC Panel")));
    }

    void everyStepTypeOfTheGuideExists_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("primaryForm");
        const QList<QPair<const char *, const char *>> steps = {
            {"Child in Need Visit", "CS-VISIT"},
            {"Child Protection Visit", "CS-VISIT"},
            {"Child in Care Visit", "CS-VISIT"},
            {"SC Child and Family Assessment", "SC-ASSESSMENT"},
            {"SC Specialist Assessments", "SC-ASSESSMENT"},
            {"SC Decision to Seek Accommodation", "SC-ACCOMMODATION"},
            {"CS Decision on Significant Information (Open SC Case)", "C1044"},
            {"SC Panel", "C0824"},
            {"SC Social Care Purchase Request", "C1300"},
            {"CS Placement Request", "CS-PLACEMENT"},
            {"CS Short Term Breaks Placement Request", "CS-PLACEMENT-RESPONSE"},
            {"CS CWD STB with LCC Approved Foster Carer Placement Request",
             "CS-PLACEMENT-RESPONSE"},
            {"CS Commissioned Placement Request", "CS-PLACEMENT-RESPONSE"},
            {"CS Childrens Direct Payment Setup", "CS-DP-SETUP"},
        };
        for (const auto &step : steps)
            QTest::newRow(step.first)
                << QString::fromUtf8(step.first) << QString::fromUtf8(step.second);
    }

    void everyStepTypeOfTheGuideExists()
    {
        QFETCH(QString, name);
        QFETCH(QString, primaryForm);
        const StepTypeDefinition *stepType = m_registry.stepType(name);
        QVERIFY2(stepType, qPrintable(name));
        QCOMPARE(stepType->primaryForm, primaryForm);
        QVERIFY(m_registry.form(primaryForm));
    }

    void stepTypeDetailsFollowTheGuide()
    {
        for (const char *visit : {"Child in Need Visit", "Child Protection Visit",
                                  "Child in Care Visit", "SC Decision to Seek Accommodation"})
            QVERIFY2(m_registry.stepType(QString::fromUtf8(visit))->startableFromRecord, visit);
        QVERIFY(
            m_registry.stepType(QStringLiteral("CS Placement Request"))->prepopulateFromPrevious);
        const StepTypeDefinition *panel = m_registry.stepType(QStringLiteral("SC Panel"));
        QCOMPARE(panel->otherForms, QStringList{QStringLiteral("C0773")});
        QCOMPARE(panel->allForms(),
                 (QStringList{QStringLiteral("C0824"), QStringLiteral("C0773")}));
        QCOMPARE(panel->requestTypes,
                 (QStringList{QStringLiteral("CS Manager: Please authorise Panel request"),
                              QStringLiteral("CS Request for CWD Panel"),
                              QStringLiteral("CS Notification of Panel Decision")}));
        QVERIFY(
            m_registry
                .stepType(QStringLiteral("CS Decision on Significant Information (Open SC Case)"))
                ->requestTypes.contains(
                    QStringLiteral("CS Manager: Please review and confirm next action")));
        QVERIFY(m_registry.stepType(QStringLiteral("SC Social Care Purchase Request"))
                    ->requestTypes.contains(
                        QStringLiteral("CS Please review purchase request and authorise")));
    }

    void everyFormOfTheGuideExists()
    {
        const QList<QPair<const char *, const char *>> forms = {
            {"C1044", "SC Significant Information on open SC Case"},
            {"C0824", "SC Panel Options Form"},
            {"C0773", "SC CWD Resource Panel Request and Outcome"},
            {"C1300", "CS Children's Purchase Request"},
            {"CS-PLACEMENT", "CS Placement Request"},
        };
        for (const auto &expected : forms) {
            const FormDefinition *form = m_registry.form(QString::fromUtf8(expected.first));
            QVERIFY2(form, expected.first);
            QCOMPARE(form->title, QString::fromUtf8(expected.second));
        }
        QCOMPARE(m_registry.form(QStringLiteral("C0824"))->displayName(),
                 QStringLiteral("SC Panel Options Form C0824"));
    }

    void everySectionOfTheGuideExists_data()
    {
        QTest::addColumn<QString>("formCode");
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("ownerRole");
        QTest::newRow("C1044 1") << "C1044" << 1 << "Details of Significant Information"
                                 << "social_worker";
        QTest::newRow("C1044 2") << "C1044" << 2 << "Next actions"
                                 << "social_worker";
        QTest::newRow("C0824 1") << "C0824" << 1 << "Select appropriate panel"
                                 << "social_worker";
        QTest::newRow("C0824 2") << "C0824" << 2 << "Next actions"
                                 << "panel";
        QTest::newRow("C0773 1") << "C0773" << 1 << "Panel Request Form"
                                 << "social_worker";
        QTest::newRow("C0773 2") << "C0773" << 2 << "Panel Decision"
                                 << "panel";
        QTest::newRow("C1300 1") << "C1300" << 1 << "Purchase Request Details"
                                 << "social_worker";
        QTest::newRow("C1300 7") << "C1300" << 7 << "Direct Payment"
                                 << "social_worker";
        QTest::newRow("C1300 9") << "C1300" << 9 << "Authorisation"
                                 << "ps_manager";
        QTest::newRow("C1300 10") << "C1300" << 10 << "Next actions"
                                  << "social_worker";
        QTest::newRow("placement 4") << "CS-PLACEMENT" << 4 << "Next actions"
                                     << "social_worker";
    }

    void everySectionOfTheGuideExists()
    {
        QFETCH(QString, formCode);
        QFETCH(int, number);
        QFETCH(QString, title);
        QFETCH(QString, ownerRole);
        const SectionDefinition *section = sectionNumbered(m_registry.form(formCode), number);
        QVERIFY(section);
        QCOMPARE(section->title, title);
        QCOMPARE(section->ownerRole, ownerRole);
        QCOMPARE(section->isNextActions(), title == QLatin1String("Next actions"));
    }

    void everyQuestionOfTheGuideExists_data()
    {
        QTest::addColumn<QString>("formCode");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("choices"); // some of the choices
        QTest::addColumn<QString>("ownerRole");   // the effective owner
        QTest::addColumn<bool>("mandatory");
        QTest::newRow("details") << "C1044"
                                 << "Details of Significant Information"
                                 << "details_of_significant_information" << QStringList()
                                 << "social_worker" << true;
        QTest::newRow("decision and required actions")
            << "C1044"
            << "Decision and Required Actions"
            << "manager_decision" << QStringList{QStringLiteral("Agree - refer to Panel")}
            << "ps_manager" << true;
        QTest::newRow("panel requested")
            << "C0824"
            << "Panel Requested"
            << "panel_requested" << QStringList{QStringLiteral("CWD Resource Panel")}
            << "social_worker" << true;
        QTest::newRow("practice supervisor")
            << "C0773"
            << "Practice Supervisor's Views"
            << "practice_supervisors_views" << QStringList() << "ps_manager" << true;
        QTest::newRow("purchase type")
            << "C1300"
            << "Required Purchase Type"
            << "required_purchase_type" << QStringList{QStringLiteral("Direct Payment")}
            << "social_worker" << true;
        QTest::newRow("child in care")
            << "CS-PLACEMENT"
            << "Are you a Social Worker completing this request for a Child in Care? (tick No "
               "for CWD Short Term Breaks)"
            << "child_in_care_request" << QStringList{QStringLiteral("Yes"), QStringLiteral("No")}
            << "social_worker" << true;
        QTest::newRow("checked") << "CS-PLACEMENT"
                                 << "Checked and completed by"
                                 << "checked_and_completed_by" << QStringList() << "social_worker"
                                 << true;
        QTest::newRow("placement type")
            << "CS-PLACEMENT"
            << "What type of placement request is this?"
            << "placement_request_type"
            << QStringList{QStringLiteral("Internal"), QStringLiteral("External")}
            << "social_worker" << true;
        QTest::newRow("internal type")
            << "CS-PLACEMENT"
            << "Internal placement type required"
            << "internal_placement_type"
            << QStringList{QStringLiteral("LCC CWD Short Breaks"),
                           QStringLiteral("CWD Short Breaks with LCC approved Foster Carer")}
            << "social_worker" << true;
        QTest::newRow("external type")
            << "CS-PLACEMENT"
            << "External placement type required"
            << "external_placement_type" << QStringList{QStringLiteral("CWD Short Breaks")}
            << "social_worker" << true;
        QTest::newRow("response") << "CS-PLACEMENT-RESPONSE"
                                  << "Decision"
                                  << "placement_decision"
                                  << QStringList{QStringLiteral("Accepted"),
                                                 QStringLiteral("Declined")}
                                  << "" << true;
    }

    void everyQuestionOfTheGuideExists()
    {
        QFETCH(QString, formCode);
        QFETCH(QString, label);
        QFETCH(QString, id);
        QFETCH(QStringList, choices);
        QFETCH(QString, ownerRole);
        QFETCH(bool, mandatory);
        const FormDefinition *form = m_registry.form(formCode);
        QVERIFY(form);
        const QuestionDefinition *question = questionLabelled(form, label);
        QVERIFY2(question, qPrintable(label));
        QCOMPARE(question->id, id);
        QCOMPARE(form->question(id), question);
        for (const QString &choice : choices)
            QVERIFY2(question->choices.contains(choice), qPrintable(choice));
        QCOMPARE(form->ownerRoleOf(id), ownerRole);
        QCOMPARE(question->mandatory, mandatory);
    }

    void sectionsAndQuestionsShowForTheRightAnswers()
    {
        const FormDefinition *purchase = m_registry.form(QStringLiteral("C1300"));
        const Condition &directPayment = sectionNumbered(purchase, 7)->visibleWhen;
        QCOMPARE(directPayment.questionId, QStringLiteral("required_purchase_type"));
        QCOMPARE(directPayment.anyOf, QStringList{QStringLiteral("Direct Payment")});
        QVERIFY(sectionNumbered(purchase, 1)->visibleWhen.isAlways());

        const FormDefinition *placement = m_registry.form(QStringLiteral("CS-PLACEMENT"));
        const QuestionDefinition *internal =
            placement->question(QStringLiteral("internal_placement_type"));
        QCOMPARE(internal->visibleWhen.questionId, QStringLiteral("placement_request_type"));
        QCOMPARE(internal->visibleWhen.anyOf, QStringList{QStringLiteral("Internal")});
        QCOMPARE(placement->question(QStringLiteral("checked_and_completed_by"))->type,
                 QuestionType::Confirmation);
        QCOMPARE(placement->sectionOfQuestion(QStringLiteral("external_placement_type"))->number,
                 1);
        QCOMPARE(placement->section(QStringLiteral("next_actions"))->number, 4);
        QVERIFY(!placement->section(QStringLiteral("no_such_section")));
        QVERIFY(!placement->question(QStringLiteral("no_such_question")));
        QVERIFY(!placement->sectionOfQuestion(QStringLiteral("no_such_question")));
        QCOMPARE(placement->ownerRoleOf(QStringLiteral("no_such_question")), QString());
    }

    void nextActionsFollowTheGuide()
    {
        const QString significantInformation =
            QStringLiteral("CS Decision on Significant Information (Open SC Case)");
        const NextActionOption *fromVisit =
            nextAction(m_registry.form(QStringLiteral("CS-VISIT")), significantInformation);
        QVERIFY(fromVisit);
        QVERIFY(fromVisit->sendImmediatelyAllowed);
        QVERIFY(fromVisit->assigneeKinds.contains(AssigneeKind::Me));

        for (const char *code : {"C1044", "SC-ASSESSMENT", "SC-ACCOMMODATION"}) {
            const NextActionOption *panel =
                nextAction(m_registry.form(QString::fromUtf8(code)), QStringLiteral("SC Panel"));
            QVERIFY2(panel, code);
            QVERIFY(panel->assigneeKinds.contains(AssigneeKind::Me));
        }
        for (const char *stepType : {"CS Placement Request", "SC Social Care Purchase Request"}) {
            const NextActionOption *option =
                nextAction(m_registry.form(QStringLiteral("C0824")), QString::fromUtf8(stepType));
            QVERIFY2(option, stepType);
            QCOMPARE(option->assigneeKinds, QList<AssigneeKind>{AssigneeKind::Worker});
            QCOMPARE(option->workerRoles, QStringList{QStringLiteral("social_worker")});
        }

        const NextActionOption *setup =
            nextAction(m_registry.form(QStringLiteral("C1300")),
                       QStringLiteral("CS Childrens Direct Payment Setup"));
        QVERIFY(setup);
        QCOMPARE(setup->virtualWorkers, QStringList{QStringLiteral("direct-payments-inbox")});

        const FormDefinition *placement = m_registry.form(QStringLiteral("CS-PLACEMENT"));
        const NextActionOption *home =
            nextAction(placement, QStringLiteral("CS Short Term Breaks Placement Request"));
        QVERIFY(home);
        QCOMPARE(home->virtualWorkers,
                 (QStringList{QStringLiteral("haven-cottage"), QStringLiteral("strut-house")}));
        QCOMPARE(home->visibleWhen.anyOf, QStringList{QStringLiteral("LCC CWD Short Breaks")});
        const NextActionOption *carer = nextAction(
            placement,
            QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request"));
        QVERIFY(carer);
        QCOMPARE(carer->workerRoles, QStringList{QStringLiteral("supervising_social_worker")});
        QCOMPARE(carer->virtualWorkers, QStringList{QStringLiteral("duty-desk")});
        const NextActionOption *commissioned =
            nextAction(placement, QStringLiteral("CS Commissioned Placement Request"));
        QVERIFY(commissioned);
        QCOMPARE(commissioned->virtualWorkers,
                 QStringList{QStringLiteral("cs-commissioned-placement-inbox")});
        QCOMPARE(commissioned->visibleWhen.anyOf, QStringList{QStringLiteral("External")});

        const NextActionRules &rules =
            placement->section(QStringLiteral("next_actions"))->nextActionRules;
        QCOMPARE(rules.atMostOneOf.size(), 1);
        QCOMPARE(rules.atMostOneOf.first().size(), 3);
        QCOMPARE(rules.requireOneOf, rules.atMostOneOf);
    }

    void everyRequestTypeOfTheGuideExists()
    {
        struct Expected
        {
            const char *name;
            bool required;
            RecipientKind recipient;
            const char *recipientCode; // role or virtual worker
            const char *completedBy;
            bool mayFinish;
        };
        const Expected requests[] = {
            {"CS Manager: Please review and confirm next action", true, RecipientKind::Worker,
             "ps_manager", "ps_manager", true},
            {"CS Manager: Please authorise Panel request", false, RecipientKind::Worker,
             "ps_manager", "ps_manager", false},
            {"CS Request for CWD Panel", false, RecipientKind::VirtualWorker, "cs-cwd-panel",
             "panel", true},
            {"CS Notification of Panel Decision", false, RecipientKind::Worker, "social_worker",
             "social_worker", false},
            {"CS Please review purchase request and authorise", true, RecipientKind::Worker,
             "ps_manager", "ps_manager", true},
        };
        for (const Expected &expected : requests) {
            const RequestTypeDefinition *request =
                m_registry.requestType(QString::fromUtf8(expected.name));
            QVERIFY2(request, expected.name);
            QCOMPARE(request->required, expected.required);
            QCOMPARE(request->recipientKind, expected.recipient);
            const QStringList recipients = expected.recipient == RecipientKind::Worker
                                               ? request->recipientRoles
                                               : request->recipientVirtualWorkers;
            QCOMPARE(recipients, QStringList{QString::fromUtf8(expected.recipientCode)});
            QCOMPARE(request->completedByRoles,
                     QStringList{QString::fromUtf8(expected.completedBy)});
            QCOMPARE(request->recipientMayFinishStep, expected.mayFinish);
            QVERIFY(!request->guidance.isEmpty());
        }
        QCOMPARE(
            m_registry
                .requestType(QStringLiteral("CS Manager: Please review and confirm next action"))
                ->displayName(),
            QStringLiteral("REQUIRED CS Manager: Please review and confirm next action"));
    }

    void virtualWorkersAndRolesHaveTheirExactNames()
    {
        const QList<QPair<const char *, QString>> workers = {
            {"cs-cwd-panel", QStringLiteral("CS CWD – Panel")},
            {"direct-payments-inbox", QStringLiteral("Direct Payments – Inbox")},
            {"direct-payments-group-tray", QStringLiteral("Direct Payments Group tray")},
            {"cs-commissioned-placement-inbox",
             QStringLiteral("CS Commissioned Placement - Inbox")},
            {"haven-cottage", QStringLiteral("Haven Cottage")},
            {"strut-house", QStringLiteral("Strut House")},
            {"duty-desk", QStringLiteral("Duty Desk")},
        };
        for (const auto &expected : workers) {
            const VirtualWorkerDefinition *worker =
                m_registry.virtualWorker(QString::fromUtf8(expected.first));
            QVERIFY2(worker, expected.first);
            QCOMPARE(worker->name, expected.second);
            QVERIFY(!worker->memberRoles.isEmpty());
            QCOMPARE(m_registry.virtualWorkerByName(expected.second), worker);
        }
        QVERIFY(!m_registry.virtualWorkerByName(QStringLiteral("CS CWD - Panel")));
        QVERIFY(m_registry.virtualWorker(QStringLiteral("cs-cwd-panel"))
                    ->memberRoles.contains(QStringLiteral("panel")));

        const QList<QPair<const char *, const char *>> roles = {
            {"social_worker", "Social Worker"},
            {"ps_manager", "PS/Manager"},
            {"panel", "Panel"},
            {"panel_administrator", "Panel Administrator"},
            {"dp_officer", "Direct Payments Officer"},
            {"home_staff", "Short Break Home Staff"},
            {"commissioning_officer", "Commissioning Officer"},
            {"supervising_social_worker", "Supervising Social Worker"},
            {"duty_desk", "Duty Desk Worker"},
        };
        for (const auto &expected : roles) {
            QVERIFY2(m_registry.role(QString::fromUtf8(expected.first)), expected.first);
            QCOMPARE(m_registry.roleName(QString::fromUtf8(expected.first)),
                     QString::fromUtf8(expected.second));
        }
        QCOMPARE(m_registry.roleName(QStringLiteral("no_such_role")),
                 QStringLiteral("no_such_role"));
    }

    // docs/decisions.md: the decisions of the Short Term Breaks guide that gate routing.
    void decisionsGateRouting()
    {
        auto gateOf = [this](const QString &form, const QString &stepType) {
            for (const SectionDefinition &section : m_registry.form(form)->sections) {
                for (const NextActionOption &option : section.nextActions) {
                    if (option.stepType == stepType)
                        return option.allowedWhen;
                }
            }
            return Condition();
        };
        const Condition scPanel = gateOf(QStringLiteral("C1044"), QStringLiteral("SC Panel"));
        QCOMPARE(scPanel.questionId, QStringLiteral("manager_decision"));
        QCOMPARE(scPanel.anyOf, QStringList{QStringLiteral("Agree - refer to Panel")});
        for (const char *type : {"CS Placement Request", "SC Social Care Purchase Request"}) {
            const Condition gate = gateOf(QStringLiteral("C0824"), QString::fromUtf8(type));
            QCOMPARE(gate.formCode, QStringLiteral("C0773"));
            QCOMPARE(gate.questionId, QStringLiteral("panel_decision"));
            QCOMPARE(gate.anyOf, (QStringList{QStringLiteral("Agreed"),
                                              QStringLiteral("Agreed with amendments")}));
        }
        const Condition setup =
            gateOf(QStringLiteral("C1300"), QStringLiteral("CS Childrens Direct Payment Setup"));
        QCOMPARE(setup.questionId, QStringLiteral("authorisation_decision"));
        QCOMPARE(setup.anyOf, QStringList{QStringLiteral("Authorised")});
        const Condition toPanel =
            m_registry.requestType(QStringLiteral("CS Request for CWD Panel"))->allowedWhen;
        QCOMPARE(toPanel.formCode, QStringLiteral("C0773"));
        QCOMPARE(toPanel.questionId, QStringLiteral("practice_supervisor_supports_request"));
        QCOMPARE(toPanel.anyOf, QStringList{QStringLiteral("true")});
        const Condition notification =
            m_registry.requestType(QStringLiteral("CS Notification of Panel Decision"))
                ->allowedWhen;
        QCOMPARE(notification.questionId, QStringLiteral("panel_decision"));
        QCOMPARE(notification.anyOf.size(), 4);
    }

    // docs/decisions.md, "What each decision shows": every approving, authorising, deciding or
    // responding step declares what it is about.
    void decidingStepsShowTheirContext()
    {
        auto forms = [this](const char *stepType) {
            const StepTypeDefinition *type = m_registry.stepType(QString::fromUtf8(stepType));
            QStringList result;
            if (type) {
                for (const ContextDeclaration &declaration : type->showsContext)
                    result << declaration.forms;
            }
            return result;
        };
        QCOMPARE(forms("Approve Direct Payments Pre-Meeting Report"),
                 QStringList{QStringLiteral("DP-PRE-MEETING")});
        QCOMPARE(forms("Update Direct Payments Enquiry"),
                 QStringList{QStringLiteral("DP-REFERRAL")});
        QVERIFY(forms("Direct Payments Panel").contains(QStringLiteral("DP-REFERRAL")));
        QVERIFY(forms("Direct Payments Referral").contains(QStringLiteral("DP-ENQUIRY-UPDATE")));
        QVERIFY(forms("Direct Payments Pre-Meeting Report")
                    .contains(QStringLiteral("DP-PRE-MEETING-APPROVAL")));
        for (const char *response : {"CS Short Term Breaks Placement Request",
                                     "CS CWD STB with LCC Approved Foster Carer Placement Request",
                                     "CS Commissioned Placement Request"})
            QCOMPARE(forms(response), QStringList{QStringLiteral("CS-PLACEMENT")});
        QCOMPARE(forms("SC Social Care Purchase Request"), QStringList{QStringLiteral("C0773")});
        QVERIFY(forms("CS Childrens Direct Payment Setup").contains(QStringLiteral("C1300")));
        const RequestTypeDefinition *notification =
            m_registry.requestType(QStringLiteral("CS Notification of Panel Decision"));
        QCOMPARE(notification->showsContext.size(), 1);
        QCOMPARE(notification->showsContext.first().source, ContextSource::Step);
        QCOMPARE(notification->showsContext.first().sections,
                 QStringList{QStringLiteral("panel_decision")});
    }

    void accessByJobIsDefined()
    {
        // The short break homes, the commissioning team and a carer's Supervising Social Worker
        // open just what they are asked about.
        const QStringList askedAbout{QStringLiteral("home_staff"),
                                     QStringLiteral("commissioning_officer"),
                                     QStringLiteral("supervising_social_worker")};
        for (const RoleDefinition &role : m_registry.roles())
            QCOMPARE(m_registry.opensWholeRecords(role.code), !askedAbout.contains(role.code));
        QVERIFY(!m_registry.opensWholeRecords(QStringLiteral("no_such_role")));
        // Visits and assessments: started by a Social Worker or PS/Manager, on a child.
        for (const StepTypeDefinition &type : m_registry.stepTypes()) {
            if (!type.startableFromRecord)
                continue;
            QCOMPARE(type.startedByRoles,
                     QStringList({QStringLiteral("social_worker"), QStringLiteral("ps_manager")}));
            QCOMPARE(type.startedFor, StartedFor::Children);
        }
        const StepTypeDefinition *referral =
            m_registry.stepType(QStringLiteral("Direct Payments Referral"));
        QVERIFY(referral);
        QCOMPARE(referral->startedByRoles, QStringList{QStringLiteral("social_worker")});
        QVERIFY(m_registry.stepType(QStringLiteral("SC Panel"))->startedByRoles.isEmpty());

        const QString visit = QStringLiteral("Child Protection Visit");
        QCOMPARE(m_registry.whyCannotStartFromRecord(visit, QStringLiteral("social_worker"), true,
                                                     QStringLiteral("Ava")),
                 QString());
        QCOMPARE(m_registry.whyCannotStartFromRecord(visit, QStringLiteral("panel_administrator"),
                                                     true, QStringLiteral("Ava")),
                 QStringLiteral("As Panel Administrator you cannot start Child Protection Visit: "
                                "only a Social Worker or PS/Manager starts it."));
        QCOMPARE(m_registry.whyCannotStartFromRecord(visit, QStringLiteral("ps_manager"), false,
                                                     QStringLiteral("Pat Parent")),
                 QStringLiteral("Child Protection Visit is for a child, and Pat Parent is not "
                                "recorded as a child."));
        QCOMPARE(m_registry.whyCannotStartFromRecord(QStringLiteral("SC Panel"),
                                                     QStringLiteral("social_worker"), true,
                                                     QStringLiteral("Ava")),
                 QStringLiteral("SC Panel is not started from a record: it comes as a next "
                                "action of another step."));
    }

    void rejectsBrokenDefinitions_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>(
            "original"); // checked first, so the test breaks what it means to
        QTest::addColumn<QJsonValue>("broken"); // undefined: remove the key
        QTest::addColumn<QString>("expected");

        const QJsonValue absent(QJsonValue::Undefined);
        QTest::newRow("unknown question owner role")
            << "forms/C1044.json"
            << "sections[0].questions[6].ownerRole" << QJsonValue(QStringLiteral("ps_manager"))
            << QJsonValue(QStringLiteral("manager"))
            << "forms/C1044.json: sections[0].questions[6].ownerRole: unknown role \"manager\"";
        QTest::newRow("unknown section owner role")
            << "forms/C0773.json"
            << "sections[1].ownerRole" << QJsonValue(QStringLiteral("panel"))
            << QJsonValue(QStringLiteral("panels"))
            << "forms/C0773.json: sections[1].ownerRole: unknown role \"panels\"";
        QTest::newRow("dangling next action step type")
            << "forms/C1044.json"
            << "sections[1].nextActions[0].stepType" << QJsonValue(QStringLiteral("SC Panel"))
            << QJsonValue(QStringLiteral("SC Panels"))
            << "forms/C1044.json: sections[1].nextActions[0].stepType: unknown step type "
               "\"SC Panels\"";
        QTest::newRow("unknown next action virtual worker")
            << "forms/CS-PLACEMENT.json"
            << "sections[3].nextActions[0].virtualWorkers[1]"
            << QJsonValue(QStringLiteral("strut-house")) << QJsonValue(QStringLiteral("strut-hall"))
            << "forms/CS-PLACEMENT.json: sections[3].nextActions[0].virtualWorkers[1]: unknown "
               "virtual worker \"strut-hall\"";
        QTest::newRow("unknown next action worker role")
            << "forms/C0824.json"
            << "sections[1].nextActions[0].workerRoles[0]"
            << QJsonValue(QStringLiteral("social_worker")) << QJsonValue(QStringLiteral("sw"))
            << "forms/C0824.json: sections[1].nextActions[0].workerRoles[0]: unknown role \"sw\"";
        QTest::newRow("virtual workers without a virtual worker assignee")
            << "forms/CS-PLACEMENT.json"
            << "sections[3].nextActions[0].assignTo"
            << QJsonValue(QJsonArray{QStringLiteral("virtualWorker")})
            << QJsonValue(QJsonArray{QStringLiteral("team")})
            << "forms/CS-PLACEMENT.json: sections[3].nextActions[0].virtualWorkers: given, but "
               "assignTo does not include \"virtualWorker\"";
        QTest::newRow("unknown assignee kind")
            << "forms/C1044.json"
            << "sections[1].nextActions[0].assignTo[0]" << QJsonValue(QStringLiteral("me"))
            << QJsonValue(QStringLiteral("myself"))
            << "forms/C1044.json: sections[1].nextActions[0].assignTo[0]: unknown value "
               "\"myself\"";
        QTest::newRow("rule naming a step type not offered")
            << "forms/CS-PLACEMENT.json"
            << "sections[3].nextActionRules.atMostOneOf[0][2]"
            << QJsonValue(QStringLiteral("CS Commissioned Placement Request"))
            << QJsonValue(QStringLiteral("SC Panel"))
            << "forms/CS-PLACEMENT.json: sections[3].nextActionRules.atMostOneOf[0][2]: \"SC "
               "Panel\" is not a next action of this section";
        QTest::newRow("condition on a missing question")
            << "forms/C1300.json"
            << "sections[6].visibleWhen.question"
            << QJsonValue(QStringLiteral("required_purchase_type"))
            << QJsonValue(QStringLiteral("purchase_type"))
            << "forms/C1300.json: sections[6].visibleWhen.question: no question "
               "\"purchase_type\" in form C1300";
        QTest::newRow("condition value not among the choices")
            << "forms/C1300.json"
            << "sections[6].visibleWhen.anyOf[0]" << QJsonValue(QStringLiteral("Direct Payment"))
            << QJsonValue(QStringLiteral("Direct Payments"))
            << "forms/C1300.json: sections[6].visibleWhen.anyOf[0]: \"Direct Payments\" is not "
               "one of the values of question \"required_purchase_type\"";
        QTest::newRow("boolean condition value")
            << "forms/C0773.json"
            << "sections[1].questions[5].visibleWhen.anyOf[0]" << QJsonValue(QStringLiteral("true"))
            << QJsonValue(QStringLiteral("yes"))
            << "forms/C0773.json: sections[1].questions[5].visibleWhen.anyOf[0]: \"yes\" is not "
               "one of the values of question \"direct_payments_agreed\" (true, false)";
        QTest::newRow("next action condition value")
            << "forms/CS-PLACEMENT.json"
            << "sections[3].nextActions[2].visibleWhen.anyOf[0]"
            << QJsonValue(QStringLiteral("External")) << QJsonValue(QStringLiteral("external"))
            << "forms/CS-PLACEMENT.json: sections[3].nextActions[2].visibleWhen.anyOf[0]: "
               "\"external\" is not one of the values";
        QTest::newRow("condition on a text question")
            << "forms/C1300.json"
            << "sections[6].visibleWhen.question"
            << QJsonValue(QStringLiteral("required_purchase_type"))
            << QJsonValue(QStringLiteral("reason_for_purchase"))
            << "forms/C1300.json: sections[6].visibleWhen.question: question "
               "\"reason_for_purchase\" is a text question";
        QTest::newRow("condition on an unknown form")
            << "forms/C0824.json"
            << "sections[0].questions[1].visibleWhen" << absent
            << QJsonValue(QJsonObject{{QStringLiteral("form"), QStringLiteral("C9999")},
                                      {QStringLiteral("question"), QStringLiteral("x")},
                                      {QStringLiteral("anyOf"), QJsonArray{QStringLiteral("y")}}})
            << "forms/C0824.json: sections[0].questions[1].visibleWhen.form: unknown form "
               "\"C9999\"";
        QTest::newRow("condition on another form's missing question")
            << "forms/C0824.json"
            << "sections[0].questions[1].visibleWhen" << absent
            << QJsonValue(QJsonObject{{QStringLiteral("form"), QStringLiteral("C0773")},
                                      {QStringLiteral("question"), QStringLiteral("x")},
                                      {QStringLiteral("anyOf"), QJsonArray{QStringLiteral("y")}}})
            << "forms/C0824.json: sections[0].questions[1].visibleWhen.question: no question "
               "\"x\" in form C0773";
        QTest::newRow("question depending on itself")
            << "forms/C0824.json"
            << "sections[0].questions[0].visibleWhen" << absent
            << QJsonValue(QJsonObject{
                   {QStringLiteral("question"), QStringLiteral("panel_requested")},
                   {QStringLiteral("anyOf"), QJsonArray{QStringLiteral("CWD Resource Panel")}}})
            << "forms/C0824.json: sections[0].questions[0].visibleWhen.question: a question "
               "cannot depend on itself";
        QTest::newRow("duplicate question id")
            << "forms/CS-PLACEMENT.json"
            << "sections[0].questions[1].id"
            << QJsonValue(QStringLiteral("checked_and_completed_by"))
            << QJsonValue(QStringLiteral("child_in_care_request"))
            << "forms/CS-PLACEMENT.json: sections[0].questions[1].id: duplicate question id "
               "\"child_in_care_request\" (also at sections[0].questions[0])";
        QTest::newRow("duplicate question id in another section")
            << "forms/C1300.json"
            << "sections[1].questions[0].id" << QJsonValue(QStringLiteral("assessed_needs"))
            << QJsonValue(QStringLiteral("required_purchase_type"))
            << "forms/C1300.json: sections[1].questions[0].id: duplicate question id "
               "\"required_purchase_type\"";
        QTest::newRow("duplicate section id")
            << "forms/C0824.json"
            << "sections[1].id" << QJsonValue(QStringLiteral("next_actions"))
            << QJsonValue(QStringLiteral("select_appropriate_panel"))
            << "forms/C0824.json: sections[1].id: duplicate section id "
               "\"select_appropriate_panel\"";
        QTest::newRow("section numbers out of order")
            << "forms/C0824.json"
            << "sections[1].number" << QJsonValue(2) << QJsonValue(1)
            << "forms/C0824.json: sections[1].number: section numbers must increase";
        QTest::newRow("choice without choices")
            << "forms/C0824.json"
            << "sections[0].questions[0].choices"
            << QJsonValue(QJsonArray{
                   QStringLiteral("CWD Resource Panel"), QStringLiteral("Resource Panel"),
                   QStringLiteral("Permanence Panel"), QStringLiteral("Legal Gateway Panel")})
            << absent
            << "forms/C0824.json: sections[0].questions[0].choices: a choice question needs its "
               "choices";
        QTest::newRow("duplicate choice")
            << "forms/C0824.json"
            << "sections[0].questions[0].choices[1]" << QJsonValue(QStringLiteral("Resource Panel"))
            << QJsonValue(QStringLiteral("CWD Resource Panel"))
            << "forms/C0824.json: sections[0].questions[0].choices[1]: duplicate value \"CWD "
               "Resource Panel\"";
        QTest::newRow("unknown question type")
            << "forms/C0824.json"
            << "sections[0].questions[0].type" << QJsonValue(QStringLiteral("choice"))
            << QJsonValue(QStringLiteral("dropdown"))
            << "forms/C0824.json: sections[0].questions[0].type: unknown value \"dropdown\"";
        QTest::newRow("missing required key in a form")
            << "forms/C0824.json"
            << "sections[0].questions[0].label" << QJsonValue(QStringLiteral("Panel Requested"))
            << absent << "forms/C0824.json: sections[0].questions[0].label: missing required key";
        QTest::newRow("missing required key in a step type")
            << "step-types/sc-panel.json"
            << "primaryForm" << QJsonValue(QStringLiteral("C0824")) << absent
            << "step-types/sc-panel.json: primaryForm: missing required key";
        QTest::newRow("unknown key")
            << "forms/C0824.json"
            << "sections[0].questions[0].mandatroy" << absent << QJsonValue(true)
            << "forms/C0824.json: sections[0].questions[0].mandatroy: unknown key";
        QTest::newRow("unknown top-level key")
            << "request-types/cs-request-for-cwd-panel.json"
            << "recipientVirtualWorker" << absent << QJsonValue(QStringLiteral("cs-cwd-panel"))
            << "request-types/cs-request-for-cwd-panel.json: recipientVirtualWorker: unknown key";
        QTest::newRow("wrong type")
            << "forms/C0824.json"
            << "sections[0].questions[0].mandatory" << QJsonValue(true)
            << QJsonValue(QStringLiteral("yes"))
            << "forms/C0824.json: sections[0].questions[0].mandatory: expected true or false, "
               "found a string";
        QTest::newRow("empty name")
            << "step-types/sc-panel.json"
            << "name" << QJsonValue(QStringLiteral("SC Panel")) << QJsonValue(QStringLiteral(""))
            << "step-types/sc-panel.json: name: must not be empty";
        QTest::newRow("name with trailing space")
            << "step-types/sc-panel.json"
            << "name" << QJsonValue(QStringLiteral("SC Panel"))
            << QJsonValue(QStringLiteral("SC Panel "))
            << "step-types/sc-panel.json: name: \"SC Panel \" has leading or trailing spaces";
        QTest::newRow("unknown primary form")
            << "step-types/sc-panel.json"
            << "primaryForm" << QJsonValue(QStringLiteral("C0824"))
            << QJsonValue(QStringLiteral("C0825"))
            << "step-types/sc-panel.json: primaryForm: unknown form \"C0825\"";
        QTest::newRow("unknown other form")
            << "step-types/sc-panel.json"
            << "otherForms[0]" << QJsonValue(QStringLiteral("C0773"))
            << QJsonValue(QStringLiteral("C0774"))
            << "step-types/sc-panel.json: otherForms[0]: unknown form \"C0774\"";
        QTest::newRow("unknown request type")
            << "step-types/sc-panel.json"
            << "requestTypes[1]" << QJsonValue(QStringLiteral("CS Request for CWD Panel"))
            << QJsonValue(QStringLiteral("CS Request for CWD Panels"))
            << "step-types/sc-panel.json: requestTypes[1]: unknown request type \"CS Request for "
               "CWD Panels\"";
        QTest::newRow("request to an unknown virtual worker")
            << "request-types/cs-request-for-cwd-panel.json"
            << "recipientVirtualWorkers[0]" << QJsonValue(QStringLiteral("cs-cwd-panel"))
            << QJsonValue(QStringLiteral("cs-cwd-panels"))
            << "request-types/cs-request-for-cwd-panel.json: recipientVirtualWorkers[0]: unknown "
               "virtual worker \"cs-cwd-panels\"";
        QTest::newRow("request completed by an unknown role")
            << "request-types/cs-please-review-purchase-request-and-authorise.json"
            << "completedByRoles[0]" << QJsonValue(QStringLiteral("ps_manager"))
            << QJsonValue(QStringLiteral("manager"))
            << "request-types/cs-please-review-purchase-request-and-authorise.json: "
               "completedByRoles[0]: unknown role \"manager\"";
        QTest::newRow("unknown recipient kind")
            << "request-types/cs-notification-of-panel-decision.json"
            << "recipient" << QJsonValue(QStringLiteral("worker"))
            << QJsonValue(QStringLiteral("person"))
            << "request-types/cs-notification-of-panel-decision.json: recipient: unknown value "
               "\"person\"";
        QTest::newRow("virtual worker with an unknown member role")
            << "virtual-workers.json"
            << "virtualWorkers[0].memberRoles[0]" << QJsonValue(QStringLiteral("panel"))
            << QJsonValue(QStringLiteral("panelist"))
            << "virtual-workers.json: virtualWorkers[0].memberRoles[0]: unknown role "
               "\"panelist\"";
        QTest::newRow("duplicate virtual worker name")
            << "virtual-workers.json"
            << "virtualWorkers[6].name" << QJsonValue(QStringLiteral("Duty Desk"))
            << QJsonValue(QStringLiteral("Strut House"))
            << "virtual-workers.json: virtualWorkers[6].name: duplicate virtual worker name "
               "\"Strut House\"";
        QTest::newRow("duplicate role code")
            << "roles.json"
            << "roles[1].code" << QJsonValue(QStringLiteral("ps_manager"))
            << QJsonValue(QStringLiteral("social_worker"))
            << "roles.json: roles[1].code: duplicate role code \"social_worker\"";
        QTest::newRow("form code not matching its file")
            << "forms/C0824.json"
            << "code" << QJsonValue(QStringLiteral("C0824")) << QJsonValue(QStringLiteral("C0825"))
            << "forms/C0824.json: code: form code \"C0825\" does not match the file name "
               "(expected forms/C0825.json)";
        // Decisions as data (allowedWhen): a typo in the form, question or answer a next action
        // or request waits for fails loading, naming it.
        QTest::newRow("gate on a misspelt decision")
            << "forms/C1044.json"
            << "sections[1].nextActions[0].allowedWhen.question"
            << QJsonValue(QStringLiteral("manager_decision"))
            << QJsonValue(QStringLiteral("managers_decision"))
            << "forms/C1044.json: sections[1].nextActions[0].allowedWhen.question: no question "
               "\"managers_decision\" in form C1044";
        QTest::newRow("gate on an answer that is not a choice")
            << "forms/C1044.json"
            << "sections[1].nextActions[0].allowedWhen.anyOf[0]"
            << QJsonValue(QStringLiteral("Agree - refer to Panel"))
            << QJsonValue(QStringLiteral("Agree – refer to panel"))
            << "forms/C1044.json: sections[1].nextActions[0].allowedWhen.anyOf[0]: \"Agree – "
               "refer to panel\" is not one of the values of question \"manager_decision\"";
        QTest::newRow("gate on another form's misspelt decision")
            << "forms/C0824.json"
            << "sections[1].nextActions[0].allowedWhen.form" << QJsonValue(QStringLiteral("C0773"))
            << QJsonValue(QStringLiteral("C0824"))
            << "forms/C0824.json: sections[1].nextActions[0].allowedWhen.question: no question "
               "\"panel_decision\" in form C0824";
        QTest::newRow("request gate on an unknown form")
            << "request-types/cs-request-for-cwd-panel.json"
            << "allowedWhen.form" << QJsonValue(QStringLiteral("C0773"))
            << QJsonValue(QStringLiteral("C0737"))
            << "request-types/cs-request-for-cwd-panel.json: allowedWhen.form: unknown form "
               "\"C0737\"";
        QTest::newRow("request gate without its form")
            << "request-types/cs-request-for-cwd-panel.json"
            << "allowedWhen.form" << QJsonValue(QStringLiteral("C0773")) << absent
            << "request-types/cs-request-for-cwd-panel.json: allowedWhen.form: a request's "
               "allowedWhen names the form of the decision";
        QTest::newRow("request gate on a form its step does not have")
            << "request-types/cs-request-for-cwd-panel.json"
            << "allowedWhen"
            << QJsonValue(
                   QJsonObject{{QStringLiteral("form"), QStringLiteral("C0773")},
                               {QStringLiteral("question"),
                                QStringLiteral("practice_supervisor_supports_request")},
                               {QStringLiteral("anyOf"), QJsonArray{QStringLiteral("true")}}})
            << QJsonValue(QJsonObject{
                   {QStringLiteral("form"), QStringLiteral("C1044")},
                   {QStringLiteral("question"), QStringLiteral("manager_decision")},
                   {QStringLiteral("anyOf"), QJsonArray{QStringLiteral("Agree - refer to Panel")}}})
            << "request-types/cs-request-for-cwd-panel.json: allowedWhen.form: form \"C1044\" is "
               "not one of the forms of \"SC Panel\", which sends this request";
        QTest::newRow("request gate value not among the values")
            << "request-types/cs-request-for-cwd-panel.json"
            << "allowedWhen.anyOf[0]" << QJsonValue(QStringLiteral("true"))
            << QJsonValue(QStringLiteral("yes"))
            << "request-types/cs-request-for-cwd-panel.json: allowedWhen.anyOf[0]: \"yes\" is not "
               "one of the values of question \"practice_supervisor_supports_request\"";
        // A notice (cleared once read, even on a closed step) asks nothing to be done.
        QTest::newRow("required notice")
            << "request-types/cs-notification-of-panel-decision.json"
            << "required" << QJsonValue(false) << QJsonValue(true)
            << "request-types/cs-notification-of-panel-decision.json: notice: a notice cannot be "
               "REQUIRED: it asks nothing to be done";
        QTest::newRow("notice that lets its recipient finish the step")
            << "request-types/cs-notification-of-panel-decision.json"
            << "recipientMayFinishStep" << QJsonValue(false) << QJsonValue(true)
            << "request-types/cs-notification-of-panel-decision.json: notice: a notice does not "
               "let its recipient finish the step";
        // No re-keying (carriedFrom): the answer carried must exist and be of the same type.
        QTest::newRow("carried from an unknown question")
            << "forms/CS-DP-SETUP.json"
            << "sections[0].questions[1].carriedFrom.question"
            << QJsonValue(QStringLiteral("dp_weekly_amount"))
            << QJsonValue(QStringLiteral("dp_weekly_amounts"))
            << "forms/CS-DP-SETUP.json: sections[0].questions[1].carriedFrom.question: no question "
               "\"dp_weekly_amounts\" in form C1300";
        QTest::newRow("carried from a question of another type")
            << "forms/CS-DP-SETUP.json"
            << "sections[0].questions[1].carriedFrom.question"
            << QJsonValue(QStringLiteral("dp_weekly_amount"))
            << QJsonValue(QStringLiteral("dp_paid_to"))
            << "forms/CS-DP-SETUP.json: sections[0].questions[1].carriedFrom.question: question "
               "\"dp_paid_to\" is a line question; it cannot be carried into a number question";
        // Context beside a decision (showsContext): a misspelt form, section or source fails
        // loading, naming it.
        QTest::newRow("context of an unknown form")
            << "step-types/approve-direct-payments-pre-meeting-report.json"
            << "showsContext[0].forms[0]" << QJsonValue(QStringLiteral("DP-PRE-MEETING"))
            << QJsonValue(QStringLiteral("DP-PREMEETING"))
            << "step-types/approve-direct-payments-pre-meeting-report.json: "
               "showsContext[0].forms[0]: unknown form \"DP-PREMEETING\"";
        QTest::newRow("context of an unknown section")
            << "step-types/cs-placement-request.json"
            << "showsContext[0].sections[0]" << QJsonValue(QStringLiteral("panel_decision"))
            << QJsonValue(QStringLiteral("panel_decisions"))
            << "step-types/cs-placement-request.json: showsContext[0].sections[0]: no section "
               "\"panel_decisions\" in C0773";
        QTest::newRow("context from an unknown source")
            << "step-types/update-direct-payments-enquiry.json"
            << "showsContext[0].from" << QJsonValue(QStringLiteral("fromStep"))
            << QJsonValue(QStringLiteral("previousStep"))
            << "step-types/update-direct-payments-enquiry.json: showsContext[0].from: unknown "
               "value \"previousStep\"";
        QTest::newRow("step type context from its own step")
            << "step-types/update-direct-payments-enquiry.json"
            << "showsContext[0].from" << QJsonValue(QStringLiteral("fromStep"))
            << QJsonValue(QStringLiteral("step"))
            << "step-types/update-direct-payments-enquiry.json: showsContext[0].from: \"step\" "
               "cannot be used here (expected one of: fromStep, earlierStep)";
        QTest::newRow("context without forms")
            << "step-types/update-direct-payments-enquiry.json"
            << "showsContext[0].forms" << QJsonValue(QJsonArray{QStringLiteral("DP-REFERRAL")})
            << QJsonValue(QJsonArray{})
            << "step-types/update-direct-payments-enquiry.json: showsContext[0].forms: must not "
               "be empty";
        QTest::newRow("context with a misspelt key")
            << "step-types/update-direct-payments-enquiry.json"
            << "showsContext[0].form" << absent << QJsonValue(QStringLiteral("DP-REFERRAL"))
            << "step-types/update-direct-payments-enquiry.json: showsContext[0].form: unknown key";
        QTest::newRow("empty context list")
            << "step-types/update-direct-payments-enquiry.json"
            << "showsContext" << absent << QJsonValue(QJsonArray{})
            << "step-types/update-direct-payments-enquiry.json: showsContext: must not be empty";
        QTest::newRow("request context on a form its step does not have")
            << "request-types/cs-notification-of-panel-decision.json"
            << "showsContext[0].forms[0]" << QJsonValue(QStringLiteral("C0773"))
            << QJsonValue(QStringLiteral("C1044"))
            << "request-types/cs-notification-of-panel-decision.json: showsContext[0].forms[0]: "
               "form \"C1044\" is not one of the forms of \"SC Panel\", which sends this request";
        QTest::newRow("request context from the step it came from")
            << "request-types/cs-notification-of-panel-decision.json"
            << "showsContext[0].from" << QJsonValue(QStringLiteral("step"))
            << QJsonValue(QStringLiteral("fromStep"))
            << "request-types/cs-notification-of-panel-decision.json: showsContext[0].from: "
               "\"fromStep\" cannot be used here (expected one of: step)";
        QTest::newRow("unknown role starting a step type")
            << "step-types/child-protection-visit.json"
            << "startedByRoles[1]" << QJsonValue(QStringLiteral("ps_manager"))
            << QJsonValue(QStringLiteral("manager"))
            << "step-types/child-protection-visit.json: startedByRoles[1]: unknown role "
               "\"manager\"";
        QTest::newRow("startable from the record with nobody to start it")
            << "step-types/child-protection-visit.json"
            << "startedByRoles"
            << QJsonValue(QJsonArray{QStringLiteral("social_worker"), QStringLiteral("ps_manager")})
            << absent
            << "step-types/child-protection-visit.json: startedByRoles: a step type startable "
               "from the record names the roles that may start it";
        QTest::newRow("no role starting a step type")
            << "step-types/direct-payments-referral.json"
            << "startedByRoles" << QJsonValue(QJsonArray{QStringLiteral("social_worker")})
            << QJsonValue(QJsonArray{})
            << "step-types/direct-payments-referral.json: startedByRoles: name at least one "
               "role, or leave the key out";
        QTest::newRow("started for whom, misspelt")
            << "step-types/child-in-need-visit.json"
            << "startedFor" << QJsonValue(QStringLiteral("children"))
            << QJsonValue(QStringLiteral("child"))
            << "step-types/child-in-need-visit.json: startedFor: unknown value \"child\" "
               "(expected one of: anyone, children)";
        QTest::newRow("started for whom, by nobody")
            << "step-types/sc-panel.json"
            << "startedFor" << absent << QJsonValue(QStringLiteral("children"))
            << "step-types/sc-panel.json: startedFor: given, but no startedByRoles: nobody "
               "starts it from a record";
        QTest::newRow("notice on finish the step cannot send")
            << "step-types/cs-commissioned-placement-request.json"
            << "requestTypes"
            << QJsonValue(QJsonArray{QStringLiteral("CS Notification of Placement Decision")})
            << absent
            << "step-types/cs-commissioned-placement-request.json: noticeOnFinish: \"CS "
               "Notification of Placement Decision\" is not one of this step's requestTypes";
        QTest::newRow("notice on finish that is not a notice")
            << "request-types/cs-notification-of-placement-decision.json"
            << "notice" << QJsonValue(true) << QJsonValue(false)
            << "step-types/cs-commissioned-placement-request.json: noticeOnFinish: \"CS "
               "Notification of Placement Decision\" is not a notice (\"notice\": true)";
        QTest::newRow("what a role opens, misspelt")
            << "roles.json"
            << "roles[5].opensRecords" << QJsonValue(QStringLiteral("asked-about"))
            << QJsonValue(QStringLiteral("asked about"))
            << "roles.json: roles[5].opensRecords: unknown value \"asked about\" (expected one "
               "of: whole, asked-about)";
        QTest::newRow("what a role opens, not said")
            << "roles.json"
            << "roles[0].opensRecords" << QJsonValue(QStringLiteral("whole")) << absent
            << "roles.json: roles[0].opensRecords: missing required key";
        QTest::newRow("section that is not an object")
            << "forms/C0824.json"
            << "sections[0]" << absent << QJsonValue(42)
            << "forms/C0824.json: sections[0]: expected an object, found a number";
    }

    void rejectsBrokenDefinitions()
    {
        QFETCH(QString, file);
        QFETCH(QString, path);
        QFETCH(QJsonValue, original);
        QFETCH(QJsonValue, broken);
        QFETCH(QString, expected);

        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        const QString fileName = dir.filePath(file);
        const QJsonValue json = readJson(fileName);
        QVERIFY2(json.isObject(), qPrintable(fileName));
        const QStringList steps = pathSteps(path);
        if (!original.isUndefined())
            QCOMPARE(valueAt(json, steps), original);
        QVERIFY(writeJson(fileName, withValueAt(json, steps, broken)));

        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QVERIFY2(containsError(errors, expected),
                 qPrintable(QStringLiteral("expected: ") + expected + QStringLiteral("\ngot:\n") +
                            describe(errors)));
        QVERIFY(registry.forms().isEmpty());
        QVERIFY(registry.stepTypes().isEmpty());
        QVERIFY(registry.requestTypes().isEmpty());
        QVERIFY(registry.roles().isEmpty());
        QVERIFY(registry.virtualWorkers().isEmpty());
        QVERIFY(!registry.stepType(QStringLiteral("SC Panel")));
    }

    void rejectsMalformedJson()
    {
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        QFile file(dir.filePath(QStringLiteral("step-types/sc-panel.json")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\n  \"name\": \"SC Panel\",\n  \"workflow\" \"short-term-breaks\"\n}\n");
        file.close();

        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QVERIFY2(containsError(errors, QStringLiteral("step-types/sc-panel.json: line 3, column")),
                 qPrintable(describe(errors)));
        QVERIFY2(containsError(errors, QStringLiteral("malformed JSON")),
                 qPrintable(describe(errors)));
        QVERIFY(registry.forms().isEmpty());
    }

    void reportsAnUnreadableFileOnlyOnce()
    {
        // Everything that refers to an unreadable file would be dangling: only the file's own
        // problem is reported.
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        for (const char *name : {"roles.json", "forms/C0773.json"}) {
            QFile file(dir.filePath(QString::fromUtf8(name)));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("{ \"code\": ");
        }
        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(0).startsWith(QLatin1String("roles.json: line 1, column ")),
                 qPrintable(describe(errors)));
        QVERIFY2(errors.at(1).startsWith(QLatin1String("forms/C0773.json: line 1, column ")),
                 qPrintable(describe(errors)));
    }

    void rejectsADocumentThatIsNotAnObject()
    {
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        QFile file(dir.filePath(QStringLiteral("request-types/cs-request-for-cwd-panel.json")));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[]");
        file.close();
        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QVERIFY2(
            containsError(errors, QStringLiteral("request-types/cs-request-for-cwd-panel.json: "
                                                 "(root): expected an object, found an array")),
            qPrintable(describe(errors)));
    }

    void rejectsADuplicateStepTypeInAnotherFile()
    {
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        QVERIFY(QFile::copy(dir.filePath(QStringLiteral("step-types/sc-panel.json")),
                            dir.filePath(QStringLiteral("step-types/sc-panel-again.json"))));
        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QVERIFY2(containsError(errors,
                               QStringLiteral("step-types/sc-panel.json: name: duplicate step type "
                                              "name \"SC Panel\" (also in "
                                              "step-types/sc-panel-again.json)")),
                 qPrintable(describe(errors)));
    }

    void rejectsMissingFilesAndDirectories()
    {
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("roles.json"))));
        QVERIFY(QDir(dir.filePath(QStringLiteral("request-types"))).removeRecursively());
        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(!registry.load(dir.path(), &errors));
        QVERIFY2(containsError(errors, QStringLiteral("roles.json: missing file")),
                 qPrintable(describe(errors)));
        QVERIFY2(containsError(errors, QStringLiteral("request-types/: missing directory")),
                 qPrintable(describe(errors)));
        // What refers to the missing files is not reported as dangling as well.
        QCOMPARE(errors.size(), 2);

        QVERIFY(!registry.load(dir.filePath(QStringLiteral("no-such-dir")), &errors));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().contains(QLatin1String("definitions directory not found")));
    }

    void reportsEveryProblemAndRecoversOnTheNextLoad()
    {
        QTemporaryDir dir;
        QVERIFY(copyShipped(dir));
        const QString c1044 = dir.filePath(QStringLiteral("forms/C1044.json"));
        QJsonValue json = readJson(c1044);
        json = withValueAt(json, pathSteps(QStringLiteral("sections[0].ownerRole")),
                           QStringLiteral("sw"));
        json = withValueAt(json, pathSteps(QStringLiteral("sections[1].nextActions[0].stepType")),
                           QStringLiteral("SC Panels"));
        QVERIFY(writeJson(c1044, json));
        const QString roles = dir.filePath(QStringLiteral("roles.json"));
        QVERIFY(writeJson(roles, withValueAt(readJson(roles), pathSteps(QStringLiteral("colour")),
                                             QStringLiteral("blue"))));

        DefinitionRegistry registry;
        QStringList errors;
        QVERIFY(registry.load(sourceFormsDir(), &errors));
        QVERIFY(registry.stepType(QStringLiteral("SC Panel")));
        QVERIFY(!registry.load(dir.path(), &errors));
        QCOMPARE(errors.size(), 3);
        QVERIFY(containsError(errors, QStringLiteral("roles.json: colour: unknown key")));
        QVERIFY(containsError(errors, QStringLiteral("forms/C1044.json: sections[0].ownerRole: "
                                                     "unknown role \"sw\"")));
        QVERIFY(containsError(errors, QStringLiteral("forms/C1044.json: sections[1].nextActions[0]."
                                                     "stepType: unknown step type \"SC Panels\"")));
        QVERIFY(registry.forms().isEmpty());
        QVERIFY(!registry.stepType(QStringLiteral("SC Panel")));

        QVERIFY(registry.load(sourceFormsDir(), &errors));
        QVERIFY(errors.isEmpty());
        QVERIFY(registry.stepType(QStringLiteral("SC Panel")));
        QVERIFY(registry.load(sourceFormsDir(), nullptr));
    }
};

QTEST_GUILESS_MAIN(TestDefinitions)
#include "tst_definitions.moc"
