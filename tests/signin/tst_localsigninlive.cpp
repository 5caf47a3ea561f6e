// The local sign-in page opens this computer's data file off the GUI thread (issue 11). Here the
// file is held locked by another connection, as another program might, and is then created and
// filled with the demo authority (a first start): meanwhile the event loop keeps turning, the
// page says what it is doing after 300 ms, and a press of Sign in waits for the list. Were the
// load back on the GUI thread, the loop would stop until SQLite's busy timeout (5 s) and the
// load would then fail as locked.
#include "definitions/definitionregistry.h"
#include "eventloopticker.h"
#include "session/session.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"

#include <QDir>
#include <QListWidget>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// Another connection holding `file` (created empty) with an exclusive lock until release().
class FileLock
{
public:
    explicit FileLock(const QString &file)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, name);
        db.setDatabaseName(file);
        m_held = db.open() && QSqlQuery(db).exec(u"BEGIN EXCLUSIVE"_qs);
    }
    ~FileLock() { release(); }
    bool isHeld() const { return m_held; }
    void release()
    {
        if (!QSqlDatabase::contains(name))
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            QSqlQuery(db).exec(u"COMMIT"_qs);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        m_held = false;
    }

private:
    static inline const QString name = u"test-file-lock"_qs;
    bool m_held = false;
};

// Every busy text the page showed, in order (sampled every 5 ms).
class BusyTexts
{
public:
    explicit BusyTexts(const LocalSignInPage &page)
    {
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this, &page] {
            const QString text = page.busyText();
            if (!text.isEmpty() && (m_seen.isEmpty() || m_seen.last() != text))
                m_seen << text;
        });
        m_timer.start(5);
    }
    const QStringList &seen() const { return m_seen; }

private:
    QTimer m_timer;
    QStringList m_seen;
};

} // namespace

class TestLocalSignInLive : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(
            path(u"casedesk-%1.ini"_qs.arg(QLatin1String(QTest::currentTestFunction()))),
            QSettings::IniFormat);
    }

    void aSlowFirstStartLeavesTheWindowLive()
    {
        const QString file = path(u"first/casedesk.sqlite"_qs);
        FileLock lock(file);
        QVERIFY(lock.isHeld());

        EventLoopTicker ticker;
        SignInDialog dialog(file, nullptr, *m_settings, &DefinitionRegistry::shared());
        LocalSignInPage *page = dialog.localPage();
        BusyTexts busy(*page);
        dialog.show();
        QVERIFY(page->isLoading());
        QVERIFY(!page->isLoaded());
        QVERIFY(page->busyText().isEmpty()); // nothing said for a quick load
        QTRY_COMPARE_WITH_TIMEOUT(page->busyText(), SessionOpener::openingText(), 3000);

        // Sign in, pressed while the file is still locked, waits for the list.
        QFuture<bool> signedIn = dialog.signIn();
        QTest::qWait(700);
        QVERIFY(!signedIn.isFinished());
        QVERIFY(page->isLoading());
        QCOMPARE(page->workerList()->count(), 0);
        const int ticksWhileLocked = ticker.ticks();
        QVERIFY2(ticksWhileLocked >= 50, qPrintable(QString::number(ticksWhileLocked)));
        QVERIFY2(ticker.worstGapMs() < 1000, qPrintable(QString::number(ticker.worstGapMs())));

        lock.release(); // the file is created and filled with the demo authority
        QVERIFY(finishedTrue(signedIn));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(page->busyText().isEmpty());
        QCOMPARE(busy.seen(),
                 QStringList({SessionOpener::openingText(), SessionOpener::seedingText()}));
        QVERIFY2(ticker.worstGapMs() < 1000, qPrintable(QString::number(ticker.worstGapMs())));

        // The first worker listed signed in; the session's handle aimed at the file, not opened
        // here.
        Session session = dialog.takeSession();
        QVERIFY(session.isValid());
        QVERIFY(!session.worker.roles.isEmpty());
        QVERIFY(!session.database->isOpen());
        QCOMPARE(session.database->settings().sqlitePath, file);
    }

    void aDialogClosedMidLoadIsLeftAlone()
    {
        const QString file = path(u"closed/casedesk.sqlite"_qs);
        FileLock lock(file);
        QVERIFY(lock.isHeld());
        QFuture<bool> loading;
        {
            SignInDialog dialog(file, nullptr, *m_settings, nullptr);
            loading = dialog.localPage()->load(); // the one the dialog started
            QVERIFY(!loading.isFinished());
            QFuture<bool> signedIn = dialog.signIn();
            QVERIFY(!signedIn.isFinished());
            dialog.reject();
            QVERIFY(signedIn.isFinished()); // Cancel signs no one in
            QVERIFY(!signedIn.result());
        }
        QVERIFY(loading.isCanceled()); // nobody is told of a page that is gone
        lock.release();
        // The job ends with nothing to show it on; the next dialog's load waits for it (one local
        // open at a time) and lists the workers it added.
        SignInDialog next(file, nullptr, *m_settings, nullptr);
        QVERIFY(localPageLoaded(next));
        QVERIFY(next.localPage()->workerList()->count() >= 9);
    }
};

QTEST_MAIN(TestLocalSignInLive)
#include "tst_localsigninlive.moc"
