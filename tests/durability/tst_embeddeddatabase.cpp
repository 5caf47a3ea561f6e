#include "definitions/definitionregistry.h"
#include "durabilityfiles.h"
#include "session/localdatabasemarker.h"
#include "session/session.h"
#include "storage/migrator.h"
#include "workflow/workflowengine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::durability;

namespace {

int workers(Database &db)
{
    return db.scalar(u"SELECT count(*) FROM workers"_qs).toInt();
}

QString native(const QString &path)
{
    return QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
}

} // namespace

class TestEmbeddedDatabase : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_demo; // seeded once, copied by each test
    std::unique_ptr<QSettings> m_settings;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A copy of the demo database that this computer has used (as after a first sign-in).
    QString usedDemoFile(const QString &name)
    {
        const QString file = path(name);
        if (!QFile::copy(m_demo, file))
            return {};
        Database db;
        if (!SessionOpener::openLocal(db, file, *m_settings).isOk())
            return {};
        return file;
    }

    // A database at schema version `version`, as an older CaseDesk left it, with one team.
    bool makeOldVersionFile(const QString &file, int version)
    {
        QTemporaryDir older;
        const QStringList all = QDir(u":/migrations"_qs).entryList(QDir::Files, QDir::Name);
        for (const QString &name : all) {
            if (name.left(3).toInt() <= version &&
                !QFile::copy(u":/migrations/"_qs + name, older.filePath(name)))
                return false;
        }
        Database db;
        ConnectionSettings settings;
        settings.sqlitePath = file;
        if (!db.open(settings).isOk() || !Migrator(db, older.path()).upgrade().isOk())
            return false;
        QString error;
        db.exec(u"INSERT INTO teams (name) VALUES (?)"_qs, {u"Team from before the upgrade"_qs},
                &error);
        return error.isEmpty() && Migrator(db, older.path()).currentVersion() == version;
    }

    static int versionOf(const QString &file)
    {
        Database db;
        ConnectionSettings settings;
        settings.sqlitePath = file;
        if (!db.open(settings).isOk())
            return -1;
        return Migrator(db).currentVersion();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = path(u"template/demo.sqlite"_qs);
        QSettings templateSettings(path(u"template.ini"_qs), QSettings::IniFormat);
        QString error;
        QVERIFY2(makeDemoDatabase(m_demo, templateSettings, &error), qPrintable(error));
    }

    void init()
    {
        m_settings = std::make_unique<QSettings>(
            path(u"casedesk-%1.ini"_qs.arg(QLatin1String(QTest::currentTestFunction()))),
            QSettings::IniFormat);
    }

    void createsAndSeedsTheFileOnAFirstRun()
    {
        const QString file = path(u"first/casedesk.sqlite"_qs);
        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QVERIFY(workers(db) > 0);
        QVERIFY(LocalDatabaseMarker(*m_settings).wasUsed(file));
        // A new file is not upgraded from anything: no copy is kept.
        QVERIFY(Migrator::latestCopyBeforeUpgrade(file).isEmpty());
    }

    void refusesAUsedFileThatWasDeleted()
    {
        const QString file = usedDemoFile(u"deleted.sqlite"_qs);
        QVERIFY(!file.isEmpty());
        QVERIFY(LocalDatabaseMarker(*m_settings).wasUsed(file));
        QVERIFY(QFile::remove(file));
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::DatabaseMissing);
        QVERIFY2(opened.message().contains(native(file)), qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"is missing or empty"_qs),
                 qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"from a backup"_qs), qPrintable(opened.message()));
        QVERIFY(!db.isOpen());
        // Nothing made in its place: no file, no demo data, no -wal or -shm.
        QVERIFY(!QFile::exists(file));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before);
        // Asking again gives the same answer: the refusal did not clear the mark.
        QCOMPARE(SessionOpener::openLocal(db, file, *m_settings).code(),
                 Status::Code::DatabaseMissing);
        QVERIFY(!QFile::exists(file));
    }

    void refusesAUsedFileEmptiedToZeroBytes()
    {
        const QString file = usedDemoFile(u"emptied.sqlite"_qs);
        QVERIFY(!file.isEmpty());
        QVERIFY(QFile::resize(file, 0));

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::DatabaseMissing);
        QVERIFY2(opened.message().contains(native(file)), qPrintable(opened.message()));
        QCOMPARE(QFileInfo(file).size(), 0);
    }

    void namesTheCopyKeptBeforeTheLastUpgrade()
    {
        const QString file = usedDemoFile(u"withcopies.sqlite"_qs);
        QVERIFY(!file.isEmpty());
        QVERIFY(QFile::copy(file, Migrator::copyBeforeUpgradePath(file, 3)));
        QVERIFY(QFile::copy(file, Migrator::copyBeforeUpgradePath(file, 10)));
        QVERIFY(QFile::remove(file));

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::DatabaseMissing);
        QVERIFY2(opened.message().contains(native(file) + u".before-v10.bak"_qs),
                 qPrintable(opened.message()));
    }

    void startsAfreshOnlyWhenAsked()
    {
        const QString file = usedDemoFile(u"afresh.sqlite"_qs);
        QVERIFY(!file.isEmpty());
        QVERIFY(QFile::resize(file, 0));
        Database db;
        QCOMPARE(SessionOpener::openLocal(db, file, *m_settings).code(),
                 Status::Code::DatabaseMissing);

        QString setAside;
        const Status started = SessionOpener::startAfresh(file, *m_settings, &setAside);
        QVERIFY2(started.isOk(), qPrintable(started.message()));
        // The emptied file is moved aside, not deleted.
        QVERIFY(setAside.startsWith(QFileInfo(file).absoluteFilePath() + u".set-aside-"_qs));
        QVERIFY(QFile::exists(setAside));
        QVERIFY(!QFile::exists(file));

        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QVERIFY(workers(db) > 0);
        QVERIFY(LocalDatabaseMarker(*m_settings).wasUsed(file));
    }

    void refusesADamagedFileAndLeavesItAlone()
    {
        const QString file = usedDemoFile(u"damaged.sqlite"_qs);
        QVERIFY(!file.isEmpty());
        qint64 pageSize = 0;
        {
            Database db;
            QVERIFY(SessionOpener::openLocal(db, file, *m_settings).isOk());
            pageSize = db.scalar(u"PRAGMA page_size"_qs).toLongLong();
            QVERIFY(db.scalar(u"PRAGMA page_count"_qs).toLongLong() > 20);
        }
        QVERIFY(damagePage(file, 10, pageSize));
        const QByteArray before = checksum(file);

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::DatabaseDamaged);
        QVERIFY(!db.isOpen());
        QVERIFY2(opened.message().contains(native(file)), qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"is damaged"_qs), qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"Nothing in it has been changed"_qs),
                 qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"from a backup"_qs), qPrintable(opened.message()));
        QCOMPARE(checksum(file), before);
        QVERIFY(!QFile::exists(file + u"-wal"_qs));
    }

    void refusesAFileWhoseFirstPageIsDamaged()
    {
        const QString file = path(u"notadatabase.sqlite"_qs);
        QVERIFY(QFile::copy(m_demo, file));
        QVERIFY(damagePage(file, 1, 4096));
        const QByteArray before = checksum(file);
        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::DatabaseDamaged);
        QVERIFY2(opened.message().contains(u"is damaged"_qs), qPrintable(opened.message()));
        QCOMPARE(checksum(file), before);
    }

    void answersThatCannotBeReadAreNotShownAsBlank()
    {
        const QString file = path(u"answers.sqlite"_qs);
        QVERIFY(QFile::copy(m_demo, file));
        qint64 stepId = 0;
        qint64 rootPage = 0;
        qint64 pageSize = 0;
        {
            Database db;
            QVERIFY(SessionOpener::openLocal(db, file, *m_settings).isOk());
            stepId = db.scalar(u"SELECT step_id FROM form_answers ORDER BY step_id LIMIT 1"_qs)
                         .toLongLong();
            rootPage = db.scalar(u"SELECT rootpage FROM sqlite_master WHERE name = ?"_qs,
                                 {u"form_answers"_qs})
                           .toLongLong();
            pageSize = db.scalar(u"PRAGMA page_size"_qs).toLongLong();
            WorkflowEngine engine(db, DefinitionRegistry::shared());
            Status status = Status::failure(u"not set"_qs);
            QVERIFY(!engine.answerValues(stepId, &status).isEmpty());
            QVERIFY(status.isOk());
        }
        QVERIFY(stepId > 0 && rootPage > 1);
        // Damaged after sign-in's check: opened without it, as a session already open would be.
        QVERIFY(damagePage(file, rootPage, pageSize));
        Database db;
        ConnectionSettings settings;
        settings.sqlitePath = file;
        QVERIFY(db.open(settings).isOk());
        WorkflowEngine engine(db, DefinitionRegistry::shared());
        Status status;
        const AnswerValues values = engine.answerValues(stepId, &status);
        QVERIFY(values.isEmpty());
        QVERIFY(!status.isOk());
        QCOMPARE(status.code(), Status::Code::DatabaseDamaged);
        QVERIFY2(status.message().contains(u"could not read the answers"_qs),
                 qPrintable(status.message()));
    }

    void keepsACopyBeforeUpgrading()
    {
        const QString file = path(u"upgrade/casedesk.sqlite"_qs);
        QVERIFY(makeOldVersionFile(file, 6));
        const QString copy = file + u".before-v6.bak"_qs;
        QCOMPARE(Migrator::copyBeforeUpgradePath(file, 6), copy);
        // An older copy of the same name is replaced.
        {
            QFile stale(copy);
            QVERIFY(stale.open(QIODevice::WriteOnly));
            stale.write("a copy from an earlier upgrade");
        }

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QVERIFY2(opened.isOk(), qPrintable(opened.message()));
        QCOMPARE(Migrator(db).currentVersion(), Migrator(db).requiredVersion());
        db.close();

        QVERIFY(QFile::exists(copy));
        QVERIFY(!QFile::exists(copy + u".partial"_qs));
        QCOMPARE(Migrator::latestCopyBeforeUpgrade(file), copy);
        const QString opened6 = path(u"upgrade/reading-the-copy.sqlite"_qs);
        QVERIFY(QFile::copy(copy, opened6)); // read a copy of the copy: opening sets WAL mode
        Database old;
        ConnectionSettings settings;
        settings.sqlitePath = opened6;
        QVERIFY(old.open(settings).isOk());
        QCOMPARE(Migrator(old).currentVersion(), 6);
        QCOMPARE(old.scalar(u"SELECT count(*) FROM teams WHERE name = ?"_qs,
                            {u"Team from before the upgrade"_qs})
                     .toInt(),
                 1);
    }

    void doesNotUpgradeWithoutTheCopy()
    {
        const QString file = path(u"nocopy/casedesk.sqlite"_qs);
        QVERIFY(makeOldVersionFile(file, 6));
        // Something in the way of the copy's name that cannot be replaced.
        QVERIFY(QDir().mkpath(file + u".before-v6.bak"_qs));

        Database db;
        const Status opened = SessionOpener::openLocal(db, file, *m_settings);
        QCOMPARE(opened.code(), Status::Code::NotAllowed);
        QVERIFY(!db.isOpen());
        QVERIFY2(opened.message().contains(u"could not first keep a copy"_qs),
                 qPrintable(opened.message()));
        QVERIFY2(opened.message().contains(u"nothing was changed"_qs),
                 qPrintable(opened.message()));
        QVERIFY(!QFile::exists(file + u".before-v6.bak.partial"_qs));
        QCOMPARE(versionOf(file), 6);
    }

    void measuresTheQuickCheck()
    {
        // Not a pass/fail figure: the cost added to every local sign-in, for the record.
        const QString file = path(u"timing.sqlite"_qs);
        QVERIFY(QFile::copy(m_demo, file));
        Database db;
        ConnectionSettings settings;
        settings.sqlitePath = file;
        QVERIFY(db.open(settings).isOk());
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(db.scalar(u"PRAGMA quick_check(1)"_qs).toString(), u"ok"_qs);
        const qint64 first = timer.nsecsElapsed();
        timer.restart();
        const int runs = 20;
        for (int i = 0; i < runs; ++i)
            db.scalar(u"PRAGMA quick_check(1)"_qs);
        qInfo("quick_check on the demo database (%lld KiB, %lld pages): first %.2f ms, then "
              "%.2f ms on average",
              QFileInfo(file).size() / 1024, db.scalar(u"PRAGMA page_count"_qs).toLongLong(),
              first / 1e6, timer.nsecsElapsed() / 1e6 / runs);
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedDatabase)
#include "tst_embeddeddatabase.moc"
