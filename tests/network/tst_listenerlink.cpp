// The live-update listener on a link that fails (issue 11): after the link resets every
// connection, and after it goes silent (a black hole, where nothing is closed), the listener says
// live updates are paused, reconnects by itself once the link is back, subscribes again, and hears
// the next change that concerns its worker.
#include "authorityfixture.h"
#include "definitions/definitionregistry.h"
#include "linksimulator.h"
#include "live/changelistener.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QSignalSpy>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestListenerLink : public QObject
{
    Q_OBJECT

    // After a failure of the link the listener says live updates are paused.
    static void expectPaused(QSignalSpy &state)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!state.isEmpty() && !state.last().at(0).toBool(), 15000);
        QVERIFY(state.last().at(1).toString().startsWith(QLatin1String("Live updates paused")));
    }

private slots:
    void hearsAgainAfterAResetAndAfterABlackHole()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        LinkSimulator link{LinkTarget::testPostgres()};
        QVERIFY(link.isListening());
        ConnectionSettings settings =
            TestDatabase::postgresServerThrough(link, test.settings().databaseName);
        settings.requestDeadlineSeconds = 2;
        settings.connectTimeoutSeconds = 2;
        const qint64 sw = authority.workers.value(QStringLiteral("sw"));
        ChangeListener listener(settings, QString(), sw);
        listener.setPingInterval(300);
        QSignalSpy state(&listener, &ChangeListener::connectionStateChanged);
        QSignalSpy changed(&listener, &ChangeListener::workChanged);
        listener.start();
        QTRY_VERIFY_WITH_TIMEOUT(!state.isEmpty() && state.last().at(0).toBool(), 10000);

        WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
        const Actor actor = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const auto heardNextChange = [&] {
            changed.clear();
            const qint64 step = engine.createStep(
                authority.childId, QStringLiteral("Child in Need Visit"), Assignee::me(), actor);
            return step > 0 && QTest::qWaitFor(
                                   [&] {
                                       for (const QList<QVariant> &signal : std::as_const(changed))
                                           if (signal.at(0).toString() == QLatin1String("work:me"))
                                               return true;
                                       return false;
                                   },
                                   5000);
        };
        QVERIFY(heardNextChange());

        // The link resets every connection.
        link.resetConnections();
        expectPaused(state);
        QTRY_VERIFY_WITH_TIMEOUT(state.last().at(0).toBool(), 15000);
        QVERIFY2(heardNextChange(), "nothing heard after the reset");

        // The link goes silent: the self-check runs into the request deadline.
        link.setBlackHole(true);
        expectPaused(state);
        link.setBlackHole(false);
        QTRY_VERIFY_WITH_TIMEOUT(state.last().at(0).toBool(), 20000);
        QVERIFY2(heardNextChange(), "nothing heard after the black hole");
    }
};

QTEST_GUILESS_MAIN(TestListenerLink)
#include "tst_listenerlink.moc"
