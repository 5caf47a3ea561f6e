#pragma once

#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <map>
#include <memory>

namespace casedesk {

// Runs statements on one PostgreSQL connection in one round trip each.
//
// Qt's QPSQL driver prepares on the server (PREPARE), executes (EXECUTE) and, when the QSqlQuery
// goes, deallocates (DEALLOCATE): three round trips for every statement, 240 ms over an 80 ms
// link. Here each distinct SQL text is prepared once per connection and kept, and its rows are
// copied out at once into a QSqlQuery of their own (a buffered result), so the prepared statement
// is free again for the next caller, nested queries included. Values stay bound, never spliced.
class StatementCache
{
public:
    explicit StatementCache(int capacity = 256) : m_capacity(capacity) {}
    StatementCache(const StatementCache &) = delete;
    StatementCache &operator=(const StatementCache &) = delete;

    // Executes `sql` with `values` on `connection`; the returned query holds every row (or the
    // error) and needs nothing more from the server.
    QSqlQuery exec(const QSqlDatabase &connection, const QString &sql, const QVariantList &values);
    // Forgets every prepared statement: before the connection closes or after the schema changed.
    void clear() { m_statements.clear(); }
    int size() const { return int(m_statements.size()); }

private:
    int m_capacity;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

} // namespace casedesk
