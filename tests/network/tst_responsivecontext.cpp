// What a step is about is read off the GUI thread (issue 14, item 2): the manager opens Approve
// Direct Payments Pre-Meeting Report while the link to the server is silent; the window keeps
// turning its event loop, the panel beside the form says it is reading after 300 ms (not
// before), and once the link is back it shows the report, read-only.
#include "authorityfixture.h"
#include "common/directory.h"
#include "definitions/definitionregistry.h"
#include "eventloopticker.h"
#include "forms/stepcontextpanel.h"
#include "forms/stepeditor.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "networkdesk.h"
#include "session/session.h"
#include "storage/databasethread.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QLabel>
#include <QTextBrowser>
#include <QtTest>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

class TestResponsiveContext : public QObject
{
    Q_OBJECT

private slots:
    void theReportIsReadWhileTheWindowStaysLive()
    {
        TestDatabase test;
        QString error;
        QVERIFY2(test.create(&error), qPrintable(error));
        AuthorityFixture authority(test.db());
        // The report Sam finalised, and the approval step it made for the manager, written on
        // the test's own connection (not through the link).
        const auto step = [&](const QString &type, const QString &status, const QString &worker,
                              const QVariant &from) {
            return test.db().insert(
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id, from_step_id) VALUES (?, ?, ?, ?, ?) "
                               "RETURNING id"),
                {authority.childId, type, status, authority.workers.value(worker), from});
        };
        const qint64 report =
            step(QStringLiteral("Direct Payments Pre-Meeting Report"), QStringLiteral("finished"),
                 QStringLiteral("sw"), QVariant(QMetaType(QMetaType::LongLong)));
        QVERIFY(test.db().insert(
                    QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, "
                                   "value, version, saved_by, saved_as_role) VALUES (?, "
                                   "'DP-PRE-MEETING', 'use_of_payment', 'Swimming each week.', 1, "
                                   "?, 'social_worker') RETURNING id"),
                    {report, authority.workers.value(QStringLiteral("sw"))}) > 0);
        const qint64 approval = step(QStringLiteral("Approve Direct Payments Pre-Meeting Report"),
                                     QStringLiteral("started"), QStringLiteral("manager"), report);

        LinkSimulator link(LinkTarget::testPostgres());
        NetworkDesk client(link);
        QVERIFY2(client.signIn(test.settings().databaseName, QStringLiteral("manager"),
                               QStringLiteral("ps_manager"), 10, &error) &&
                     client.openBareWindow(&error),
                 qPrintable(error));
        Session &session = client.session;
        WorkflowEngine engine(*session.database, DefinitionRegistry::shared());
        Directory directory(session.background(), DefinitionRegistry::shared(), session.worker);
        // Read as WorkOpener reads it, on the session's database thread.
        const Actor actor = client.actor();
        QFuture<StepSnapshot> reading = session.background().run([approval, actor](Database &db) {
            return WorkflowEngine(db, DefinitionRegistry::shared()).snapshot(approval, actor);
        });
        QVERIFY(QTest::qWaitFor([&] { return reading.isFinished(); }, 10000));
        const StepSnapshot read = reading.result();
        QCOMPARE(read.step.id, approval);

        auto *editor = new StepEditor(engine, directory, read, client.actor(), client.window());
        editor->setBackground(&session.background());
        editor->show();
        StepContextPanel *context = editor->contextPanel();
        QVERIFY(context);
        link.setBlackHole(true);
        EventLoopTicker ticker;
        QTest::qWait(150);
        QVERIFY(context->isWaiting());
        QVERIFY(!context->busyLabel()->isVisible()); // a quick answer never flashes it
        QTest::qWait(1350);
        QVERIFY2(ticker.worstGapMs() < 1000,
                 qPrintable(
                     QStringLiteral("the event loop stopped for %1 ms").arg(ticker.worstGapMs())));
        QVERIFY2(ticker.ticks() >= 50, qPrintable(QString::number(ticker.ticks())));
        QVERIFY(context->busyLabel()->isVisible());
        QCOMPARE(context->busyLabel()->text(), QStringLiteral("Reading what this step is about…"));
        // The form is there to read and type into meanwhile.
        QVERIFY(editor->formEditor(QStringLiteral("DP-PRE-MEETING-APPROVAL")));

        link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(!context->isWaiting(), 15000);
        QVERIFY(!context->busyLabel()->isVisible());
        QVERIFY2(context->text().contains(QStringLiteral("Swimming each week.")),
                 qPrintable(context->text()));
        QVERIFY(context->browser()->isReadOnly());
        QVERIFY2(ticker.worstGapMs() < 1000, qPrintable(QString::number(ticker.worstGapMs())));
        delete editor;
    }
};

QTEST_MAIN(TestResponsiveContext)
#include "tst_responsivecontext.moc"
