#include "testdatabase.h"

#include "storage/migrator.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace casedesk::test {

TestDatabase::TestDatabase() = default;
TestDatabase::~TestDatabase() = default;

bool TestDatabase::wantsPostgres()
{
    return qEnvironmentVariable("CASEDESK_TEST_BACKEND") == QLatin1String("postgres");
}

ConnectionSettings TestDatabase::postgresServer(const QString &databaseName)
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host = qEnvironmentVariable("CASEDESK_TEST_PGHOST");
    settings.port = qEnvironmentVariableIntValue("CASEDESK_TEST_PGPORT");
    settings.userName = qEnvironmentVariable("CASEDESK_TEST_PGUSER");
    settings.databaseName = databaseName;
    settings.sslMode = QStringLiteral("disable");
    return settings;
}

ConnectionSettings TestDatabase::postgresTcp(const QString &databaseName, const QString &userName)
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host = QStringLiteral("localhost"); // the name on the harness's server certificate
    settings.port = qEnvironmentVariableIntValue("CASEDESK_TEST_PGTCPPORT");
    settings.userName = userName;
    settings.databaseName = databaseName;
    settings.sslMode = QStringLiteral("verify-full");
    settings.sslRootCertificate = qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT");
    settings.channelBinding = QStringLiteral("require");
    return settings;
}

bool TestDatabase::hasTcp()
{
    return qEnvironmentVariableIntValue("CASEDESK_TEST_PGTCPPORT") > 0 &&
           !qEnvironmentVariable("CASEDESK_TEST_PGSSLROOTCERT").isEmpty();
}

ConnectionSettings TestDatabase::postgresServerThrough(const LinkSimulator &link,
                                                       const QString &databaseName)
{
    ConnectionSettings settings = postgresServer(databaseName);
    settings.host = LinkSimulator::host();
    settings.port = link.port();
    return settings;
}

bool TestDatabase::create(QString *error)
{
    if (!wantsPostgres()) {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("cannot create a temporary directory");
            return false;
        }
        m_settings.backend = ConnectionSettings::Backend::Sqlite;
        m_settings.sqlitePath = m_dir.filePath(QStringLiteral("casedesk.sqlite"));
    } else {
        if (qEnvironmentVariable("CASEDESK_TEST_PGHOST").isEmpty()) {
            *error =
                QStringLiteral("This is a PostgreSQL test: run it through tools/test.sh, which "
                               "starts the test server (CASEDESK_TEST_PGHOST is not set).");
            return false;
        }
        const QString name =
            QStringLiteral("casedesk_test_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
        Database admin;
        const Status opened = admin.open(postgresServer());
        if (!opened) {
            *error = QStringLiteral("cannot reach the test PostgreSQL server: ") + opened.message();
            return false;
        }
        // CREATE DATABASE takes no bound parameters, and PostgreSQL cannot PREPARE it, so it is
        // run as plain text (which Database::exec never does); the name is generated here.
        QSqlQuery createQuery(admin.connection());
        if (!createQuery.exec(QStringLiteral("CREATE DATABASE ") + name)) {
            *error = QStringLiteral("cannot create the test database: ") +
                     createQuery.lastError().text();
            return false;
        }
        m_settings = postgresServer(name);
    }
    const Status opened = m_db.open(m_settings);
    if (!opened) {
        *error = opened.message();
        return false;
    }
    Migrator migrator(m_db);
    const Status migrated = migrator.upgrade();
    if (!migrated) {
        *error = migrated.message();
        return false;
    }
    return true;
}

bool TestDatabase::controlServer(const QStringList &pgCtlArguments)
{
    const QString pgCtl = qEnvironmentVariable("CASEDESK_TEST_PGBIN") + QStringLiteral("/pg_ctl");
    const QString account = qEnvironmentVariable("CASEDESK_TEST_PGACCOUNT");
    QStringList command{pgCtl,
                        QStringLiteral("-D"),
                        qEnvironmentVariable("CASEDESK_TEST_PGDATA"),
                        QStringLiteral("-w"),
                        QStringLiteral("-t"),
                        QStringLiteral("60")};
    command += pgCtlArguments;
    if (!account.isEmpty())
        command = QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), account,
                              QStringLiteral("--")} +
                  command;
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(command.takeFirst(), command);
    return process.waitForFinished(90000) && process.exitCode() == 0;
}

} // namespace casedesk::test
