// Two workers' CaseDesks over a real council network (issue 11): a social worker and their
// manager, each signed in through a link of their own that holds everything 40 ms each way (an
// 80 ms round trip), each window built as the application builds it, with live updates through
// the same link. What one commits shows in the other's Full workview within a second of the
// commit, without anyone pressing F5, and the windows keep turning their event loop meanwhile.
//
// The social worker sends "CS Manager: Please review and confirm next action" from the requests
// dialog; it must show in the manager's Incoming requests. The manager marks it Completed from
// theirs; it must leave the social worker's Requests I sent. Five times each way, after one
// round that prepares the statements of every connection.
#include "app/workopener.h"
#include "authorityfixture.h"
#include "eventloopticker.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "networkdesk.h"
#include "requests/requestsdialog.h"
#include "testdatabase.h"
#include "workview/fullworkview.h"
#include "workview/workviewmodel.h"
#include "workview/workviewtree.h"
#include "workviewwait.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QThread>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString Decision = QStringLiteral("CS Decision on Significant Information (Open SC Case)");
const QString ReviewRequest = QStringLiteral("CS Manager: Please review and confirm next action");
const int OneWayDelayMs = 40;
const int Rounds = 5;

// The test's one clock, read on every thread (a monotonic clock: QElapsedTimer).
const QElapsedTimer &clock()
{
    static const QElapsedTimer timer = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return timer;
}

// The moment a commit becomes visible on the server: a thread with a connection of its own over
// the server's socket (no link) asks `sql` (one boolean) every 2 ms. Measuring from here is
// stricter than from the moment the committing client hears of it (that is 40 ms later).
class CommitWatch
{
public:
    CommitWatch(const ConnectionSettings &settings, const QString &sql, const QVariantList &values)
    {
        m_thread.reset(QThread::create([this, settings, sql, values] {
            Database db;
            if (!db.open(settings))
                return;
            QElapsedTimer waited;
            waited.start();
            while (!m_stop && waited.elapsed() < 10000) {
                if (db.scalar(sql, values).toBool()) {
                    m_at = clock().elapsed();
                    return;
                }
                QThread::msleep(2);
            }
        }));
        m_thread->start();
    }
    ~CommitWatch()
    {
        m_stop = true;
        m_thread->wait();
    }
    // On the test's clock; -1 until seen.
    qint64 at() const { return m_at; }

private:
    std::unique_ptr<QThread> m_thread;
    std::atomic_bool m_stop{false};
    std::atomic<qint64> m_at{-1};
};

// The request lines of a category as the Full workview shows them (through its filter): the
// steps they are about.
QList<qint64> requestLines(MainWindow *window, WorkviewCategory category)
{
    QList<qint64> steps;
    const QAbstractItemModel *model = window->fullWorkview()->tree()->model();
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            if (index.data(WorkviewModel::KindRole).toInt() == WorkviewModel::ItemRow &&
                index.data(WorkviewModel::CategoryRole).toInt() == int(category) &&
                index.data(WorkviewModel::RequestIdRole).toLongLong() > 0)
                steps << index.data(WorkviewModel::StepIdRole).toLongLong();
            walk(index);
        }
    };
    walk(QModelIndex());
    return steps;
}

// The first moment, on the test's clock, a read of `window`'s workviews lands showing what
// `shows` looks for.
class Sighting
{
public:
    Sighting(MainWindow *window, std::function<bool()> shows)
    {
        m_connection = QObject::connect(window, &MainWindow::workviewRead, window, [this, shows] {
            if (m_at < 0 && shows())
                m_at = clock().elapsed();
        });
    }
    ~Sighting() { QObject::disconnect(m_connection); }
    qint64 at() const { return m_at; }

private:
    QMetaObject::Connection m_connection;
    qint64 m_at = -1;
};

QString summary(QList<qint64> delays, const QString &unit = QStringLiteral("ms"))
{
    std::sort(delays.begin(), delays.end());
    QStringList each;
    for (qint64 delay : std::as_const(delays))
        each << QString::number(delay);
    return QStringLiteral("median %1 %4, max %2 %4 (%3)")
        .arg(delays.at(delays.size() / 2))
        .arg(delays.last())
        .arg(each.join(QStringLiteral(", ")), unit);
}

} // namespace

class TestTwoClients : public QObject
{
    Q_OBJECT

    // The two desks, each through its own link; a request waits at most 5 s.
    struct Office
    {
        TestDatabase test;
        std::unique_ptr<AuthorityFixture> authority;
        LinkSimulator swLink{LinkTarget::testPostgres()};
        LinkSimulator managerLink{LinkTarget::testPostgres()};
        NetworkDesk sw{swLink};
        NetworkDesk manager{managerLink};
        qint64 decision = 0;

        bool open(QString *error)
        {
            if (!test.create(error))
                return false;
            authority = std::make_unique<AuthorityFixture>(test.db());
            // The social worker's started decision, made on the test's own connection.
            decision = test.db().insert(
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id) VALUES (?, ?, 'started', ?) RETURNING id"),
                {authority->childId, Decision, authority->workers.value(QStringLiteral("sw"))});
            swLink.setDelay(OneWayDelayMs);
            managerLink.setDelay(OneWayDelayMs);
            const QString name = test.settings().databaseName;
            return decision > 0 &&
                   sw.signIn(name, QStringLiteral("sw"), QStringLiteral("social_worker"), 5,
                             error) &&
                   manager.signIn(name, QStringLiteral("manager"), QStringLiteral("ps_manager"), 5,
                                  error) &&
                   sw.openWindow(error) && manager.openWindow(error);
        }
        // The requests dialog of the decision, as the step editor opens it, read.
        static RequestsDialog *requests(NetworkDesk &desk, qint64 stepId)
        {
            auto *dialog =
                new RequestsDialog(desk.opener()->engine(), desk.opener()->directory(), stepId,
                                   desk.actor(), &desk.session.background(), desk.window());
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
            const bool read = QTest::qWaitFor(
                [dialog] {
                    return dialog->isLoaded() && !dialog->isBusy() &&
                           dialog->recipientCombo()->count() > 0;
                },
                10000);
            return read ? dialog : nullptr;
        }
        // Both windows idle: no read on its way, none about to start (live updates gather
        // notifications for 150 ms), as between one worker's actions and the other's.
        bool settle()
        {
            QTest::qWait(400);
            // What a client still had to read ends first: e.g. "Also open now", re-read when the
            // other opened the step (018), must not be counted in the next measured delay.
            for (NetworkDesk *desk : {&sw, &manager}) {
                QFuture<void> drained = desk->session.background().run([](Database &) {});
                if (!QTest::qWaitFor([&drained] { return drained.isFinished(); }, 10000))
                    return false;
            }
            return waitForWorkview(*sw.window()) && waitForWorkview(*manager.window());
        }
        ConnectionSettings direct() const { return test.settings(); }
    };

    static bool choose(QComboBox *combo, const QVariant &data)
    {
        const int index = combo->findData(data);
        combo->setCurrentIndex(index);
        return index >= 0;
    }

private slots:
    void eachSeesTheOthersWorkWithinASecondOfItsCommit()
    {
        Office office;
        QString error;
        QVERIFY2(office.open(&error), qPrintable(error));
        const qint64 decision = office.decision;
        const QString outstanding =
            QStringLiteral("SELECT count(*) > 0 FROM requests WHERE step_id = ? AND status = "
                           "'outstanding'");
        const QString answered =
            QStringLiteral("SELECT count(*) = 0 FROM requests WHERE step_id = ? AND status = "
                           "'outstanding'");
        MainWindow *swWindow = office.sw.window();
        MainWindow *managerWindow = office.manager.window();
        QVERIFY(requestLines(managerWindow, WorkviewCategory::IncomingRequests).isEmpty());

        QList<qint64> toManager;
        QList<qint64> toSocialWorker;
        QList<qint64> managerRoundTrips;
        qint64 worstGap = 0;
        for (int round = 0; round <= Rounds; ++round) {
            const bool counted = round > 0; // the first prepares every connection's statements
            QVERIFY(office.settle());

            // The social worker sends the request to their manager.
            RequestsDialog *sent = Office::requests(office.sw, decision);
            QVERIFY(sent);
            QVERIFY(choose(sent->requestTypeCombo(), ReviewRequest));
            QVERIFY(choose(sent->recipientCombo(),
                           office.authority->workers.value(QStringLiteral("manager"))));
            QVERIFY(office.settle());
            {
                Sighting seen(managerWindow, [&] {
                    return requestLines(managerWindow, WorkviewCategory::IncomingRequests)
                        .contains(decision);
                });
                CommitWatch committed(office.direct(), outstanding, {decision});
                QSignalSpy done(sent, &RequestsDialog::actionDone);
                const qint64 sends = office.managerLink.clientSends();
                EventLoopTicker ticker;
                QTest::mouseClick(sent->sendButton(), Qt::LeftButton);
                QTRY_VERIFY_WITH_TIMEOUT(seen.at() >= 0 && committed.at() >= 0, 10000);
                QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
                QVERIFY(done.first().first().toBool());
                const qint64 delay = seen.at() - committed.at();
                qInfo("round %d: the manager saw the request %lld ms after its commit (%lld "
                      "statements through the manager's link meanwhile; worst event-loop gap "
                      "%lld ms)",
                      round, delay, office.managerLink.clientSends() - sends, ticker.worstGapMs());
                // One sighting may wait behind a read the client was already making (its
                // 30-second presence touch, ~3 statements): the median must be under a second.
                QVERIFY2(
                    delay < 1500,
                    qPrintable(
                        QStringLiteral("the manager saw it %1 ms after the commit").arg(delay)));
                QVERIFY2(ticker.ticks() >= delay / 20,
                         qPrintable(QStringLiteral("the event loop turned %1 times in %2 ms")
                                        .arg(ticker.ticks())
                                        .arg(delay)));
                if (counted) {
                    toManager << delay;
                    managerRoundTrips << office.managerLink.clientSends() - sends;
                    worstGap = qMax(worstGap, ticker.worstGapMs());
                }
            }
            sent->close();
            QVERIFY(office.settle());

            // The manager marks it Completed; it leaves the social worker's Requests I sent.
            QVERIFY(requestLines(swWindow, WorkviewCategory::SentRequests).contains(decision));
            RequestsDialog *answer = Office::requests(office.manager, decision);
            QVERIFY(answer);
            QTableWidget *table = answer->table();
            int row = 0;
            while (row < table->rowCount() && !table->item(row, RequestsDialog::StatusColumn)
                                                   ->text()
                                                   .startsWith(QStringLiteral("Outstanding")))
                ++row;
            QVERIFY(row < table->rowCount());
            table->setCurrentCell(row, RequestsDialog::RequestColumn);
            table->selectRow(row);
            QVERIFY(answer->completedButton()->isEnabled());
            QVERIFY(office.settle());
            {
                Sighting seen(swWindow, [&] {
                    return !requestLines(swWindow, WorkviewCategory::SentRequests)
                                .contains(decision);
                });
                CommitWatch committed(office.direct(), answered, {decision});
                QSignalSpy done(answer, &RequestsDialog::actionDone);
                EventLoopTicker ticker;
                QTest::mouseClick(answer->completedButton(), Qt::LeftButton);
                QTRY_VERIFY_WITH_TIMEOUT(seen.at() >= 0 && committed.at() >= 0, 10000);
                QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
                QVERIFY(done.first().first().toBool());
                const qint64 delay = seen.at() - committed.at();
                qInfo("round %d: the social worker saw the answer %lld ms after its commit "
                      "(worst event-loop gap %lld ms)",
                      round, delay, ticker.worstGapMs());
                QVERIFY2(delay < 1500,
                         qPrintable(QStringLiteral("the social worker saw it %1 ms after the "
                                                   "commit")
                                        .arg(delay)));
                QVERIFY2(ticker.ticks() >= delay / 20,
                         qPrintable(QStringLiteral("the event loop turned %1 times in %2 ms")
                                        .arg(ticker.ticks())
                                        .arg(delay)));
                if (counted) {
                    toSocialWorker << delay;
                    worstGap = qMax(worstGap, ticker.worstGapMs());
                }
            }
            answer->close();
        }
        qInfo("commit to the manager's workview: %s", qPrintable(summary(toManager)));
        qInfo("commit to the social worker's workview: %s", qPrintable(summary(toSocialWorker)));
        qInfo("statements through the manager's link from Send to the sighting: %s",
              qPrintable(summary(managerRoundTrips, QStringLiteral("statements"))));
        for (QList<qint64> delays : {toManager, toSocialWorker}) {
            std::sort(delays.begin(), delays.end());
            QVERIFY(!delays.isEmpty());
            QVERIFY2(delays.at(delays.size() / 2) < 1000, qPrintable(summary(delays)));
        }
        QVERIFY2(worstGap < 500,
                 qPrintable(QStringLiteral("the event loop stood still for %1 ms").arg(worstGap)));
    }
};

QTEST_MAIN(TestTwoClients)
#include "tst_twoclients.moc"
