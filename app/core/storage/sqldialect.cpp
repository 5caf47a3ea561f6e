#include "sqldialect.h"

namespace casedesk {

std::unique_ptr<SqlDialect> SqlDialect::create(ConnectionSettings::Backend backend)
{
    if (backend == ConnectionSettings::Backend::Postgres)
        return std::make_unique<PostgresDialect>();
    return std::make_unique<SqliteDialect>();
}

QString SqlDialect::expand(const QString &sql) const
{
    QString result = sql;
    result.replace(QStringLiteral("{{id}}"), autoIdColumn());
    result.replace(QStringLiteral("{{timestamp}}"), timestampType());
    result.replace(QStringLiteral("{{now}}"), nowExpression());
    result.replace(QStringLiteral("{{bool}}"), booleanType());
    result.replace(QStringLiteral("{{true}}"), trueLiteral());
    result.replace(QStringLiteral("{{false}}"), falseLiteral());
    return result;
}

} // namespace casedesk
