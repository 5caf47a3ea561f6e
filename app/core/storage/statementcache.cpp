#include "statementcache.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>
#include <QSqlResult>

namespace casedesk {

namespace {

// The rows of one execution, held in memory: what QSqlQuery needs to be read like any other.
class BufferedResult : public QSqlResult
{
public:
    explicit BufferedResult(const QSqlQuery &executed)
        : QSqlResult(executed.driver()), m_record(executed.record()),
          m_rowsAffected(executed.numRowsAffected())
    {
        setQuery(executed.lastQuery());
        setSelect(executed.isSelect());
        setLastError(executed.lastError());
        setActive(executed.isActive());
        setAt(QSql::BeforeFirstRow);
    }

    void take(QSqlQuery &executed)
    {
        const int columns = m_record.count();
        while (executed.next()) {
            QVariantList row;
            row.reserve(columns);
            for (int column = 0; column < columns; ++column)
                row << executed.value(column);
            m_rows << row;
        }
    }

protected:
    QVariant data(int column) override { return m_rows.value(at()).value(column); }
    bool isNull(int column) override { return data(column).isNull(); }
    bool reset(const QString &) override { return false; }
    bool fetch(int row) override
    {
        if (row < 0 || row >= m_rows.size())
            return false;
        setAt(row);
        return true;
    }
    bool fetchFirst() override { return fetch(0); }
    bool fetchLast() override { return fetch(int(m_rows.size()) - 1); }
    int size() override { return isSelect() ? int(m_rows.size()) : -1; }
    int numRowsAffected() override { return m_rowsAffected; }
    QSqlRecord record() const override { return m_record; }
    // Not asked of QPSQL: it would send "SELECT lastval()", a round trip that fails (and aborts
    // the transaction) when no sequence was used. CaseDesk reads new ids with RETURNING.
    QVariant lastInsertId() const override { return QVariant(); }

private:
    QSqlRecord m_record;
    QList<QVariantList> m_rows;
    int m_rowsAffected;
};

} // namespace

QSqlQuery StatementCache::exec(const QSqlDatabase &connection, const QString &sql,
                               const QVariantList &values)
{
    auto found = m_statements.find(sql);
    if (found == m_statements.end()) {
        if (int(m_statements.size()) >= m_capacity)
            m_statements.clear(); // rare: a session uses far fewer distinct statements
        auto statement = std::make_unique<QSqlQuery>(connection);
        // Not forward-only: QPSQL would stream rows in single-row mode otherwise.
        if (!statement->prepare(sql))
            return std::move(*statement); // holds the error
        found = m_statements.emplace(sql, std::move(statement)).first;
    }
    QSqlQuery &statement = *found->second;
    for (int i = 0; i < values.size(); ++i)
        statement.bindValue(i, values.at(i));
    const bool ok = statement.exec();
    auto *buffered = new BufferedResult(statement);
    if (ok)
        buffered->take(statement);
    statement.finish();
    if (!ok)
        m_statements.erase(found); // the connection may be gone; prepare afresh next time
    return QSqlQuery(buffered);
}

} // namespace casedesk
