#include "database.h"

#include "migrator.h"
#include "requestwatchdog.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace casedesk {

Database::Database()
    : m_connectionName(QStringLiteral("casedesk-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_dialect(SqlDialect::create(ConnectionSettings::Backend::Sqlite))
{}

Database::~Database()
{
    close();
}

Status Database::open(const ConnectionSettings &settings, const QString &password)
{
    close();
    m_settings = settings;
    m_password = password;
    m_dialect = SqlDialect::create(settings.backend);

    if (!QSqlDatabase::isDriverAvailable(m_dialect->qtDriverName()))
        return Status::failure(tr("The %1 driver for Qt is not installed on this computer.")
                                   .arg(m_dialect->backendName()));

    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect->qtDriverName(), m_connectionName);
    if (settings.backend == ConnectionSettings::Backend::Sqlite) {
        const QFileInfo file(settings.sqlitePath);
        if (!QDir().mkpath(file.absolutePath()))
            return Status::failure(tr("CaseDesk cannot create its data folder %1. Check that the "
                                      "folder can be written to.")
                                       .arg(file.absolutePath()));
        if (file.exists() && !file.isWritable())
            return Status::failure(tr("CaseDesk cannot write to its database file %1. Check the "
                                      "file's permissions.")
                                       .arg(file.absoluteFilePath()));
        db.setDatabaseName(file.absoluteFilePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(settings.host);
        db.setPort(settings.port);
        db.setDatabaseName(settings.databaseName);
        db.setUserName(settings.userName);
        db.setPassword(password);
        db.setConnectOptions(settings.postgresConnectOptions());
    }

    if (!db.open()) {
        const Status status = classifyOpenError(db.lastError(), settings);
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
        return status;
    }
    if (settings.backend == ConnectionSettings::Backend::Sqlite) {
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        pragma.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        // A file we could open but not read (not a database, or unreadable) fails here.
        if (!pragma.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
            const QSqlError error = pragma.lastError();
            pragma = QSqlQuery();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return Status::failure(tr("CaseDesk cannot read its database file %1 (%2).")
                                       .arg(settings.sqlitePath, error.text()),
                                   isDamage(error) ? Status::Code::DatabaseDamaged
                                                   : Status::Code::Failed);
        }
    }
    return Status::ok();
}

bool Database::isDamage(const QSqlError &error)
{
    // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with or without an extended code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    return ok && (code == 11 || code == 26);
}

Status Database::classifyOpenError(const QSqlError &error, const ConnectionSettings &settings)
{
    const QString text = error.text();
    const QString where = QStringLiteral("%1:%2").arg(settings.host).arg(settings.port);
    if (settings.backend == ConnectionSettings::Backend::Postgres)
        if (Status transport = classifyTransportError(text, settings, where); !transport)
            return transport;
    if (text.contains(QLatin1String("password authentication failed")) ||
        text.contains(QLatin1String("no password supplied")) ||
        text.contains(QLatin1String("fe_sendauth")))
        return Status::failure(tr("The server at %1 did not accept the user name or password for "
                                  "%2. Check them and try again.")
                                   .arg(where, settings.userName),
                               Status::Code::WrongPassword);
    if (text.contains(QLatin1String("is not permitted to log in")))
        return Status::failure(tr("Your account %1 on the server at %2 is no longer allowed to "
                                  "sign in. Ask your IT department.")
                                   .arg(settings.userName, where),
                               Status::Code::NotAllowed);
    if (text.contains(QLatin1String("does not exist")) && text.contains(QLatin1String("database")))
        return Status::failure(
            tr("The server at %1 has no database called %2.").arg(where, settings.databaseName),
            Status::Code::ServerUnreachable);
    if (text.contains(QLatin1String("role")) && text.contains(QLatin1String("does not exist")))
        return Status::failure(tr("The server at %1 has no account for %2. Ask your IT department "
                                  "to add you to CaseDesk.")
                                   .arg(where, settings.userName),
                               Status::Code::WrongPassword);
    if (settings.backend == ConnectionSettings::Backend::Postgres)
        return Status::failure(tr("CaseDesk could not reach the database server at %1. Check the "
                                  "server name and port, and that you are on the council network. "
                                  "(%2)")
                                   .arg(where, error.databaseText().trimmed()),
                               Status::Code::ServerUnreachable);
    return Status::failure(tr("CaseDesk could not open its database: %1").arg(text));
}

const QString Database::CaFileField = QStringLiteral("sslrootcert");

Status Database::classifyTransportError(const QString &text, const ConnectionSettings &settings,
                                        const QString &where)
{
    // libpq's words (PostgreSQL 15), checked before anything else: a refused certificate must
    // never read as a wrong password or an unreachable server.
    const QString detail = text.simplified();
    const QString caFile =
        settings.sslRootCertificate.isEmpty() ? tr("none chosen") : settings.sslRootCertificate;
    if (text.contains(QLatin1String("root certificate file")) &&
        text.contains(QLatin1String("does not exist"))) {
        const QString message =
            !settings.sslRootCertificate.isEmpty()
                ? tr("CaseDesk could not find the CA certificate file %1. Choose the CA "
                     "certificate file your IT department gave you.")
                      .arg(settings.sslRootCertificate)
                : tr("CaseDesk checks that %1 is your council's server before it sends your "
                     "password, and needs the server's certificate authority (CA) file to do "
                     "so. Choose the CA certificate file your IT department gave you.")
                      .arg(where);
        return Status::failure(message, Status::Code::ServerNotVerified).onField(CaFileField);
    }
    if (text.contains(QLatin1String("could not read root certificate file")) ||
        text.contains(QLatin1String("could not load root certificate")))
        return Status::failure(tr("CaseDesk could not read the CA certificate file %1. Choose the "
                                  "CA certificate file your IT department gave you. (%2)")
                                   .arg(caFile, detail),
                               Status::Code::ServerNotVerified)
            .onField(CaFileField);
    if (text.contains(QLatin1String("does not match host name")))
        return Status::failure(
            tr("The server's certificate is not for the name %1, so CaseDesk cannot confirm it is "
               "your council's server and has not sent your password. Type the server name "
               "exactly as your IT department gave it. (%2)")
                .arg(settings.host, detail),
            Status::Code::ServerNotVerified);
    if (text.contains(QLatin1String("certificate verify failed"))) {
        const QString message =
            tr("CaseDesk could not confirm that %1 is your council's server: its certificate is "
               "not signed by the certificate authority in the CA file (%2), so your password "
               "was not sent. Choose the CA certificate file your IT department gave you, or ask "
               "them. (%3)")
                .arg(where, caFile, detail);
        return Status::failure(message, Status::Code::ServerNotVerified).onField(CaFileField);
    }
    if (text.contains(QLatin1String("server does not support SSL")))
        return Status::failure(tr("The server at %1 does not offer an encrypted connection, so "
                                  "CaseDesk has not sent your password. Ask your IT department.")
                                   .arg(where),
                               Status::Code::ServerNotVerified);
    if (text.contains(QLatin1String("channel binding")))
        return Status::failure(
            tr("The server at %1 did not sign you in with a password exchange bound to the "
               "encrypted connection (SCRAM with channel binding), so CaseDesk stopped. Ask your "
               "IT department to sign CaseDesk's workers in with scram-sha-256 over hostssl. (%2)")
                .arg(where, detail),
            Status::Code::ServerNotVerified);
    if (text.contains(QLatin1String("no encryption")))
        return Status::failure(tr("The server at %1 accepts encrypted connections only: choose "
                                  "SSL mode verify-full (or require).")
                                   .arg(where),
                               Status::Code::ServerNotVerified);
    return Status::ok();
}

void Database::close()
{
    m_statements.clear(); // its queries hold the connection
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool Database::ping() const
{
    if (!isOpen())
        return false;
    QSqlQuery query(connection());
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, connection(), deadlineMs());
    return query.exec(QStringLiteral("SELECT 1"));
}

Status Database::reopen()
{
    const ConnectionSettings settings = m_settings;
    const QString password = m_password;
    return open(settings, password);
}

void Database::aimAt(const ConnectionSettings &settings, const QString &password)
{
    close();
    m_settings = settings;
    m_password = password;
    m_dialect = SqlDialect::create(settings.backend);
}

QFuture<Status> Database::probe() const
{
    if (m_settings.backend != ConnectionSettings::Backend::Postgres)
        return QtFuture::makeReadyFuture(Status::ok());
    return QtConcurrent::run([settings = m_settings, password = m_password] {
        Database trial; // its connection lives and dies in this pool thread
        const Status opened = trial.open(settings, password);
        return opened ? Migrator(trial).checkCompatible() : opened;
    });
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery Database::prepare(const QString &sql, const QVariantList &values) const
{
    QSqlQuery query(connection());
    // Not forward-only: QPSQL then streams rows in single-row mode, and a nested query on the
    // same connection (common in the engine) would discard the outer query's remaining rows.
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query;
}

QSqlQuery Database::exec(const QString &sql, const QVariantList &values, QString *error) const
{
    // Armed before prepare(): QPSQL sends PREPARE to the server there already.
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, connection(), deadlineMs());
    QSqlQuery query;
    if (m_settings.backend == ConnectionSettings::Backend::Postgres) {
        query = m_statements.exec(connection(), sql, values);
    } else {
        query = prepare(sql, values);
        query.exec();
    }
    if (!query.isActive()) {
        if (error)
            *error = query.lastError().text();
        qWarning("SQL failed: %s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    }
    return query;
}

qint64 Database::insert(const QString &sql, const QVariantList &values, QString *error) const
{
    QSqlQuery query = exec(sql, values, error);
    if (query.isActive() && query.next())
        return query.value(0).toLongLong();
    return -1;
}

QVariant Database::scalar(const QString &sql, const QVariantList &values) const
{
    QSqlQuery query = exec(sql, values);
    if (query.isActive() && query.next())
        return query.value(0);
    return QVariant();
}

bool Database::beginTransaction()
{
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, connection(), deadlineMs());
    return connection().transaction();
}

bool Database::commit()
{
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, connection(), deadlineMs());
    return connection().commit();
}

void Database::rollback()
{
    RequestWatchdog::Watch watch;
    RequestWatchdog::watch(watch, connection(), deadlineMs());
    connection().rollback();
}

int Database::deadlineMs() const
{
    return m_settings.backend == ConnectionSettings::Backend::Postgres
               ? m_settings.requestDeadlineSeconds * 1000
               : 0;
}

} // namespace casedesk
