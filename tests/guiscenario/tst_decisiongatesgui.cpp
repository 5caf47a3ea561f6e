// Decisions that gate routing, through the screens (issue 14, item 1): the social worker adds
// SC Panel to C1044 and asks her manager; the manager decides "Do not agree - no further action"
// and finishes. The next actions editor says SC Panel is held back and why, Finish asks and then
// says what it held back, and SC Panel never reaches the social worker.
#include "desk.h"

#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "forms/formeditor.h"
#include "forms/nextactionseditor.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "requests/requestsdialog.h"

#include <QLabel>
#include <QTableWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString MyWork = QStringLiteral("My work");
const QString Incoming = QStringLiteral("Incoming work");
const QString Current = QStringLiteral("Current work");
const QString IncomingRequests = QStringLiteral("Incoming requests");
const QString Lily = QStringLiteral("Lily Hargreaves (C100201)");
const QString Visit = QStringLiteral("Child in Need Visit");
const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ScPanel = QStringLiteral("SC Panel");
const QString ReviewAndConfirm =
    QStringLiteral("CS Manager: Please review and confirm next action");
const QString DoNotAgree = QStringLiteral("Do not agree - no further action");

QString heldBackText(NextActionsEditor *editor)
{
    auto *label = editor->findChild<QLabel *>(QStringLiteral("nextActionsHeldBack"));
    return label && label->isVisibleTo(editor) ? label->text() : QString();
}

QString sendingOf(NextActionsEditor *editor, int row)
{
    auto *table = editor->findChild<QTableWidget *>(QStringLiteral("nextActionsTable"));
    return table->item(row, 2)->text();
}

} // namespace

class TestDecisionGatesGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    std::unique_ptr<Desk> signIn(const QString &username)
    {
        return std::make_unique<Desk>(m_dir.filePath(QStringLiteral("demo/casedesk.sqlite")),
                                      *m_settings, username);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("casedesk.ini")),
                                                 QSettings::IniFormat);
    }

    // The social worker: the decision step from the visit (Send Immediately), C1044 recorded,
    // SC Panel added, the REQUIRED request to her manager. SC Panel waits for his decision.
    void socialWorkerAddsScPanelAndAsksTheManager()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        StepEditor *visit = sw->open(MyWork, Incoming, Lily, Visit);
        QVERIFY(visit);
        FormEditor *form = visit->formEditor(QStringLiteral("CS-VISIT"));
        QVERIFY(gui::addNextAction(form->nextActionsEditor(QStringLiteral("next_actions")),
                                   Decision, QStringLiteral("Assign to Me"), QString(), true));
        gui::click(visit, visit->saveAndCloseAction());

        StepEditor *decision = sw->open(MyWork, Incoming, Lily, Decision);
        QVERIFY(decision);
        FormEditor *c1044 = decision->formEditor(QStringLiteral("C1044"));
        gui::type(c1044, QStringLiteral("date_information_received"), QStringLiteral("20/11/2026"));
        QVERIFY(
            gui::choose(c1044, QStringLiteral("source_of_information"), QStringLiteral("Visit")));
        gui::type(c1044, QStringLiteral("details_of_significant_information"),
                  QStringLiteral("Carers exhausted; family asks for overnight short breaks."));
        QVERIFY(gui::choose(c1044, QStringLiteral("proposed_next_action"),
                            QStringLiteral("Refer to Panel")));
        NextActionsEditor *next = c1044->nextActionsEditor(QStringLiteral("next_actions"));
        QVERIFY(gui::addNextAction(next, ScPanel, QStringLiteral("Assign to Me")));
        // Added, but the manager has not decided: it says it waits for his decision.
        QCOMPARE(sendingOf(next, 0), QStringLiteral("Waits for the decision"));
        QCOMPARE(heldBackText(next),
                 QStringLiteral("SC Panel waits for the decision: the PS/Manager has not recorded "
                                "\"Decision and Required Actions\" yet."));
        QVERIFY(next->heldBack().isEmpty());

        RequestsDialog *requests = gui::openRequests(decision);
        QVERIFY(requests);
        QVERIFY(gui::sendRequest(requests, QStringLiteral("REQUIRED ") + ReviewAndConfirm,
                                 QStringLiteral("Helen Marsh")));
        QTest::keyClick(requests, Qt::Key_Escape);
        gui::click(decision, decision->saveAndCloseAction());
    }

    // The manager: "Do not agree - no further action". The editor says SC Panel will not be
    // released, Finish asks with that said, finishes, and says what it held back.
    void managersDoNotAgreeStopsScPanel()
    {
        auto manager = signIn(QStringLiteral("mgr.demo"));
        StepEditor *decision = manager->open(MyWork, IncomingRequests, Lily,
                                             ReviewAndConfirm + QStringLiteral(": ") + Decision);
        QVERIFY(decision);
        FormEditor *c1044 = decision->formEditor(QStringLiteral("C1044"));
        NextActionsEditor *next = c1044->nextActionsEditor(QStringLiteral("next_actions"));
        QVERIFY(gui::choose(c1044, QStringLiteral("manager_decision"), DoNotAgree));
        const QString held =
            QStringLiteral("SC Panel will not be released: the PS/Manager decided \"%1\".")
                .arg(DoNotAgree);
        // As he chooses, before anything is saved.
        QCOMPARE(heldBackText(next), held);
        QCOMPARE(next->heldBack(), QStringList{held});
        QCOMPARE(sendingOf(next, 0), QStringLiteral("Held back by the decision"));
        gui::type(c1044, QStringLiteral("manager_required_actions"),
                  QStringLiteral("Needs can be met by the family's existing support."));
        gui::type(c1044, QStringLiteral("manager_decision_date"), QStringLiteral("21/11/2026"));
        gui::click(decision, decision->saveAction());

        RequestsDialog *requests = gui::openRequests(decision);
        QVERIFY(gui::complete(requests, ReviewAndConfirm));
        QTest::keyClick(requests, Qt::Key_Escape);
        QTRY_VERIFY(decision->isSettled());
        QVERIFY(decision->finishAction()->isEnabled());

        MessageBox::setNextAnswer(QMessageBox::Yes);
        const int asked = MessageBox::callCount();
        gui::click(decision, decision->finishAction());
        QCOMPARE(MessageBox::callCount(), asked + 1);
        QVERIFY2(
            MessageBox::lastText().contains(QStringLiteral("Not sent, as decided:\n• ") + held),
            qPrintable(MessageBox::lastText()));
        QTRY_VERIFY(decision->banner()->message().contains(QStringLiteral("is finished")));
        QCOMPARE(
            decision->banner()->message(),
            QStringLiteral("%1 is finished. Held back, as decided:\n• %2").arg(Decision, held));
        QVERIFY(!decision->saveAction()->isEnabled());
    }

    // SC Panel never reaches the social worker.
    void socialWorkerDoesNotGetScPanel()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        QVERIFY(!sw->titlesFor(MyWork, Incoming, Lily).contains(ScPanel));
        QVERIFY(!sw->titlesFor(MyWork, Current, Lily).contains(Decision));
        QCOMPARE(sw->titlesFor(MyWork, Current, Lily), QStringList{Visit});
    }
};

QTEST_MAIN(TestDecisionGatesGui)
#include "tst_decisiongatesgui.moc"
