#include "benchconnection.h"

#include "storage/database.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace casedesk::bench {

namespace {

QString firstSet(const char *preferred, const char *fallback, const QString &otherwise)
{
    for (const char *name : {preferred, fallback}) {
        const QString value = qEnvironmentVariable(name);
        if (!value.isEmpty())
            return value;
    }
    return otherwise;
}

bool isPlainName(const QString &name)
{
    static const QString allowed = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789_");
    if (name.isEmpty() || name.size() > 63 || !name.at(0).isLower())
        return false;
    for (QChar c : name)
        if (!allowed.contains(c))
            return false;
    return true;
}

} // namespace

void addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("backend"), QStringLiteral("postgres or sqlite."),
                      QStringLiteral("backend"), QStringLiteral("postgres")});
    parser.addOption({QStringLiteral("sqlite"), QStringLiteral("The SQLite file."),
                      QStringLiteral("file"), QStringLiteral("casedesk-bench.sqlite")});
    parser.addOption({QStringLiteral("database"), QStringLiteral("The PostgreSQL database."),
                      QStringLiteral("name"), QStringLiteral("casedesk_bench")});
}

ConnectionSettings connectionFrom(const QCommandLineParser &parser)
{
    ConnectionSettings settings;
    if (parser.value(QStringLiteral("backend")) == QLatin1String("sqlite")) {
        settings.backend = ConnectionSettings::Backend::Sqlite;
        settings.sqlitePath = parser.value(QStringLiteral("sqlite"));
        return settings;
    }
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host =
        firstSet("CASEDESK_TEST_PGHOST", "PGHOST", QStringLiteral("/var/run/postgresql"));
    settings.port = firstSet("CASEDESK_TEST_PGPORT", "PGPORT", QStringLiteral("5432")).toInt();
    settings.userName = firstSet("CASEDESK_TEST_PGUSER", "PGUSER", QStringLiteral("postgres"));
    settings.databaseName = parser.value(QStringLiteral("database"));
    settings.sslMode = QStringLiteral("disable");
    settings.applicationName = QStringLiteral("casedesk-bench");
    return settings;
}

bool isPostgres(const ConnectionSettings &settings)
{
    return settings.backend == ConnectionSettings::Backend::Postgres;
}

QString backendName(const ConnectionSettings &settings)
{
    return isPostgres(settings) ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite");
}

ConnectionSettings asLogin(const ConnectionSettings &settings, const QString &userName)
{
    ConnectionSettings login = settings;
    login.userName = userName;
    return login;
}

Status recreate(const ConnectionSettings &settings)
{
    if (!isPostgres(settings)) {
        if (QFile::exists(settings.sqlitePath) && !QFile::remove(settings.sqlitePath))
            return Status::failure(QStringLiteral("cannot remove ") + settings.sqlitePath);
        return Status::ok();
    }
    if (!isPlainName(settings.databaseName))
        return Status::failure(QStringLiteral("--database must be a plain lower-case name"));
    ConnectionSettings server = settings;
    server.databaseName = QStringLiteral("postgres");
    Database admin;
    if (Status opened = admin.open(server); !opened)
        return opened;
    // DROP/CREATE DATABASE cannot be prepared; the name was checked above.
    QSqlQuery query(admin.connection());
    const QStringList statements{QStringLiteral("DROP DATABASE IF EXISTS ") +
                                     settings.databaseName + QStringLiteral(" WITH (FORCE)"),
                                 QStringLiteral("CREATE DATABASE ") + settings.databaseName};
    for (const QString &sql : statements) {
        if (!query.exec(sql))
            return Status::failure(sql + QStringLiteral(": ") + query.lastError().text());
    }
    return Status::ok();
}

} // namespace casedesk::bench
