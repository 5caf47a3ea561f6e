#pragma once

#include "domain/status.h"
#include "storage/connectionsettings.h"

#include <QCommandLineParser>
#include <QString>

namespace casedesk::bench {

// Where a benchmark database lives, from the command line:
//   --backend postgres|sqlite   (default postgres)
//   --sqlite FILE               the SQLite file (default casedesk-bench.sqlite)
//   --database NAME             the PostgreSQL database (default casedesk_bench)
// The PostgreSQL server is the one tests/harness/with-postgres.sh started
// (CASEDESK_TEST_PGHOST/_PGPORT/_PGUSER), else libpq's PGHOST/PGPORT/PGUSER.
void addConnectionOptions(QCommandLineParser &parser);
ConnectionSettings connectionFrom(const QCommandLineParser &parser);

bool isPostgres(const ConnectionSettings &settings);
// "PostgreSQL" or "SQLite".
QString backendName(const ConnectionSettings &settings);

// The same server and database, signed in as `userName` (a worker's own login role).
ConnectionSettings asLogin(const ConnectionSettings &settings, const QString &userName);

// Drops and creates the PostgreSQL database, or removes the SQLite file: a fresh start.
Status recreate(const ConnectionSettings &settings);

} // namespace casedesk::bench
