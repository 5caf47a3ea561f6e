#pragma once

#include "linksimulator.h"
#include "storage/database.h"

#include <QTemporaryDir>
#include <memory>

namespace casedesk::test {

// A fresh, migrated database for one test, on the backend named by CASEDESK_TEST_BACKEND
// (sqlite by default). PostgreSQL tests use the server tools/test.sh started: its socket
// directory, port and superuser come from CASEDESK_TEST_PGHOST, _PGPORT and _PGUSER (the set-up
// connects there as superuser, trusted on the socket; workers' logins use postgresTcp()). Each
// TestDatabase gets a database of its own there.
class TestDatabase
{
public:
    TestDatabase();
    ~TestDatabase();

    // Creates and migrates; on failure returns false and sets `error`.
    bool create(QString *error);
    // create() with a QVERIFY-friendly failure message; never skips.
    Database &db() { return m_db; }
    ConnectionSettings settings() const { return m_settings; }
    bool isPostgres() const { return m_settings.backend == ConnectionSettings::Backend::Postgres; }

    static bool wantsPostgres();
    // Settings of the test server, connecting as its superuser to `databaseName`.
    static ConnectionSettings
    postgresServer(const QString &databaseName = QStringLiteral("postgres"));
    // The test server as a council's would be reached: over TCP to `localhost` on
    // CASEDESK_TEST_PGTCPPORT with TLS (sslmode verify-full against CASEDESK_TEST_PGSSLROOTCERT,
    // the harness's CA) and channel_binding=require; the server asks for a SCRAM password there.
    static ConnectionSettings postgresTcp(const QString &databaseName, const QString &userName);
    // Whether the harness's TLS listener is there (CASEDESK_TEST_PGTCPPORT and _PGSSLROOTCERT).
    static bool hasTcp();
    // The same, through `link` (over TCP to 127.0.0.1:link.port()); Database::open takes it.
    static ConnectionSettings
    postgresServerThrough(const LinkSimulator &link,
                          const QString &databaseName = QStringLiteral("postgres"));
    // Runs pg_ctl on the test server (as its account when started as root): {"stop", "-m",
    // "fast"} or {"start", "-l", log} — for tests of a server that goes away mid-session. Needs
    // the harness's CASEDESK_TEST_PGBIN and CASEDESK_TEST_PGDATA.
    static bool controlServer(const QStringList &pgCtlArguments);

private:
    QTemporaryDir m_dir;
    ConnectionSettings m_settings;
    Database m_db;
};

} // namespace casedesk::test

// Use in a test slot: creates the database or fails the test with the reason.
#define CASEDESK_TEST_DATABASE(name)                                                               \
    casedesk::test::TestDatabase name;                                                             \
    do {                                                                                           \
        QString createError_;                                                                      \
        QVERIFY2(name.create(&createError_), qPrintable(createError_));                            \
    } while (false)
