#pragma once

#include "connectionsettings.h"
#include "domain/status.h"
#include "sqldialect.h"
#include "statementcache.h"

#include <QCoreApplication>
#include <QFuture>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>
#include <memory>

namespace casedesk {

// One open connection to the CaseDesk database, either backend. Owns its Qt Sql connection name.
// Every statement goes through prepare() with bound values: no SQL is ever built from user text.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Database)

public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens the connection; on failure the Status says, in the user's words, what went wrong.
    Status open(const ConnectionSettings &settings, const QString &password = QString());
    // Where and as whom to connect, without connecting: the GUI thread's handle of a session whose
    // connections live on other threads (DatabaseThread, the listener). Statements on it fail.
    void aimAt(const ConnectionSettings &settings, const QString &password);
    void close();
    bool isOpen() const;
    // Forgets prepared statements (after the schema changed under this connection).
    void forgetPreparedStatements() { m_statements.clear(); }
    // Whether the server still answers (a dropped PostgreSQL connection is only found by asking).
    bool ping() const;
    // Opens the connection again with the same settings and password, after it dropped.
    Status reopen();
    // Whether the server accepts a connection now and holds a database of this CaseDesk's schema
    // (ok, or why not: unreachable, SchemaTooOld/New, ...), tried with a throwaway connection on a
    // pool thread so that the caller never waits on a link that is down (connect_timeout a try).
    QFuture<Status> probe() const;

    const ConnectionSettings &settings() const { return m_settings; }
    // Kept in memory only, for the session's other connections and reconnects.
    const QString &password() const { return m_password; }
    const SqlDialect &dialect() const { return *m_dialect; }
    QSqlDatabase connection() const;
    QString connectionName() const { return m_connectionName; }

    // Prepares `sql` and binds `values` positionally (? placeholders).
    QSqlQuery prepare(const QString &sql, const QVariantList &values = {}) const;
    // Prepares, binds and executes; returns the query positioned before the first row. On
    // PostgreSQL the rows are already read (one round trip; prepared statements are reused).
    // On failure `error` (if given) receives the driver's message.
    QSqlQuery exec(const QString &sql, const QVariantList &values = {},
                   QString *error = nullptr) const;
    // Runs an INSERT ... RETURNING id and gives the new id, or -1 on failure.
    qint64 insert(const QString &sql, const QVariantList &values, QString *error = nullptr) const;
    // First column of the first row, or an invalid QVariant.
    QVariant scalar(const QString &sql, const QVariantList &values = {}) const;

    bool beginTransaction();
    bool commit();
    void rollback();

    // The field (Status::field()) of a refusal that choosing another CA certificate file may cure.
    static const QString CaFileField;

    // Whether an SQLite error says the file is damaged or is not a database at all.
    static bool isDamage(const QSqlError &error);

private:
    // How long one request may wait for the server before the connection is declared lost.
    int deadlineMs() const;
    static Status classifyOpenError(const QSqlError &error, const ConnectionSettings &settings);
    // TLS, certificate and channel-binding refusals in the user's words; ok() for any other.
    static Status classifyTransportError(const QString &text, const ConnectionSettings &settings,
                                         const QString &where);

    QString m_connectionName;
    ConnectionSettings m_settings;
    QString m_password; // kept in memory only, to reconnect after the server comes back
    std::unique_ptr<SqlDialect> m_dialect;
    // PostgreSQL: one round trip a statement (see StatementCache). Mutable: a cache, not state.
    mutable StatementCache m_statements;
};

// Rolls back unless commit() was called: every multi-row write is all or nothing.
class Transaction
{
public:
    explicit Transaction(Database &db) : m_db(db), m_active(db.beginTransaction()) {}
    ~Transaction()
    {
        if (m_active)
            m_db.rollback();
    }
    bool isActive() const { return m_active; }
    bool commit()
    {
        if (!m_active)
            return false;
        m_active = false;
        return m_db.commit();
    }

private:
    Database &m_db;
    bool m_active;
};

} // namespace casedesk
