// The journal on this computer's disk when that disk is full or read-only (a tmpfs mounted for
// the test, in a mount namespace of its own: tests/harness/with-private-mounts.sh). A worker is
// told, above the form they type in, that their answers are not being kept as they type; Save
// still reaches the database; and once the disk has room again the journal takes up again.
#include "app/sessionservices.h"
#include "app/workopener.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "drafts/draftstore.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "stepwait.h"
#include "testdatabase.h"
#include "workview/workviewquery.h"
#include "workviewwait.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

bool run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(program, arguments);
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

// Fills the file system holding `folder` until writing fails; returns the filler's path.
QString fillDisk(const QString &folder)
{
    const QString path = folder + QStringLiteral("/filler");
    QFile filler(path);
    if (!filler.open(QIODevice::WriteOnly))
        return QString();
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    return path;
}

struct SignedIn
{
    Session session;
    std::unique_ptr<MainWindow> window;
    WorkOpener *opener = nullptr;
    StepEditor *editor = nullptr;
    QPlainTextEdit *box = nullptr;

    bool open(const ConnectionSettings &settings)
    {
        session.database = std::make_unique<Database>();
        if (!session.database->open(settings))
            return false;
        session.worker = WorkerDirectory(*session.database)
                             .identityByUsername(DemoSeeder::socialWorkerUsername());
        session.actingRole = SessionOpener::defaultRole(session.worker);
        window = std::make_unique<MainWindow>(session, &DefinitionRegistry::shared());
        casedesk::test::waitForWorkview(*window);
        opener = new WorkOpener(session, DefinitionRegistry::shared(), window.get());
        window->show();
        const WorkviewCategoryPage page =
            WorkviewQuery(*session.database)
                .page(WorkviewOwner::worker(session.worker.id, session.worker.displayName),
                      WorkviewCategory::CurrentWork);
        qint64 stepId = 0;
        for (const WorkviewItem &item : page.items)
            stepId = stepId ? stepId : (item.isRequest() ? 0 : item.stepId);
        editor = openAndWait(opener->open(stepId));
        if (!editor)
            return false;
        auto *form = qobject_cast<FormEditor *>(editor->formTabs()->currentWidget());
        for (QuestionField *field : form->findChildren<QuestionField *>()) {
            auto *candidate = qobject_cast<QPlainTextEdit *>(field->editor());
            if (!box && candidate && !field->isReadOnly() && field->isVisibleTo(form))
                box = candidate;
        }
        return box != nullptr;
    }

    bool bannerShown() const
    {
        return editor->findChild<QLabel *>(QStringLiteral("journalBanner"))->isVisible();
    }
};

int savedCount(Database &db, const QString &text)
{
    return db
        .scalar(QStringLiteral("SELECT count(*) FROM form_answers WHERE value LIKE ?"),
                {QVariant(QStringLiteral("%") + text)})
        .toInt();
}

} // namespace

class TestJournalDisk : public QObject
{
    Q_OBJECT

    QTemporaryDir m_mountPoint;

    // A tmpfs at the mount point, holding XDG_DATA_HOME and so the journal.
    void mountHome(const QString &options)
    {
        QVERIFY(m_mountPoint.isValid());
        QVERIFY2(run(QStringLiteral("mount"),
                     {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), options,
                      QStringLiteral("casedesk-test"), m_mountPoint.path()}),
                 "mount failed: run this test through tests/harness/with-private-mounts.sh");
        qputenv("XDG_DATA_HOME", (m_mountPoint.path() + QStringLiteral("/share")).toUtf8());
    }

    void unmountHome() { run(QStringLiteral("umount"), {m_mountPoint.path()}); }

private slots:
    void aFullDiskIsShownWhereTheWorkerTypesAndSaveStillWorks()
    {
        CASEDESK_TEST_DATABASE(test); // in /tmp, not on the small disk
        QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
        mountHome(QStringLiteral("size=1m"));
        const auto unmount = qScopeGuard([this] { unmountHome(); });
        QVERIFY(DraftStore::defaultPath().startsWith(m_mountPoint.path()));

        SignedIn sw;
        QVERIFY(sw.open(test.settings()));
        QVERIFY(!sw.bannerShown()); // the journal opened on the disk while it had room
        const QString filler = fillDisk(QFileInfo(DraftStore::defaultPath()).absolutePath());
        QVERIFY(!filler.isEmpty());

        // Several kilobytes typed: the journal needs new pages and the disk has none.
        sw.box->setFocus();
        sw.box->moveCursor(QTextCursor::End);
        sw.box->insertPlainText(QString(64 * 1024, QLatin1Char('n')));
        QTest::keyClicks(sw.box, QStringLiteral(" Typed on a full disk."));
        QTRY_VERIFY_WITH_TIMEOUT(sw.bannerShown(), 5000);
        QVERIFY2(sw.editor->journalProblem().contains(QStringLiteral("not being kept")),
                 qPrintable(sw.editor->journalProblem()));

        QVERIFY(saveAndWait(sw.editor));
        QCOMPARE(savedCount(test.db(), QStringLiteral("Typed on a full disk.")), 1);

        // Room again: the next keys are journalled and the warning goes.
        QVERIFY(QFile::remove(filler));
        QTest::keyClicks(sw.box, QStringLiteral(" Room again."));
        QTRY_VERIFY_WITH_TIMEOUT(!sw.bannerShown(), 5000);
        QTRY_VERIFY(!sw.opener->services().drafts().all(sw.session.worker.id).isEmpty());
    }

    void aReadOnlyDiskIsShownAndSaveStillWorks()
    {
        CASEDESK_TEST_DATABASE(test);
        QVERIFY(DemoSeeder(test.db()).seedIfEmpty().isOk());
        mountHome(QStringLiteral("size=4m"));
        const auto unmount = qScopeGuard([this] { unmountHome(); });
        {
            // An earlier session made the journal; then the disk became read-only (as a
            // failing disk or a full quota does).
            SignedIn earlier;
            QVERIFY(earlier.open(test.settings()));
            QVERIFY(QFileInfo::exists(DraftStore::defaultPath()));
        }
        QVERIFY(run(QStringLiteral("mount"),
                    {QStringLiteral("-o"), QStringLiteral("remount,ro"), m_mountPoint.path()}));

        SignedIn sw;
        QVERIFY(sw.open(test.settings()));
        sw.box->setFocus();
        sw.box->moveCursor(QTextCursor::End);
        QTest::keyClicks(sw.box, QStringLiteral(" Typed on a read-only disk."));
        QTRY_VERIFY_WITH_TIMEOUT(sw.bannerShown(), 5000);
        QVERIFY(saveAndWait(sw.editor));
        QCOMPARE(savedCount(test.db(), QStringLiteral("Typed on a read-only disk.")), 1);
        QVERIFY(!sw.editor->isModified());
    }
};

QTEST_MAIN(TestJournalDisk)
#include "tst_journaldisk.moc"
