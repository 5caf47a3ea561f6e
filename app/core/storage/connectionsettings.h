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
    // disable, allow, prefer, require, verify-ca, verify-full. A new server connection checks
    // the server's certificate and name (verify-full); what a worker chose is kept with the
    // connection (ConnectionStore).
    QString sslMode = QStringLiteral("verify-full");
    QString sslRootCertificate; // CA file for verify-ca / verify-full (else ~/.postgresql/root.crt)
    // Over TLS (sslmode require and stricter) the SCRAM exchange is bound to the TLS channel
    // (SCRAM-SHA-256-PLUS), so a man in the middle holding a certificate the client trusts still
    // cannot relay the sign-in. "require" unless the server signs in by other means than SCRAM;
    // "prefer" then. Not sent without TLS, where no channel exists to bind to.
    QString channelBinding = QStringLiteral("require");
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
    // Whether sslmode makes TLS certain (require, verify-ca, verify-full).
    bool requiresTls() const;

    // The key a password is remembered under in the keychain: one per server and user.
    QString keychainKey() const
    {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(userName, host, QString::number(port), databaseName);
    }
};

} // namespace casedesk
