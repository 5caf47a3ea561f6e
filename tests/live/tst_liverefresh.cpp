// A client's side of live updates (LiveRefresh, LiveChange), without a server: what each
// notification makes the client read again, and a burst's refresh that is never postponed.
#include "live/liverefresh.h"

#include <QSignalSpy>
#include <QtTest>
#include <algorithm>

using namespace casedesk;

namespace {

const QList<WorkviewOwner> Shown{
    WorkviewOwner::worker(7, QStringLiteral("Sam")),
    WorkviewOwner::virtualWorker(12, QStringLiteral("CS CWD – Panel"), QStringLiteral("panel")),
    WorkviewOwner::virtualWorker(13, QStringLiteral("Duty desk"), QStringLiteral("duty")),
};

QList<qint64> idsOf(const QList<WorkviewOwner> &owners)
{
    QList<qint64> ids;
    for (const WorkviewOwner &owner : owners)
        ids << owner.id;
    return ids;
}

} // namespace

class TestLiveRefresh : public QObject
{
    Q_OBJECT

private slots:
    void aNotificationReadsOnlyTheTrayItNames()
    {
        QCOMPARE(idsOf(LiveChange::fromPayload(QStringLiteral("work:me")).sectionsToRead(Shown)),
                 QList<qint64>{7});
        QCOMPARE(idsOf(LiveChange::fromPayload(QStringLiteral("work:v13")).sectionsToRead(Shown)),
                 QList<qint64>{13});
        // An inbox this client does not show, a step open here, presence: no section at all.
        QVERIFY(
            LiveChange::fromPayload(QStringLiteral("work:v99")).sectionsToRead(Shown).isEmpty());
        QVERIFY(
            LiveChange::fromPayload(QStringLiteral("work:step")).sectionsToRead(Shown).isEmpty());
        QVERIFY(LiveChange::fromPayload(QStringLiteral("work:step")).touchesOpenSteps());
        QVERIFY(
            LiveChange::fromPayload(QStringLiteral("presence")).sectionsToRead(Shown).isEmpty());
        QVERIFY(!LiveChange::fromPayload(QStringLiteral("presence")).touchesOpenSteps());
        // A catch-up, or a server that does not say: everything.
        QCOMPARE(idsOf(LiveChange::fromPayload(QString()).sectionsToRead(Shown)),
                 (QList<qint64>{7, 12, 13}));
        QCOMPARE(idsOf(LiveChange::fromPayload(QStringLiteral("work")).sectionsToRead(Shown)),
                 (QList<qint64>{7, 12, 13}));
    }

    void aBurstIsOneRefreshOfWhatItNamed()
    {
        LiveRefresh live(nullptr, 50, 150);
        QSignalSpy due(&live, &LiveRefresh::due);
        live.notified(QStringLiteral("work:v12"));
        live.notified(QStringLiteral("work:v12"));
        live.notified(QStringLiteral("presence"));
        QVERIFY(due.wait(5000));
        QCOMPARE(due.size(), 1);
        const LiveChange change = due.first().at(0).value<LiveChange>();
        QCOMPARE(idsOf(change.sectionsToRead(Shown)), QList<qint64>{12});
        QVERIFY(change.touchesPresence());
        QVERIFY(!change.touchesOpenSteps());
    }

    // The bound: a stream of notifications closer together than the quiet time (a busy
    // authority) still refreshes while it lasts, each refresh carrying what came before it, in
    // order, nothing lost. A debounce that restarts on each notification would refresh once,
    // after the stream.
    void aStreamOfNotificationsNeverPostponesTheRefresh()
    {
        LiveRefresh live(nullptr, 50, 150);
        QList<int> sentBeforeEachRefresh;
        QList<QList<qint64>> inboxesOfEachRefresh;
        const int notifications = 60;
        int sent = 0;
        connect(&live, &LiveRefresh::due, this, [&](const LiveChange &change) {
            sentBeforeEachRefresh << sent;
            QList<qint64> inboxes(change.inboxes.cbegin(), change.inboxes.cend());
            std::sort(inboxes.begin(), inboxes.end());
            inboxesOfEachRefresh << inboxes;
        });
        QTimer stream;
        stream.setInterval(20);
        connect(&stream, &QTimer::timeout, this, [&] {
            live.notified(QStringLiteral("work:v%1").arg(++sent));
            if (sent == notifications)
                stream.stop();
        });
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(sent == notifications && !live.isPending(), 30000);

        qInfo("refreshes after notification: %s", qPrintable([&] {
                  QStringList at;
                  for (int n : sentBeforeEachRefresh)
                      at << QString::number(n);
                  return at.join(u' ');
              }()));
        int duringTheStream = 0;
        for (int n : sentBeforeEachRefresh)
            duringTheStream += n < notifications ? 1 : 0;
        QVERIFY2(duringTheStream >= 2, "the stream postponed the refreshes");
        QVERIFY2(sentBeforeEachRefresh.size() < notifications / 2, "every notification refreshed");
        // Each refresh carries the notifications since the last one, in order; none is lost.
        qint64 next = 1;
        for (const QList<qint64> &inboxes : std::as_const(inboxesOfEachRefresh)) {
            for (qint64 id : inboxes)
                QCOMPARE(id, next++);
        }
        QCOMPARE(next, qint64(notifications + 1));
    }

    // The periodic poll is due at once, not behind a burst's wait, and takes the burst with it.
    void thePollIsDueAtOnce()
    {
        LiveRefresh live(nullptr, 50, 150);
        QSignalSpy due(&live, &LiveRefresh::due);
        live.notified(QStringLiteral("work:me"));
        QVERIFY(live.isPending());
        live.poll();
        QCOMPARE(due.size(), 1);
        QVERIFY(due.first().at(0).value<LiveChange>().everything);
        QVERIFY(!live.isPending());
        QTest::qWait(300);
        QCOMPARE(due.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLiveRefresh)
#include "tst_liverefresh.moc"
