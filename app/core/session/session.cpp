#include "session.h"

#include "calendar/bankholidaystore.h"
#include "demo/demoseeder.h"
#include "localdatabasemarker.h"
#include "storage/migrator.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QPromise>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace casedesk {

namespace {

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(LocalDatabaseMarker::normalisedPath(path));
}

// Local opens run one at a time, on a pool of their own. A page closed mid-load leaves its job
// running, and two jobs must not create, upgrade or fill the same file together; nor may a slow
// first start hold up the shared pool, where server sign-in and reconnect probes run.
QPointer<QThreadPool> &localOpenPoolHandle()
{
    static QPointer<QThreadPool> pool;
    return pool;
}

// A job still running as the application ends (its page closed mid-load) is waited for before
// Qt SQL closes the connections left open, its job's among them, under the job's feet.
void waitForLocalOpens()
{
    if (QThreadPool *pool = localOpenPoolHandle())
        pool->waitForDone();
}

QThreadPool *localOpenPool()
{
    QPointer<QThreadPool> &pool = localOpenPoolHandle();
    if (!pool) {
        pool = new QThreadPool(QCoreApplication::instance());
        pool->setMaxThreadCount(1);
        // Post routines run last registered first: Qt SQL's (made by drivers(), if not yet made)
        // then runs after this one.
        QSqlDatabase::drivers();
        qAddPostRoutine(waitForLocalOpens);
    }
    return pool;
}

} // namespace

Status SessionOpener::openLocal(Database &db, const QString &path, QSettings &settings,
                                bool seedDemo)
{
    LocalDatabaseMarker marker(settings);
    bool markUsed = false;
    const Status opened = openSqlite(db, path, marker.wasUsed(path), seedDemo, &markUsed);
    if (markUsed)
        marker.markUsed(path);
    return opened;
}

QFuture<SessionOpener::LocalOpened> SessionOpener::openLocalOffThread(const QString &path,
                                                                      bool used, bool seedDemo)
{
    return QtConcurrent::run(localOpenPool(), [path, used,
                                               seedDemo](QPromise<LocalOpened> &promise) {
        LocalOpened opened;
        {
            Database db; // its connection (a name of its own) lives and dies in this pool thread
            // The last stage is the range's maximum: Qt never holds that one back.
            promise.setProgressRange(0, 2);
            promise.setProgressValueAndText(1, openingText());
            opened.status = openSqlite(
                db, path, used, seedDemo, &opened.markUsed,
                [&promise](const QString &stage) { promise.setProgressValueAndText(2, stage); });
            if (opened.status) {
                opened.workers = WorkerDirectory(db).activeWorkers();
                opened.settings = db.settings();
                BankHolidayStore(db).useStoredCalendar();
            }
        }
        promise.addResult(opened);
    });
}

Status SessionOpener::openSqlite(Database &db, const QString &path, bool used, bool seedDemo,
                                 bool *markUsed, const std::function<void(const QString &)> &stage)
{
    *markUsed = false;
    const QFileInfo file(path);
    // Checked before opening: SQLite would create an empty file in its place.
    if (used && (!file.exists() || file.size() == 0))
        return missingFile(path);

    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Sqlite;
    settings.sqlitePath = path;
    const Status opened = db.open(settings);
    if (!opened) {
        if (opened.code() == Status::Code::DatabaseDamaged)
            return damagedFile(path, opened.message());
        return opened;
    }
    const Status checked = quickCheck(db, path);
    if (!checked) {
        db.close();
        return checked;
    }
    Migrator migrator(db);
    // A used file replaced by one with no CaseDesk data in it has lost the work just the same.
    if (used && migrator.currentVersion() == 0) {
        db.close();
        return missingFile(path);
    }
    const Status upgraded = migrator.upgrade();
    if (!upgraded) {
        db.close();
        if (upgraded.code() != Status::Code::Failed)
            return upgraded; // too new, or no copy could be kept: the message says it all
        return Status::failure(tr("CaseDesk could not prepare its database file %1. Check that "
                                  "the file and its folder can be written to. (%2)")
                                   .arg(path, upgraded.message()),
                               upgraded.code());
    }
    if (seedDemo) {
        if (stage && db.scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt() == 0)
            stage(seedingText());
        const Status seeded = DemoSeeder(db).seedIfEmpty();
        if (!seeded) {
            db.close();
            return seeded;
        }
    }
    if (!used && db.scalar(QStringLiteral("SELECT count(*) FROM workers")).toInt() > 0)
        *markUsed = true;
    return Status::ok();
}

Status SessionOpener::quickCheck(Database &db, const QString &path)
{
    // Reads every page of every table and index (not their contents against each other), so a
    // damaged page is found now, not as blank answers in a step later.
    QSqlQuery query(db.connection());
    QStringList problems;
    if (query.exec(QStringLiteral("PRAGMA quick_check(1)"))) {
        while (query.next()) {
            const QString line = query.value(0).toString();
            if (line != QLatin1String("ok"))
                problems << line.simplified();
        }
    }
    const QSqlError error = query.lastError();
    if (error.isValid() && !Database::isDamage(error))
        return Status::failure(
            tr("CaseDesk cannot read its database file %1 (%2).").arg(shown(path), error.text()));
    if (error.isValid())
        problems << error.text();
    if (!problems.isEmpty())
        return damagedFile(path, problems.join(QLatin1Char(' ')));
    return Status::ok();
}

Status SessionOpener::missingFile(const QString &path)
{
    const QString copy = Migrator::latestCopyBeforeUpgrade(path);
    if (copy.isEmpty())
        return Status::failure(
            tr("The data file %1, which CaseDesk has used on this computer, is missing or empty. "
               "CaseDesk has not made a new one in its place, so nothing more is lost. To get the "
               "work back, put a copy of the file from a backup in its place. Ask your IT "
               "department if you need help.")
                .arg(shown(path)),
            Status::Code::DatabaseMissing);
    return Status::failure(
        tr("The data file %1, which CaseDesk has used on this computer, is missing or empty. "
           "CaseDesk has not made a new one in its place, so nothing more is lost. To get the "
           "work back, put a copy of the file in its place: from a backup, or the copy CaseDesk "
           "kept before its last upgrade, %2. Ask your IT department if you need help.")
            .arg(shown(path), QDir::toNativeSeparators(copy)),
        Status::Code::DatabaseMissing);
}

Status SessionOpener::damagedFile(const QString &path, const QString &detail)
{
    const QString copy = Migrator::latestCopyBeforeUpgrade(path);
    if (copy.isEmpty())
        return Status::failure(
            tr("The data file %1 is damaged, so CaseDesk has not opened it. Nothing in it has been "
               "changed. To get the work back, put a good copy of the file from a backup in its "
               "place. Ask your IT department if you need help. (%2)")
                .arg(shown(path), detail),
            Status::Code::DatabaseDamaged);
    return Status::failure(
        tr("The data file %1 is damaged, so CaseDesk has not opened it. Nothing in it has been "
           "changed. To get the work back, put a good copy of the file in its place: from a "
           "backup, or the copy CaseDesk kept before its last upgrade, %2. Ask your IT department "
           "if you need help. (%3)")
            .arg(shown(path), QDir::toNativeSeparators(copy), detail),
        Status::Code::DatabaseDamaged);
}

Status SessionOpener::startAfresh(const QString &path, QSettings &settings, QString *setAside)
{
    if (setAside)
        setAside->clear();
    const QString file = LocalDatabaseMarker::normalisedPath(path);
    const QString stamped =
        file + QStringLiteral(".set-aside-") +
        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = stamped;
    for (int n = 2; QFile::exists(aside) || QFile::exists(aside + QStringLiteral("-wal")); ++n)
        aside = stamped + QStringLiteral("-%1").arg(n);

    // The main file first, then its WAL: a WAL left beside a new file could be replayed into it.
    QList<QPair<QString, QString>> moved;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (!QFile::exists(file + suffix))
            continue;
        if (!QFile::rename(file + suffix, aside + suffix)) {
            for (const auto &[from, to] : std::as_const(moved))
                QFile::rename(to, from);
            return Status::failure(tr("CaseDesk could not move the data file %1 aside to start "
                                      "again. Check that the folder can be written to.")
                                       .arg(QDir::toNativeSeparators(file + suffix)));
        }
        moved.append({file + suffix, aside + suffix});
    }
    if (setAside && QFile::exists(aside))
        *setAside = aside;
    LocalDatabaseMarker(settings).forget(file);
    return Status::ok();
}

Status SessionOpener::openShared(Database &db, const ConnectionSettings &settings,
                                 const QString &password)
{
    const Status opened = db.open(settings, password);
    if (!opened)
        return opened;
    const Status compatible = Migrator(db).checkCompatible();
    if (!compatible) {
        db.close();
        return compatible;
    }
    return Status::ok();
}

QFuture<SessionOpener::SignedIn> SessionOpener::signInToShared(const ConnectionSettings &settings,
                                                               const QString &password)
{
    return QtConcurrent::run([settings, password] {
        Database trial; // its connection lives and dies in this pool thread
        SignedIn signedIn{openShared(trial, settings, password), {}};
        if (signedIn.status)
            signedIn.status = findWorker(trial, settings.userName, &signedIn.worker);
        if (signedIn.status)
            BankHolidayStore(trial).useStoredCalendar(); // every client counts by one calendar
        return signedIn;
    });
}

Status SessionOpener::findWorker(const Database &db, const QString &username,
                                 WorkerIdentity *worker)
{
    *worker = WorkerDirectory(db).identityByUsername(username);
    if (!worker->isValid())
        return Status::failure(tr("You are signed in to the database as %1, but CaseDesk has no "
                                  "worker with that user name. Ask your IT department to add you.")
                                   .arg(username),
                               Status::Code::NotFound);
    if (worker->roles.isEmpty())
        return Status::failure(tr("Your CaseDesk account %1 has no roles yet. Ask your IT "
                                  "department to give you a role.")
                                   .arg(username),
                               Status::Code::NotAllowed);
    return Status::ok();
}

} // namespace casedesk
