// Two clients on one PostgreSQL: when one sends a request, its recipient hears of it by itself,
// on a channel of their own; work that does not concern a worker is not announced to them.
#include "authorityfixture.h"
#include "live/changelistener.h"
#include "live/liverefresh.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <map>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

class TestLiveUpdates : public QObject
{
    Q_OBJECT

private slots:
    void secondClientHearsOfANewRequestWithinASecond()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        // Client B (the manager) only listens; client A works on its own connection.
        ChangeListener clientB(test.settings(), QString(),
                               authority.workers.value(QStringLiteral("manager")));
        QSignalSpy connected(&clientB, &ChangeListener::connectionStateChanged);
        QSignalSpy changed(&clientB, &ChangeListener::workChanged);
        clientB.start();
        QVERIFY(connected.wait(5000));
        QVERIFY2(connected.last().at(0).toBool(), qPrintable(connected.last().at(1).toString()));

        Database clientA;
        QVERIFY(clientA.open(test.settings()).isOk());
        WorkflowEngine engine(clientA, DefinitionRegistry::shared());
        const Actor sw = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const qint64 step = engine.createStep(authority.childId,
                                              QStringLiteral("CS Decision on Significant "
                                                             "Information (Open SC Case)"),
                                              Assignee::me(), sw);
        QVERIFY(step > 0);
        QVERIFY(engine.startStep(step, sw).isOk());
        // The social worker's own step is no business of the manager's: nothing is announced.
        QVERIFY(!changed.wait(500));

        QElapsedTimer clock;
        clock.start();
        const qint64 request = engine.sendRequest(
            step, QStringLiteral("CS Manager: Please review and confirm next action"),
            authority.worker(QStringLiteral("manager")), sw);
        QVERIFY(request > 0);
        QVERIFY2(changed.wait(1000), "no notification within a second");
        const qint64 delay = clock.elapsed();
        qInfo("live update delay: %lld ms", delay);
        QVERIFY2(delay < 1000, qPrintable(QString::number(delay)));
        // The payload says nothing about the record.
        QCOMPARE(changed.last().at(0).toString(), QStringLiteral("work:me"));
    }

    // Each client reads again only when work in its own trays changed (R__live_notify): the
    // social worker's own new step refreshes their own section, and no one else's client; a
    // request to the manager refreshes the manager's and the sender's ("Requests I sent"),
    // not their colleague's.
    void aClientIsNotRefreshedByWorkThatDoesNotConcernIt()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        struct Client
        {
            std::unique_ptr<ChangeListener> listener;
            std::unique_ptr<LiveRefresh> live;
            std::unique_ptr<QSignalSpy> due;
        };
        std::map<QString, Client> clients;
        for (const QString &name : {QStringLiteral("sw"), QStringLiteral("sw2"),
                                    QStringLiteral("manager"), QStringLiteral("panelist")}) {
            Client &client = clients[name];
            client.listener = std::make_unique<ChangeListener>(test.settings(), QString(),
                                                               authority.workers.value(name));
            client.live = std::make_unique<LiveRefresh>();
            connect(client.listener.get(), &ChangeListener::workChanged, client.live.get(),
                    &LiveRefresh::notified);
            client.due = std::make_unique<QSignalSpy>(client.live.get(), &LiveRefresh::due);
            QSignalSpy connected(client.listener.get(), &ChangeListener::connectionStateChanged);
            client.listener->start();
            QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), 30000);
            QVERIFY2(connected.last().at(0).toBool(),
                     qPrintable(connected.last().at(1).toString()));
        }
        const auto refreshedOwnTray = [&clients](const QString &name) {
            const QSignalSpy &due = *clients[name].due;
            return !due.isEmpty() && due.last().at(0).value<LiveChange>().ownTray;
        };

        WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
        const Actor sw = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const qint64 step = engine.createStep(authority.childId,
                                              QStringLiteral("CS Decision on Significant "
                                                             "Information (Open SC Case)"),
                                              Assignee::me(), sw);
        QVERIFY(step > 0);
        QVERIFY(engine.startStep(step, sw).isOk());
        QTRY_VERIFY_WITH_TIMEOUT(refreshedOwnTray(QStringLiteral("sw")), 5000);
        QTest::qWait(1000); // anything else would have come by now
        for (const QString &name :
             {QStringLiteral("sw2"), QStringLiteral("manager"), QStringLiteral("panelist")})
            QVERIFY2(clients[name].due->isEmpty(), qPrintable(name + QStringLiteral(" refreshed")));

        clients[QStringLiteral("sw")].due->clear();
        QVERIFY(engine.sendRequest(step,
                                   QStringLiteral("CS Manager: Please review and confirm next "
                                                  "action"),
                                   authority.worker(QStringLiteral("manager")), sw) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(refreshedOwnTray(QStringLiteral("manager")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(refreshedOwnTray(QStringLiteral("sw")), 5000);
        QTest::qWait(1000);
        for (const QString &name : {QStringLiteral("sw2"), QStringLiteral("panelist")})
            QVERIFY2(clients[name].due->isEmpty(), qPrintable(name + QStringLiteral(" refreshed")));
    }

    void subscribesAgainAfterTheConnectionIsDropped()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        ChangeListener listener(test.settings(), QString(),
                                authority.workers.value(QStringLiteral("sw")));
        listener.setPingInterval(200);
        QSignalSpy state(&listener, &ChangeListener::connectionStateChanged);
        QSignalSpy changed(&listener, &ChangeListener::workChanged);
        listener.start();
        QVERIFY(state.wait(5000));

        // The server drops the listener's connection, as a restart or network cut would.
        Database admin;
        QVERIFY(admin.open(TestDatabase::postgresServer()).isOk());
        QVERIFY(admin
                    .exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE application_name = ?"),
                          {QStringLiteral("CaseDesk-listener")})
                    .isActive());
        QTRY_VERIFY_WITH_TIMEOUT(!state.isEmpty() && !state.last().at(0).toBool(), 5000);
        QVERIFY(state.last().at(1).toString().startsWith(QLatin1String("Live updates paused")));
        QTRY_VERIFY_WITH_TIMEOUT(state.last().at(0).toBool(), 10000);
        // A catch-up follows the reconnect, then live notifications flow again.
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() && changed.last().at(0).toString().isEmpty(),
                                 5000);
        changed.clear();
        WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
        QVERIFY(engine.createStep(
                    authority.childId, QStringLiteral("Child in Need Visit"), Assignee::me(),
                    authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"))) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() &&
                                     changed.last().at(0).toString() == QLatin1String("work:me"),
                                 2000);
    }

    void forgedNotificationsReachNobody()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        ChangeListener listener(test.settings(), QString(),
                                authority.workers.value(QStringLiteral("sw")));
        listener.setPingInterval(200);
        QSignalSpy state(&listener, &ChangeListener::connectionStateChanged);
        QSignalSpy changed(&listener, &ChangeListener::workChanged);
        listener.start();
        QVERIFY(state.wait(5000));
        QVERIFY(state.last().at(0).toBool());

        // Anyone signed in may NOTIFY any channel they can name: the old shared one reaches
        // nobody now, and the private channels' names are not for others to read.
        for (int i = 0; i < 1000; ++i)
            QVERIFY(test.db()
                        .exec(QStringLiteral("SELECT pg_notify('casedesk_work', ?)"),
                              {QStringLiteral("worksteps:%1").arg(i)})
                        .isActive());
        QTest::qWait(1000); // five self-checks come and go meanwhile
        QVERIFY2(changed.isEmpty(), "a forged notification reached the client");
        QVERIFY(state.last().at(0).toBool());
    }
};

QTEST_GUILESS_MAIN(TestLiveUpdates)
#include "tst_liveupdates.moc"
