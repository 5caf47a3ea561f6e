#include "identifiers.h"

#include "storage/database.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace casedesk::security {

bool isValidUsername(const QString &username, QString *why)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9._-]{1,62}$"));
    auto refuse = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (!pattern.match(username).hasMatch())
        return refuse(
            QStringLiteral(
                "\"%1\" is not a valid user name: use 2 to 63 characters, lower-case letters, "
                "digits, '.', '_' or '-', starting with a letter.")
                .arg(username));
    static const QStringList reserved{
        QStringLiteral("postgres"),     QStringLiteral("public"),
        QStringLiteral("none"),         QStringLiteral("current_user"),
        QStringLiteral("session_user"), QStringLiteral("current_role"),
        QStringLiteral("all"),
    };
    if (reserved.contains(username) || username.startsWith(QLatin1String("pg_")) ||
        username.startsWith(QLatin1String("casedesk_")))
        return refuse(QStringLiteral("\"%1\" is reserved for the database server or CaseDesk's own "
                                     "roles; choose another user name.")
                          .arg(username));
    return true;
}

bool isValidRoleCode(const QString &code)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{0,50}$"));
    return pattern.match(code).hasMatch();
}

QString groupRoleName(const QString &roleCode)
{
    return isValidRoleCode(roleCode) ? QString(QStringLiteral("casedesk_") + roleCode) : QString();
}

QString quoteIdentifier(const Database &db, const QString &name)
{
    // Not QSqlDriver::escapeIdentifier: QPSQL's reads "sam.jones" as schema "sam", table
    // "jones" and gives "sam"."jones". The server's quote_ident, with the name bound, quotes it
    // as one identifier; a name the server cannot quote (no connection) gives "".
    const QString quoted = db.scalar(QStringLiteral("SELECT quote_ident(?)"), {name}).toString();
    if (quoted.isEmpty())
        return QStringLiteral("\"\"");
    return quoted;
}

bool execUtility(const Database &db, const QString &sql, QString *error)
{
    QSqlQuery query(db.connection());
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

} // namespace casedesk::security
