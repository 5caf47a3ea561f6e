#pragma once

#include <QStringList>

namespace casedesk {

// Splits a migration script into single statements (Qt Sql runs one per exec). Semicolons inside
// quotes, comments and PostgreSQL $$-quoted function bodies do not split.
QStringList splitSqlStatements(const QString &script);

} // namespace casedesk
