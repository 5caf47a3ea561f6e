#pragma once

#include "authorityplan.h"
#include "definitions/definitionregistry.h"
#include "domain/status.h"
#include "storage/database.h"

#include <QHash>
#include <QTextStream>

namespace casedesk::bench {

// Fills a freshly migrated database with a whole authority (AuthorityScale): teams, workers with
// roles and virtual worker memberships, children with their parents, years of finished work with
// answers and requests, and today's open work in every workview and inbox.
//
// The bulk is written set-based, one INSERT ... SELECT per kind of row over a series of numbers
// (generate_series on PostgreSQL, a recursive CTE on SQLite), never row by row through the
// engine: the server's triggers and the rules are switched off for the load
// (session_replication_role = replica, as for a restore), so the rows must be valid by
// construction. Step types, forms and questions come from the definitions.
class AuthorityGenerator
{
public:
    AuthorityGenerator(Database &db, const DefinitionRegistry &definitions,
                       const AuthorityScale &scale, QTextStream &log);

    // Migrates an empty database as casedesk-admin upgrade does (PostgreSQL: rules synced,
    // privileges applied; SQLite: the schema and the virtual workers).
    Status prepareSchema();
    // Writes the authority; on PostgreSQL also a login role for every worker.
    Status generate();

    // Rows of each table afterwards, for the report.
    QList<QPair<QString, qint64>> tableSizes() const;

private:
    Status run(const QString &stage, const QString &sql);
    Status utility(const QString &sql);
    QString fill(QString sql) const;
    QString series(qint64 count) const;
    QString secondsAgo(const QString &seconds) const;
    QString dayFromToday(const QString &days) const;
    QString inOrder(const QString &column) const;
    QString boolean(bool value) const;

    Status createScratchTables();
    Status writeNames();
    Status writeWorkers();
    Status writeReferenceTables();
    Status writePeople();
    Status writeHistory();
    Status writeOpenWork();
    Status writeRequests();
    Status writeAnswers();
    Status writeEpisodes();
    Status createLogins();
    Status finish();

    Database &m_db;
    const DefinitionRegistry &m_definitions;
    AuthorityScale m_scale;
    QTextStream &m_log;
    QHash<QString, qint64> m_numbers;        // {name} tokens of the statements
    QHash<QString, qint64> m_virtualWorkers; // code -> id
    QStringList m_scratchTables;
};

} // namespace casedesk::bench
