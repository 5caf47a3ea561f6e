// Presence and live updates cannot lie (issue 10, point 6; 016_private_notifications.postgres.sql),
// tried as workers' own logins: a worker hears of work on a private channel others cannot name or
// read, forged notifications on the old shared channel reach nobody, listening reveals nothing
// about records one cannot see, and presence rows only name steps one can see and roles one holds,
// with the server's times.
#include "securityfixture.h"

#include "live/changelistener.h"

#include <QSignalSpy>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {
const QString Visit = QStringLiteral("Child in Need Visit");

// A listening client of `key`, on that worker's own login, connected.
std::unique_ptr<ChangeListener> listenAs(SecurityFixture &f, const QString &key)
{
    auto listener = std::make_unique<ChangeListener>(f.settings(key), f.password(key), f.id(key));
    QSignalSpy state(listener.get(), &ChangeListener::connectionStateChanged);
    listener->start();
    if (!state.wait(5000) || !state.last().at(0).toBool())
        qWarning() << "listener" << key << "did not connect:" << state;
    return listener;
}
} // namespace

class TestPresenceNotifications : public QObject
{
    Q_OBJECT

private slots:
    void channelsAreEachWorkersOwnSecret()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QString sw2 = QStringLiteral("sw2");
        const QString mine =
            f.scalarAs(sw, QStringLiteral("SELECT casedesk_my_channel(0)")).toString();
        QVERIFY2(ChangeListener::isPrivateChannel(mine), qPrintable(mine));
        // Asking again gives the same; another worker naming sw gets their own, not sw's.
        QCOMPARE(f.scalarAs(sw, QStringLiteral("SELECT casedesk_my_channel(0)")).toString(), mine);
        const QString theirs =
            f.scalarAs(sw2, QStringLiteral("SELECT casedesk_my_channel(?)"), {f.id(sw)}).toString();
        QVERIFY(ChangeListener::isPrivateChannel(theirs));
        QVERIFY(theirs != mine);
        // The table shows a worker their own row alone, and no one writes another's.
        QCOMPARE(f.scalarAs(sw2, QStringLiteral("SELECT count(*) FROM worker_channels")).toInt(),
                 1);
        QCOMPARE(f.scalarAs(sw2,
                            QStringLiteral("SELECT count(*) FROM worker_channels "
                                           "WHERE channel = ?"),
                            {mine})
                     .toInt(),
                 0);
        QVERIFY(
            !f.refusal(sw2,
                       QStringLiteral("INSERT INTO worker_channels (worker_id, channel) "
                                      "VALUES (?, 'casedesk_w_00000000000000000000000000000000')"),
                       {f.id(QStringLiteral("manager"))})
                 .isEmpty());
        QVERIFY(!f.refusal(sw2, QStringLiteral("UPDATE worker_channels SET channel = channel"))
                     .isEmpty());
    }

    void onlyTheWorkersConcernedHearAndForgeriesReachNobody()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        auto mine = listenAs(f, sw);
        auto farAway = listenAs(f, QStringLiteral("far_sw"));
        QSignalSpy heardByMe(mine.get(), &ChangeListener::workChanged);
        QSignalSpy heardFarAway(farAway.get(), &ChangeListener::workChanged);

        // Another worker floods the channel every client used to listen on.
        for (int i = 0; i < 1000; ++i)
            QVERIFY(f.refusal(QStringLiteral("sw2"),
                              QStringLiteral("SELECT pg_notify('casedesk_work', 'x')"))
                        .isEmpty());
        QTest::qWait(700);
        QVERIFY2(heardByMe.isEmpty(), "a forged notification reached a client");

        // Work on a restricted child allocated to sw: sw hears "work:me", nothing more; a worker of
        // another team, who may not see the child, hears nothing at all.
        const Actor me = f.as(sw, QStringLiteral("social_worker"));
        const qint64 step = f.engine(sw).createStep(f.restrictedId, Visit, Assignee::me(), me);
        QVERIFY(step > 0);
        QVERIFY(heardByMe.wait(2000));
        QCOMPARE(heardByMe.last().at(0).toString(), QStringLiteral("work:me"));
        QTest::qWait(500);
        QVERIFY2(heardFarAway.isEmpty(), "a worker heard of work on a record they cannot see");
    }

    // "Also open now" follows at once (018_presence_notifications.postgres.sql): whoever has the
    // step open hears "presence" when another worker opens or leaves it; touches are silent, and
    // no one without it open hears anything.
    void openingAndLeavingAStepTellsWhoeverHasItOpen()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QString manager = QStringLiteral("manager");
        const qint64 step = f.engine(sw).createStep(f.childId, Visit, Assignee::me(),
                                                    f.as(sw, QStringLiteral("social_worker")));
        QVERIFY(step > 0);
        const QString enter = QStringLiteral(
            "INSERT INTO step_presence (step_id, worker_id, acting_role, opened_at, seen_at) "
            "VALUES (?, ?, ?, now(), now())");
        QCOMPARE(f.refusal(sw, enter, {step, f.id(sw), QStringLiteral("social_worker")}),
                 QString());
        auto mine = listenAs(f, sw);
        auto notOpen = listenAs(f, QStringLiteral("sw2"));
        QSignalSpy heardByMe(mine.get(), &ChangeListener::workChanged);
        QSignalSpy heardByOther(notOpen.get(), &ChangeListener::workChanged);

        QCOMPARE(f.refusal(manager, enter, {step, f.id(manager), QStringLiteral("ps_manager")}),
                 QString());
        QVERIFY(heardByMe.wait(2000));
        QCOMPARE(heardByMe.last().at(0).toString(), QStringLiteral("presence"));

        heardByMe.clear();
        QCOMPARE(f.refusal(manager,
                           QStringLiteral("UPDATE step_presence SET seen_at = now() "
                                          "WHERE step_id = ? AND worker_id = ?"),
                           {step, f.id(manager)}),
                 QString());
        QTest::qWait(500);
        QVERIFY2(heardByMe.isEmpty(), "a touch was announced");

        QCOMPARE(f.refusal(manager,
                           QStringLiteral("DELETE FROM step_presence WHERE step_id = ? AND "
                                          "worker_id = ?"),
                           {step, f.id(manager)}),
                 QString());
        QVERIFY(heardByMe.wait(2000));
        QCOMPARE(heardByMe.last().at(0).toString(), QStringLiteral("presence"));
        QTest::qWait(300);
        QVERIFY2(heardByOther.isEmpty(), "a worker without the step open heard of it");
    }

    void presenceNamesOnlyVisibleStepsAndHeldRoles()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QString far = QStringLiteral("far_sw");
        const qint64 hidden = f.engine(sw).createStep(f.restrictedId, Visit, Assignee::me(),
                                                      f.as(sw, QStringLiteral("social_worker")));
        QVERIFY(hidden > 0);
        const QString enter = QStringLiteral(
            "INSERT INTO step_presence (step_id, worker_id, acting_role, opened_at, seen_at) "
            "VALUES (?, ?, ?, now(), now())");
        // Showing oneself on a step one cannot see.
        QVERIFY(
            !f.refusal(far, enter, {hidden, f.id(far), QStringLiteral("social_worker")}).isEmpty());
        // In a role one does not hold.
        QVERIFY(!f.refusal(sw, enter, {hidden, f.id(sw), QStringLiteral("ps_manager")}).isEmpty());
        // Honestly: allowed, and a presence that "never expires" gets the server's time.
        QCOMPARE(f.refusal(sw, enter, {hidden, f.id(sw), QStringLiteral("social_worker")}),
                 QString());
        QCOMPARE(f.refusal(sw,
                           QStringLiteral("UPDATE step_presence SET seen_at = "
                                          "'2099-01-01'::timestamptz WHERE step_id = ?"),
                           {hidden}),
                 QString());
        QVERIFY(f.scalarAs(sw,
                           QStringLiteral("SELECT seen_at < now() + interval '1 minute' "
                                          "FROM step_presence WHERE step_id = ?"),
                           {hidden})
                    .toBool());
        // Nor can the role be changed afterwards to one not held.
        QVERIFY(!f.refusal(sw,
                           QStringLiteral("UPDATE step_presence SET acting_role = "
                                          "'panel_administrator' WHERE step_id = ?"),
                           {hidden})
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPresenceNotifications)
#include "tst_presencenotifications.moc"
