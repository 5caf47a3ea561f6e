// Context beside every decision, through the screens (issue 14, item 2): the manager opening
// Approve Direct Payments Pre-Meeting Report sees the report she approves, and a short-break
// home opening its placement response step sees the referral it answers, each read-only beside
// the step's own form, read on the database thread, with the step and who answered named.
#include "desk.h"

#include "forms/formeditor.h"
#include "forms/stepcontextpanel.h"
#include "forms/stepeditor.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString MyWork = QStringLiteral("My work");
const QString Incoming = QStringLiteral("Incoming work");
const QString Current = QStringLiteral("Current work");

// Nothing in the panel takes typing or a click that changes anything.
bool nothingEditable(StepContextPanel *panel)
{
    if (!panel->browser()->isReadOnly())
        return false;
    const auto editors =
        panel->findChildren<QLineEdit *>().size() + panel->findChildren<QPlainTextEdit *>().size() +
        panel->findChildren<QComboBox *>().size() + panel->findChildren<QCheckBox *>().size() +
        panel->findChildren<QAbstractSpinBox *>().size();
    return editors == 0;
}

} // namespace

class TestStepContextGui : public QObject
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

    // The panel beside the forms once its read has come back.
    static StepContextPanel *shownContext(StepEditor *editor)
    {
        StepContextPanel *panel = editor->contextPanel();
        if (!panel)
            return nullptr;
        if (!QTest::qWaitFor([&] { return editor->isSettled() && !panel->isWaiting(); }, 10000))
            return nullptr;
        return panel;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("casedesk.ini")),
                                                 QSettings::IniFormat);
    }

    void managerSeesTheReportSheApproves()
    {
        auto manager = signIn(QStringLiteral("mgr.demo"));
        StepEditor *approval =
            manager->open(MyWork, Incoming, QStringLiteral("Toby Greenhalgh"),
                          QStringLiteral("Approve Direct Payments Pre-Meeting Report"));
        QVERIFY(approval);
        QVERIFY(approval->formEditor(QStringLiteral("DP-PRE-MEETING-APPROVAL")));
        StepContextPanel *context = shownContext(approval);
        QVERIFY2(context, "no context beside the approval");
        QVERIFY(context->isVisible());
        QVERIFY(approval->contextAction()->isChecked());
        const QString text = context->text();
        QVERIFY2(text.contains(QStringLiteral("DP-PRE-MEETING Pre-Meeting Report")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("From Direct Payments Pre-Meeting Report, finished "
                                              "by Sam Okafor")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Answered by Sam Okafor (Social Worker)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Section 2. Since the Last Panel\n"
                                              "How the direct payment has been used\n"
                                              "Eight hours each weekend")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Eight hours each weekend with the same personal "
                                              "assistant")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Confirmed by Sam Okafor")), qPrintable(text));
        QVERIFY(nothingEditable(context));
        // It can be put aside, and brought back.
        approval->contextAction()->trigger();
        QVERIFY(!context->isVisible());
        approval->contextAction()->trigger();
        QVERIFY(context->isVisible());
    }

    void homeSeesTheReferralItAnswers()
    {
        auto home = signIn(QStringLiteral("home.haven"));
        StepEditor *response =
            home->open(QStringLiteral("Haven Cottage"), Current, QStringLiteral("Ruby Osei"),
                       QStringLiteral("CS Short Term Breaks Placement Request"));
        QVERIFY(response);
        QVERIFY(response->formEditor(QStringLiteral("CS-PLACEMENT-RESPONSE")));
        StepContextPanel *context = shownContext(response);
        QVERIFY2(context, "no context beside the placement response");
        QVERIFY(context->isVisible());
        const QString text = context->text();
        QVERIFY2(text.contains(QStringLiteral("CS-PLACEMENT CS Placement Request")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("From CS Placement Request, finished by Priya "
                                              "Natarajan")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Uses Makaton and a picture board")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Short Term Breaks agreed at CWD Resource Panel")),
                 qPrintable(text));
        QVERIFY(nothingEditable(context));
    }
};

QTEST_MAIN(TestStepContextGui)
#include "tst_stepcontextgui.moc"
