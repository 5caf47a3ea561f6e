#include "migrator.h"
#include "sqlscript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <filesystem>
#include <system_error>

namespace casedesk {

Migrator::Migrator(Database &db, const QString &directory) : m_db(db), m_directory(directory) {}

QList<Migrator::Migration> Migrator::migrations() const
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{3})_([a-z0-9_]+)(?:\\.(postgres|sqlite))?\\.sql$"));
    QMap<int, Migration> byVersion;
    const QStringList files =
        QDir(m_directory).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        const QString backendOnly = match.captured(3);
        Migration &migration = byVersion[match.captured(1).toInt()];
        migration.version = match.captured(1).toInt();
        migration.name = match.captured(2);
        if (backendOnly.isEmpty())
            migration.files.prepend(m_directory + QLatin1Char('/') + file);
        else if (backendOnly == m_db.dialect().migrationSuffix())
            migration.files.append(m_directory + QLatin1Char('/') + file);
    }
    return byVersion.values();
}

QList<Migrator::Migration> Migrator::repeatables() const
{
    static const QRegularExpression pattern(
        QStringLiteral("^R__([a-z0-9_]+)(?:\\.(postgres|sqlite))?\\.sql$"));
    QMap<QString, Migration> byName;
    const QStringList files =
        QDir(m_directory).entryList({QStringLiteral("R__*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch match = pattern.match(file);
        if (!match.hasMatch())
            continue;
        const QString backendOnly = match.captured(2);
        Migration &script = byName[match.captured(1)];
        script.name = match.captured(1);
        if (backendOnly.isEmpty())
            script.files.prepend(m_directory + QLatin1Char('/') + file);
        else if (backendOnly == m_db.dialect().migrationSuffix())
            script.files.append(m_directory + QLatin1Char('/') + file);
    }
    QList<Migration> result;
    for (const Migration &script : std::as_const(byName)) {
        if (!script.files.isEmpty())
            result << script;
    }
    return result;
}

int Migrator::requiredVersion() const
{
    const QList<Migration> all = migrations();
    return all.isEmpty() ? 0 : all.last().version;
}

int Migrator::currentVersion() const
{
    if (!m_db.connection().tables().contains(QStringLiteral("schema_version")))
        return 0;
    return m_db.scalar(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"))
        .toInt();
}

Status Migrator::checkCompatible() const
{
    const int current = currentVersion();
    const int required = requiredVersion();
    if (current < required)
        return Status::failure(
            tr("This database is at schema version %1 but this CaseDesk needs version %2. Ask your "
               "IT department to upgrade it with casedesk-admin upgrade.")
                .arg(current)
                .arg(required),
            Status::Code::SchemaTooOld);
    if (current > required)
        return Status::failure(
            tr("This database is at schema version %1, newer than this CaseDesk understands "
               "(version %2). Ask your IT department to install the current CaseDesk.")
                .arg(current)
                .arg(required),
            Status::Code::SchemaTooNew);
    return Status::ok();
}

QString Migrator::copyBeforeUpgradePath(const QString &file, int version)
{
    return QStringLiteral("%1.before-v%2.bak").arg(QFileInfo(file).absoluteFilePath()).arg(version);
}

QString Migrator::latestCopyBeforeUpgrade(const QString &file)
{
    const QFileInfo info(file);
    const QString prefix = info.fileName() + QStringLiteral(".before-v");
    static const QRegularExpression version(QStringLiteral("^(\\d+)\\.bak$"));
    int newest = -1;
    // Compared by hand rather than with a name filter: the file name may contain * or [.
    const QStringList names = info.absoluteDir().entryList(QDir::Files);
    for (const QString &name : names) {
        if (!name.startsWith(prefix))
            continue;
        const QRegularExpressionMatch match = version.match(name.mid(prefix.size()));
        if (match.hasMatch())
            newest = qMax(newest, match.captured(1).toInt());
    }
    return newest < 0 ? QString() : copyBeforeUpgradePath(file, newest);
}

Status Migrator::copyBeforeUpgrade(int version) const
{
    const QString file = QFileInfo(m_db.settings().sqlitePath).absoluteFilePath();
    const QString copy = copyBeforeUpgradePath(file, version);
    // VACUUM INTO writes only to a new file, so the copy is made beside its final name and then
    // put in place: an older copy of the same name is replaced only by a complete new one.
    const QString partial = copy + QStringLiteral(".partial");
    QFile::remove(partial); // left by an attempt that was interrupted
    QString error;
    m_db.exec(QStringLiteral("VACUUM INTO ?"), {partial}, &error);
    if (error.isEmpty()) {
        std::error_code renameError;
        std::filesystem::rename(QFileInfo(partial).filesystemAbsoluteFilePath(),
                                QFileInfo(copy).filesystemAbsoluteFilePath(), renameError);
        if (renameError)
            error = QString::fromStdString(renameError.message());
    }
    if (error.isEmpty())
        return Status::ok();
    QFile::remove(partial);
    return Status::failure(
        tr("CaseDesk needs to upgrade its data file %1, but could not first keep a copy of it as "
           "%2, so it has not upgraded it: nothing was changed. Check that there is free space on "
           "the disk and that the folder can be written to, then try again. (%3)")
            .arg(QDir::toNativeSeparators(file), QDir::toNativeSeparators(copy), error),
        Status::Code::NotAllowed);
}

Status Migrator::upgrade()
{
    const int current = currentVersion();
    if (current > requiredVersion())
        return checkCompatible();
    // A file CaseDesk has already used keeps a copy from before each upgrade, in case a
    // migration goes wrong; PostgreSQL databases are never upgraded from a client.
    if (current > 0 && current < requiredVersion() &&
        m_db.settings().backend == ConnectionSettings::Backend::Sqlite) {
        const Status copied = copyBeforeUpgrade(current);
        if (!copied)
            return copied;
    }
    for (const Migration &migration : migrations()) {
        if (migration.version <= current)
            continue;
        Transaction transaction(m_db);
        const Status ran = runScripts(migration.files);
        if (!ran)
            return ran;
        QString error;
        m_db.exec(QStringLiteral("INSERT INTO schema_version (version, name) VALUES (?, ?)"),
                  {migration.version, migration.name}, &error);
        if (!error.isEmpty())
            return Status::failure(
                tr("Could not record schema version %1: %2").arg(migration.version).arg(error));
        if (!transaction.commit())
            return Status::failure(tr("Could not commit migration %1.").arg(migration.version));
    }
    const Status repeated = applyRepeatables();
    // Statements prepared before the upgrade may describe tables as they were.
    m_db.forgetPreparedStatements();
    return repeated;
}

Status Migrator::runScripts(const QStringList &paths, QByteArray *checksum) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : paths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Status::failure(tr("Cannot read migration %1.").arg(path));
        const QByteArray text = file.readAll();
        hash.addData(text);
        if (checksum)
            continue; // only measuring
        const QString script = m_db.dialect().expand(QString::fromUtf8(text));
        for (const QString &statement : splitSqlStatements(script)) {
            QSqlQuery query(m_db.connection());
            if (!query.exec(statement))
                return Status::failure(tr("Migration %1 failed: %2\n%3")
                                           .arg(path, query.lastError().text(), statement));
        }
    }
    if (checksum)
        *checksum = hash.result().toHex();
    return Status::ok();
}

Status Migrator::applyRepeatables() const
{
    for (const Migration &script : repeatables()) {
        QByteArray checksum;
        const Status measured = runScripts(script.files, &checksum);
        if (!measured)
            return measured;
        const QString applied = m_db.scalar(QStringLiteral("SELECT checksum FROM "
                                                           "schema_repeatable WHERE name = ?"),
                                            {script.name})
                                    .toString();
        if (applied == QString::fromLatin1(checksum))
            continue;
        Transaction transaction(m_db);
        const Status ran = runScripts(script.files);
        if (!ran)
            return ran;
        QString error;
        m_db.exec(QStringLiteral("DELETE FROM schema_repeatable WHERE name = ?"), {script.name},
                  &error);
        if (error.isEmpty())
            m_db.exec(
                QStringLiteral("INSERT INTO schema_repeatable (name, checksum) VALUES (?, ?)"),
                {script.name, QString::fromLatin1(checksum)}, &error);
        if (!error.isEmpty())
            return Status::failure(
                tr("Could not record repeatable script %1: %2").arg(script.name, error));
        if (!transaction.commit())
            return Status::failure(tr("Could not commit repeatable script %1.").arg(script.name));
    }
    return Status::ok();
}

} // namespace casedesk
