#pragma once

#include <QString>

namespace casedesk {

// Where the data lives. SQLite is the embedded single-user default; PostgreSQL is the shared
// deployment for a whole authority.
struct ConnectionSettings
{
    enum class Backend
    {
        Sqlite,
        Postgres
    };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;

    QString host;
    int port = 5432;
    QString databaseName;
    QString userName;
    QString sslMode =
        QStringLiteral("prefer"); // disable, allow, prefer, require, verify-ca, verify-full
    QString sslRootCertificate;   // CA file for verify-ca / verify-full
    int connectTimeoutSeconds = 5;
    // Limits for interactive work, so a link or a query that stops answering never holds a worker
    // for long (0: no limit; casedesk-admin uses that for migrations and imports). The server
    // cancels a statement after statementTimeoutSeconds and ends a session left idle inside a
    // transaction; the client declares the connection lost when one request has waited
    // requestDeadlineSeconds (RequestWatchdog).
    int statementTimeoutSeconds = 10;
    int requestDeadlineSeconds = 15;
    QString applicationName = QStringLiteral("CaseDesk"); // shown in pg_stat_activity

    // libpq connection options for QSqlDatabase::setConnectOptions: timeouts, TCP keepalives,
    // application name and TLS settings.
    QString postgresConnectOptions() const;

    // The key a password is remembered under in the keychain: one per server and user.
    QString keychainKey() const
    {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(userName, host, QString::number(port), databaseName);
    }
};

} // namespace casedesk
