#pragma once

#include <QString>

namespace casedesk {

class Database;

// Names on the PostgreSQL server: each worker signs in as their own login role, named as
// workers.username; each CaseDesk role code has a group role casedesk_<code>; every worker is a
// member of casedesk_user. Role names cannot be bound as parameters, so they are validated here
// and quoted by the server's quote_ident before they go into SQL.
namespace security {

inline const QString UserGroupRole = QStringLiteral("casedesk_user");

// ^[a-z][a-z0-9._-]{1,62}$, and not a name PostgreSQL or CaseDesk reserves (postgres, public,
// pg_*, casedesk_*, ...). On failure `why` says what is wrong, in an administrator's words.
bool isValidUsername(const QString &username, QString *why = nullptr);
// A role code from forms/roles.json: ^[a-z][a-z0-9_]{0,50}$.
bool isValidRoleCode(const QString &code);
// casedesk_social_worker for social_worker; empty for an invalid code.
QString groupRoleName(const QString &roleCode);
// The name quoted for SQL by the server's quote_ident ("sam.jones"). `name` must have been
// validated as well.
QString quoteIdentifier(const Database &db, const QString &name);
// Runs a statement PostgreSQL cannot prepare (CREATE ROLE, GRANT, ...) as plain text. Only for
// SQL built from constants and validated, quoted identifiers.
bool execUtility(const Database &db, const QString &sql, QString *error = nullptr);
// QPSQL binds a null QString as SQL NULL; text columns are NOT NULL DEFAULT ''.
inline QString nonNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

} // namespace security
} // namespace casedesk
