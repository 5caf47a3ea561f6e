// The permission matrix (docs/permissions.md) against the server: every table, view and function
// of the schema is in it; each worker role's own login has exactly the privileges it lists (read
// from the catalogs); every forbidden operation, issued over that login, is refused and every
// permitted one is carried out; and the rules of 013_least_privilege.postgres.sql hold for the
// examples of issue 10 (panel agendas, panel cases, ending an episode, forged "who" columns).
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "security/identifiers.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// What a matrix row grants: SELECT, INSERT, DELETE; UPDATE on every column or on these.
struct Grant
{
    bool select = false;
    bool insert = false;
    bool updateAll = false;
    bool del = false;
    QStringList updateColumns;

    void add(const Grant &other)
    {
        select = select || other.select;
        insert = insert || other.insert;
        updateAll = updateAll || other.updateAll;
        del = del || other.del;
        for (const QString &column : other.updateColumns) {
            if (!updateColumns.contains(column))
                updateColumns << column;
        }
        updateColumns.sort();
    }
    bool mayUpdate(const QString &column) const
    {
        return updateAll || updateColumns.contains(column);
    }
    QString text() const
    {
        return QStringLiteral("SELECT %1, INSERT %2, UPDATE %3, DELETE %4")
            .arg(yesNo(select), yesNo(insert),
                 updateAll ? QStringLiteral("yes")
                 : updateColumns.isEmpty()
                     ? QStringLiteral("no")
                     : QLatin1Char('(') + updateColumns.join(QStringLiteral(", ")) +
                           QLatin1Char(')'),
                 yesNo(del));
    }
    static QString yesNo(bool value)
    {
        return value ? QStringLiteral("yes") : QStringLiteral("no");
    }
};

struct Matrix
{
    QMap<QString, QMap<QString, Grant>> tables; // object -> who (all, none, role code) -> grant
    QMap<QString, QStringList> functions;       // function -> who may execute (all, none, roles)
    QString error;

    Grant effective(const QString &table, const QString &role) const
    {
        Grant grant;
        const QMap<QString, Grant> rows = tables.value(table);
        for (auto row = rows.cbegin(); row != rows.cend(); ++row) {
            if (row.key() == QLatin1String("all") || row.key() == role)
                grant.add(row.value());
        }
        return grant;
    }
    bool mayExecute(const QString &function, const QString &role) const
    {
        const QStringList who = functions.value(function);
        return who.contains(QStringLiteral("all")) || who.contains(role);
    }
};

bool parseYesNo(const QString &cell, bool *value)
{
    if (cell == QLatin1String("yes") || cell == QLatin1String("no")) {
        *value = cell == QLatin1String("yes");
        return true;
    }
    return false;
}

Matrix readMatrix(const QStringList &roles)
{
    Matrix matrix;
    QFile file(QString::fromUtf8(CASEDESK_PERMISSIONS_DOC));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        matrix.error = QStringLiteral("cannot read ") + file.fileName();
        return matrix;
    }
    enum class Section
    {
        Other,
        Tables,
        Functions
    } section = Section::Other;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    QStringList problems;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("## ")))
            section = line.startsWith(QLatin1String("## Tables"))      ? Section::Tables
                      : line.startsWith(QLatin1String("## Functions")) ? Section::Functions
                                                                       : Section::Other;
        if (section == Section::Other || !line.startsWith(QLatin1String("| `")))
            continue;
        QStringList cells = line.split(QLatin1Char('|'));
        for (QString &cell : cells)
            cell = cell.trimmed();
        const QString name = cells.value(1).remove(QLatin1Char('`'));
        if (section == Section::Functions) {
            if (cells.size() != 5) {
                problems << QStringLiteral("function row: ") + line;
                continue;
            }
            QStringList who = cells.value(2).split(QLatin1Char(','));
            for (QString &one : who) {
                one = one.trimmed();
                if (one != QLatin1String("all") && one != QLatin1String("none") &&
                    !roles.contains(one))
                    problems << QStringLiteral("who may execute %1: \"%2\"").arg(name, one);
            }
            matrix.functions.insert(name, who);
            continue;
        }
        if (cells.size() != 9) {
            problems << QStringLiteral("table row: ") + line;
            continue;
        }
        const QString who = cells.value(2);
        if (who != QLatin1String("all") && who != QLatin1String("none") && !roles.contains(who))
            problems << QStringLiteral("who for %1: \"%2\"").arg(name, who);
        Grant grant;
        const QString update = cells.value(5);
        bool ok = parseYesNo(cells.value(3), &grant.select) &&
                  parseYesNo(cells.value(4), &grant.insert) &&
                  parseYesNo(cells.value(6), &grant.del);
        if (update == QLatin1String("yes")) {
            grant.updateAll = true;
        } else if (update.startsWith(QLatin1Char('(')) && update.endsWith(QLatin1Char(')'))) {
            for (const QString &column : update.mid(1, update.size() - 2).split(QLatin1Char(',')))
                grant.updateColumns << column.trimmed();
            grant.updateColumns.sort();
        } else if (update != QLatin1String("no")) {
            ok = false;
        }
        if (cells.value(7).isEmpty())
            ok = false;
        if (!ok)
            problems << QStringLiteral("cells of ") + line;
        if (matrix.tables.value(name).contains(who))
            problems << QStringLiteral("%1 is listed twice for %2").arg(name, who);
        matrix.tables[name].insert(who, grant);
    }
    if (matrix.tables.isEmpty() || matrix.functions.isEmpty())
        problems << QStringLiteral("no tables or no functions found in ") + file.fileName();
    matrix.error = problems.join(QLatin1Char('\n'));
    return matrix;
}

// The fixture's worker who holds each role of forms/roles.json (and no other).
const QMap<QString, QString> &workerOfRole()
{
    static const QMap<QString, QString> keys{
        {QStringLiteral("social_worker"), QStringLiteral("sw")},
        {QStringLiteral("ps_manager"), QStringLiteral("manager")},
        {QStringLiteral("panel"), QStringLiteral("panelist")},
        {QStringLiteral("panel_administrator"), QStringLiteral("paneladmin")},
        {QStringLiteral("dp_officer"), QStringLiteral("dpofficer")},
        {QStringLiteral("home_staff"), QStringLiteral("haven")},
        {QStringLiteral("commissioning_officer"), QStringLiteral("commissioner")},
        {QStringLiteral("supervising_social_worker"), QStringLiteral("ssw")},
        {QStringLiteral("duty_desk"), QStringLiteral("duty")},
    };
    return keys;
}

QStringList roleCodes()
{
    QStringList codes;
    for (const RoleDefinition &role : DefinitionRegistry::shared().roles())
        codes << role.code;
    codes.sort();
    return codes;
}

const QString Denied = QStringLiteral("permission denied");
const QString Refused = QStringLiteral("CaseDesk refused");
const QString PanelAdmin = QStringLiteral("panel_administrator");

} // namespace

// The statement, issued as the worker's own login, is carried out.
#define EXPECT_DONE(fixture, key, sql, values)                                                     \
    do {                                                                                           \
        const QString error_ = (fixture).refusal((key), (sql), (values));                          \
        QVERIFY2(error_.isEmpty(), qPrintable(error_));                                            \
    } while (false)

class TestPermissionMatrix : public QObject
{
    Q_OBJECT

    // A Direct Payments case on a panel's agenda, set up by the administrator: the episode, the
    // Direct Payments Panel step in the Group tray, the panel case (submitted by the manager on
    // authorising), two panels and the agenda item on the first.
    struct DpCase
    {
        qint64 episode = 0;
        qint64 step = 0;
        qint64 panelCase = 0;
        qint64 panel1 = 0;
        qint64 panel2 = 0;
        qint64 item = 0;
    };

    DpCase dpCase(SecurityFixture &f)
    {
        DpCase c;
        Database &admin = f.admin();
        c.episode = admin.insert(
            QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, created_by) "
                           "VALUES (?, 'Direct Payments', '2027-01-04', ?) RETURNING id"),
            {f.childId, f.id(QStringLiteral("sw"))});
        c.step = panelStep(f, c.episode, QStringLiteral("Direct Payments Panel"));
        c.panelCase = admin.insert(
            QStringLiteral("INSERT INTO dp_panel_cases (episode_id, person_id, panel_step_id, "
                           "case_kind, submitted_on, submitted_by, submitted_as_role) VALUES "
                           "(?, ?, ?, 'new', '2027-03-01', ?, 'ps_manager') RETURNING id"),
            {c.episode, f.childId, c.step, f.id(QStringLiteral("manager"))});
        const QString addPanel = QStringLiteral(
            "INSERT INTO panels (panel_type, meeting_at, last_submission_date, created_by) VALUES "
            "('Direct Payments Panel', ?, ?, ?) RETURNING id");
        c.panel1 = admin.insert(addPanel,
                                {QStringLiteral("2027-03-11 10:00:00+00"),
                                 QStringLiteral("2027-03-04"), f.id(QStringLiteral("paneladmin"))});
        c.panel2 = admin.insert(addPanel,
                                {QStringLiteral("2027-04-08 10:00:00+00"),
                                 QStringLiteral("2027-04-01"), f.id(QStringLiteral("paneladmin"))});
        c.item = admin.insert(
            QStringLiteral("INSERT INTO panel_agenda_items (panel_id, step_id, position, "
                           "panel_case_id, added_by, added_as_role) VALUES (?, ?, 1, ?, ?, "
                           "'ps_manager') RETURNING id"),
            {c.panel1, c.step, c.panelCase, f.id(QStringLiteral("manager"))});
        return c;
    }

    qint64 panelStep(SecurityFixture &f, qint64 episode, const QString &stepType)
    {
        return f.admin().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, episode_id, "
                           "assignee_virtual_worker_id, created_by) VALUES (?, ?, 'incoming', ?, "
                           "?, ?) RETURNING id"),
            {f.childId, stepType, episode, f.vwId(QStringLiteral("direct-payments-group-tray")),
             f.id(QStringLiteral("manager"))});
    }

    qint64 adminScalar(SecurityFixture &f, const QString &sql, const QVariantList &values)
    {
        return f.admin().scalar(sql, values).toLongLong();
    }

private slots:
    void initTestCase()
    {
        for (const QString &role : roleCodes())
            QVERIFY2(workerOfRole().contains(role),
                     qPrintable(QStringLiteral("role %1 has no worker in this test; add one to "
                                               "SecurityFixture and workerOfRole()")
                                    .arg(role)));
    }

    // (a) Every table, view and function of the schema is in the matrix, and nothing else is.
    void everyObjectIsInTheMatrix()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Matrix matrix = readMatrix(roleCodes());
        QVERIFY2(matrix.error.isEmpty(), qPrintable(matrix.error));
        QStringList missing;
        QStringList tables;
        QSqlQuery rels = f.admin().exec(QStringLiteral(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "ORDER BY 1"));
        while (rels.next())
            tables << rels.value(0).toString();
        QVERIFY(tables.size() > 30);
        for (const QString &table : tables) {
            if (!matrix.tables.contains(table))
                missing
                    << QStringLiteral("table or view %1 is not in docs/permissions.md").arg(table);
        }
        for (auto listed = matrix.tables.cbegin(); listed != matrix.tables.cend(); ++listed) {
            if (!tables.contains(listed.key()))
                missing << QStringLiteral("%1 is in docs/permissions.md but not in the schema")
                               .arg(listed.key());
        }
        QStringList functions;
        QSqlQuery procs = f.admin().exec(QStringLiteral(
            "SELECT DISTINCT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = "
            "p.pronamespace WHERE n.nspname = current_schema() ORDER BY 1"));
        while (procs.next())
            functions << procs.value(0).toString();
        QVERIFY(functions.size() > 20);
        for (const QString &function : functions) {
            if (!matrix.functions.contains(function))
                missing
                    << QStringLiteral("function %1 is not in docs/permissions.md").arg(function);
        }
        for (auto listed = matrix.functions.cbegin(); listed != matrix.functions.cend(); ++listed) {
            if (!functions.contains(listed.key()))
                missing << QStringLiteral("function %1 is in docs/permissions.md but not in the "
                                          "schema")
                               .arg(listed.key());
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    // REVOKE ALL ... FROM PUBLIC on the database, the schema, every table and every function.
    void publicHasNothing()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QStringList checks{
            QStringLiteral("SELECT count(*) FROM pg_database d, aclexplode(COALESCE(d.datacl, "
                           "acldefault('d', d.datdba))) a WHERE d.datname = current_database() "
                           "AND a.grantee = 0"),
            QStringLiteral("SELECT count(*) FROM pg_namespace n, aclexplode(COALESCE(n.nspacl, "
                           "acldefault('n', n.nspowner))) a WHERE n.nspname = current_schema() "
                           "AND a.grantee = 0"),
            QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                           "c.relnamespace, aclexplode(COALESCE(c.relacl, acldefault('r', "
                           "c.relowner))) a WHERE n.nspname = current_schema() AND a.grantee = 0"),
            QStringLiteral("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                           "p.pronamespace, aclexplode(COALESCE(p.proacl, acldefault('f', "
                           "p.proowner))) a WHERE n.nspname = current_schema() AND a.grantee = 0"),
        };
        for (const QString &check : checks)
            QVERIFY2(f.admin().scalar(check).toInt() == 0, qPrintable(check));
        // Each worker still connects (casedesk_user), uses the schema, and creates nothing.
        for (const QString &key : workerOfRole()) {
            QCOMPARE(f.scalarAs(key, QStringLiteral(
                                         "SELECT has_database_privilege(current_database(), "
                                         "'CONNECT') AND NOT has_database_privilege("
                                         "current_database(), 'TEMPORARY, CREATE') AND "
                                         "has_schema_privilege(current_schema(), 'USAGE') AND NOT "
                                         "has_schema_privilege(current_schema(), 'CREATE')"))
                         .toBool(),
                     true);
            // Statements PostgreSQL cannot prepare go as plain text.
            QString error;
            QVERIFY(!security::execUtility(
                f.db(key), QStringLiteral("CREATE TEMPORARY TABLE workers (id bigint)"), &error));
            QVERIFY2(error.contains(Denied), qPrintable(error));
        }
    }

    // (a) Each role's own login has exactly the privileges the matrix lists.
    void catalogsMatchTheMatrix()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Matrix matrix = readMatrix(roleCodes());
        QVERIFY2(matrix.error.isEmpty(), qPrintable(matrix.error));
        QStringList wrong;
        for (const QString &role : roleCodes()) {
            const QString key = workerOfRole().value(role);
            QSqlQuery tables = f.db(key).exec(QStringLiteral(
                "SELECT c.relname, has_table_privilege(c.oid, 'SELECT'), "
                "has_table_privilege(c.oid, 'INSERT'), has_table_privilege(c.oid, 'UPDATE'), "
                "has_table_privilege(c.oid, 'DELETE'), "
                "has_table_privilege(c.oid, 'TRUNCATE, REFERENCES, TRIGGER'), "
                "array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = "
                "c.oid AND a.attnum > 0 AND NOT a.attisdropped AND has_column_privilege(c.oid, "
                "a.attnum, 'UPDATE') ORDER BY a.attname), ','), "
                "array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = "
                "c.oid AND a.attnum > 0 AND NOT a.attisdropped AND has_column_privilege(c.oid, "
                "a.attnum, 'SELECT, INSERT, REFERENCES') AND NOT has_table_privilege(c.oid, "
                "'SELECT, INSERT, REFERENCES') ORDER BY a.attname), ',') "
                "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"));
            int seen = 0;
            while (tables.next()) {
                ++seen;
                const QString table = tables.value(0).toString();
                Grant actual;
                actual.select = tables.value(1).toBool();
                actual.insert = tables.value(2).toBool();
                actual.updateAll = tables.value(3).toBool();
                actual.del = tables.value(4).toBool();
                if (!actual.updateAll && !tables.value(6).toString().isEmpty())
                    actual.updateColumns = tables.value(6).toString().split(QLatin1Char(','));
                const Grant expected = matrix.effective(table, role);
                if (actual.text() != expected.text())
                    wrong << QStringLiteral("%1 as %2: the server grants %3; the matrix says %4")
                                 .arg(table, role, actual.text(), expected.text());
                if (tables.value(5).toBool())
                    wrong << QStringLiteral("%1 as %2: TRUNCATE, REFERENCES or TRIGGER granted")
                                 .arg(table, role);
                if (!tables.value(7).toString().isEmpty())
                    wrong << QStringLiteral("%1 as %2: column privileges on %3")
                                 .arg(table, role, tables.value(7).toString());
            }
            QVERIFY2(seen > 30, qPrintable(tables.lastError().text()));
            QSqlQuery functions = f.db(key).exec(QStringLiteral(
                "SELECT p.proname, bool_and(has_function_privilege(p.oid, 'EXECUTE')), "
                "bool_or(has_function_privilege(p.oid, 'EXECUTE')) FROM pg_proc p JOIN "
                "pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() "
                "GROUP BY p.proname"));
            while (functions.next()) {
                const QString function = functions.value(0).toString();
                const bool expected = matrix.mayExecute(function, role);
                if (functions.value(1).toBool() != expected ||
                    functions.value(2).toBool() != expected)
                    wrong << QStringLiteral("%1 as %2: EXECUTE %3; the matrix says %4")
                                 .arg(function, role, Grant::yesNo(functions.value(2).toBool()),
                                      Grant::yesNo(expected));
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // (b) Over each role's own login: every operation the matrix forbids is refused with
    // "permission denied"; every one it permits is carried out (on no rows: the row rules are
    // tested below and in the other security tests).
    void operationsAsEachRole()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Matrix matrix = readMatrix(roleCodes());
        QVERIFY2(matrix.error.isEmpty(), qPrintable(matrix.error));
        struct Table
        {
            QString name;
            QStringList columns; // not generated
        };
        QList<Table> tables;
        QSqlQuery rels = f.admin().exec(QStringLiteral(
            "SELECT c.relname, array_to_string(ARRAY(SELECT a.attname FROM pg_attribute a WHERE "
            "a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
            "ORDER BY a.attnum), ',') FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', "
            "'m', 'f') ORDER BY 1"));
        while (rels.next())
            tables << Table{rels.value(0).toString(),
                            rels.value(1).toString().split(QLatin1Char(','))};
        QVERIFY(tables.size() > 30);
        struct Function
        {
            QString name;
            QString nullArguments;
        };
        QList<Function> functions;
        QSqlQuery procs = f.admin().exec(QStringLiteral(
            "SELECT p.proname, array_to_string(ARRAY(SELECT 'NULL::' || format_type(t, NULL) "
            "FROM unnest(p.proargtypes) AS t), ', ') FROM pg_proc p JOIN pg_namespace n ON n.oid = "
            "p.pronamespace WHERE n.nspname = current_schema() AND p.prorettype <> "
            "'trigger'::regtype AND p.prokind = 'f' ORDER BY 1"));
        while (procs.next())
            functions << Function{procs.value(0).toString(), procs.value(1).toString()};
        QVERIFY(functions.size() > 10);

        QStringList wrong;
        int permitted = 0;
        int refused = 0;
        auto check = [&](const QString &key, const QString &role, const QString &sql,
                         bool allowed) {
            const QString error = f.refusal(key, sql);
            if (allowed && !error.isEmpty())
                wrong << QStringLiteral("as %1, refused: %2: %3").arg(role, sql, error);
            else if (!allowed && !error.contains(Denied))
                wrong << QStringLiteral("as %1, %2: %3")
                             .arg(role, sql,
                                  error.isEmpty() ? QStringLiteral("carried out") : error);
            ++(allowed ? permitted : refused);
        };
        for (const QString &role : roleCodes()) {
            const QString key = workerOfRole().value(role);
            Database &db = f.db(key);
            for (const Table &table : tables) {
                const Grant grant = matrix.effective(table.name, role);
                const QString name = security::quoteIdentifier(db, table.name);
                QStringList columns;
                for (const QString &column : table.columns)
                    columns << security::quoteIdentifier(db, column);
                const QString list = columns.join(QStringLiteral(", "));
                check(key, role, QStringLiteral("SELECT count(*) FROM ") + name, grant.select);
                const QString insert =
                    grant.insert
                        ? QString(QStringLiteral("INSERT INTO ") + name + QStringLiteral(" (") +
                                  list + QStringLiteral(") SELECT ") + list +
                                  QStringLiteral(" FROM ") + name + QStringLiteral(" WHERE false"))
                        : QString(QStringLiteral("INSERT INTO ") + name +
                                  QStringLiteral(" DEFAULT VALUES"));
                check(key, role, insert, grant.insert);
                for (int i = 0; i < columns.size(); ++i)
                    check(key, role,
                          QStringLiteral("UPDATE ") + name + QStringLiteral(" SET ") + columns[i] +
                              QStringLiteral(" = ") + columns[i] + QStringLiteral(" WHERE false"),
                          grant.mayUpdate(table.columns[i]));
                check(key, role,
                      QStringLiteral("DELETE FROM ") + name + QStringLiteral(" WHERE false"),
                      grant.del);
            }
            // Functions: EXECUTE is checked when the statement starts, so on no rows the function
            // is checked but not run.
            for (const Function &function : functions)
                check(key, role,
                      QStringLiteral("SELECT ") + security::quoteIdentifier(db, function.name) +
                          QLatin1Char('(') + function.nullArguments +
                          QStringLiteral(") WHERE false"),
                      matrix.mayExecute(function.name, role));
            // A representative function, run: the session's worker is the login's own.
            if (f.scalarAs(key, QStringLiteral("SELECT casedesk_worker_id()")).toLongLong() !=
                f.id(key))
                wrong << QStringLiteral("casedesk_worker_id() as %1").arg(role);
            // Truncating is nobody's (plain text: it cannot be prepared).
            QString truncated;
            if (security::execUtility(db, QStringLiteral("TRUNCATE step_presence"), &truncated) ||
                !truncated.contains(Denied))
                wrong << QStringLiteral("as %1, TRUNCATE step_presence: %2").arg(role, truncated);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
        QVERIFY(permitted > 300);
        QVERIFY(refused > 1000);
    }

    // (c) Nobody but the Panel Administrator takes a case off an agenda or moves it; a PS/Manager
    // puts on an agenda only the request they have just authorised; "who" is the server's.
    void agendaItemsAreTheAdministrators()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const DpCase c = dpCase(f);
        QVERIFY(c.item > 0 && c.panel2 > 0);
        const QString takeOff = QStringLiteral(
            "UPDATE panel_agenda_items SET removed_at = now(), removed_by = ?, removed_reason = ? "
            "WHERE id = ?");
        const QVariantList takeOffValues{f.id(QStringLiteral("sw")), QStringLiteral("Not needed"),
                                         c.item};
        for (const QString &key : {QStringLiteral("sw"), QStringLiteral("manager"),
                                   QStringLiteral("far_sw"), QStringLiteral("dpofficer")})
            EXPECT_REFUSED(f, key, takeOff, takeOffValues, Denied);
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"),
                       QStringLiteral("UPDATE panel_agenda_items SET panel_id = ? WHERE id = ?"),
                       (QVariantList{c.panel2, c.item}), Denied);
        EXPECT_REFUSED(f, QStringLiteral("sw"),
                       QStringLiteral("DELETE FROM panel_agenda_items WHERE id = ?"),
                       QVariantList{c.item}, Denied);
        const QString putOn = QStringLiteral(
            "INSERT INTO panel_agenda_items (panel_id, step_id, position, panel_case_id, "
            "added_by, added_as_role) VALUES (?, ?, 2, ?, ?, ?)");
        EXPECT_REFUSED(f, QStringLiteral("sw"), putOn,
                       (QVariantList{c.panel2, c.step, c.panelCase, f.id(QStringLiteral("sw")),
                                     QStringLiteral("social_worker")}),
                       Denied);
        // Not while it is on the first panel's agenda.
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), putOn,
                       (QVariantList{c.panel2, c.step, c.panelCase,
                                     f.id(QStringLiteral("paneladmin")), PanelAdmin}),
                       QLatin1String("already on a panel's agenda"));
        // No outcome but from whoever finished the panel step.
        EXPECT_REFUSED(
            f, QStringLiteral("paneladmin"),
            QStringLiteral("UPDATE panel_agenda_items SET outcome = 'Agreed' WHERE id = ?"),
            QVariantList{c.item}, QLatin1String("by whoever finished the panel step"));
        EXPECT_REFUSED(
            f, QStringLiteral("paneladmin"),
            QStringLiteral("UPDATE panel_agenda_items SET removed_at = now() WHERE id = ?"),
            QVariantList{c.item}, QLatin1String("with a reason"));

        // The administrator moves it: taken off in their own name, whatever the client sent.
        EXPECT_DONE(f, QStringLiteral("paneladmin"), takeOff, takeOffValues);
        QCOMPARE(
            adminScalar(f, QStringLiteral("SELECT removed_by FROM panel_agenda_items WHERE id = ?"),
                        {c.item}),
            f.id(QStringLiteral("paneladmin")));
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), takeOff, takeOffValues,
                       QLatin1String("taken off an agenda once"));
        // A manager cannot put back a case they did not authorise.
        EXPECT_REFUSED(f, QStringLiteral("manager"), putOn,
                       (QVariantList{c.panel2, c.step, c.panelCase, f.id(QStringLiteral("manager")),
                                     QStringLiteral("ps_manager")}),
                       QLatin1String("only the request they have just authorised"));
        // Nor a Panel Administrator acting in a role they do not hold.
        EXPECT_REFUSED(
            f, QStringLiteral("paneladmin"), putOn,
            (QVariantList{c.panel2, c.step, c.panelCase, f.id(QStringLiteral("paneladmin")),
                          QStringLiteral("ps_manager")}),
            QLatin1String("does not hold the role"));
        // The administrator puts it on the second panel, with a forged added_by.
        EXPECT_DONE(
            f, QStringLiteral("paneladmin"), putOn,
            (QVariantList{c.panel2, c.step, c.panelCase, f.id(QStringLiteral("sw")), PanelAdmin}));
        QCOMPARE(adminScalar(f,
                             QStringLiteral("SELECT added_by FROM panel_agenda_items WHERE "
                                            "step_id = ? AND removed_at IS NULL"),
                             {c.step}),
                 f.id(QStringLiteral("paneladmin")));
    }

    // (c) A panel case's submission date, kind and submitter are nobody's to rewrite; putting a
    // case to panel is the administrator's (or the authorising manager's).
    void panelCasesAreTheAdministrators()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const DpCase c = dpCase(f);
        QVERIFY(c.panelCase > 0);
        const QString rewrite = QStringLiteral(
            "UPDATE dp_panel_cases SET submitted_on = '2027-01-01', case_kind = 'brought_back' "
            "WHERE id = ?");
        for (const QString &key : {QStringLiteral("sw"), QStringLiteral("manager"),
                                   QStringLiteral("paneladmin"), QStringLiteral("far_sw")})
            EXPECT_REFUSED(f, key, rewrite, QVariantList{c.panelCase}, Denied);
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"),
                       QStringLiteral("UPDATE dp_panel_cases SET submitted_by = ? WHERE id = ?"),
                       (QVariantList{f.id(QStringLiteral("sw")), c.panelCase}), Denied);
        const QString move = QStringLiteral(
            "UPDATE dp_panel_cases SET review_at = '2027-04-08 11:00:00+00' WHERE id = ?");
        EXPECT_REFUSED(f, QStringLiteral("sw"), move, QVariantList{c.panelCase}, Denied);
        EXPECT_DONE(f, QStringLiteral("paneladmin"), move, QVariantList{c.panelCase});
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT submitted_on::text || ' ' || case_kind FROM "
                                            "dp_panel_cases WHERE id = ?"),
                             {c.panelCase})
                     .toString(),
                 QStringLiteral("2027-03-01 new"));

        const QString putToPanel = QStringLiteral(
            "INSERT INTO dp_panel_cases (episode_id, person_id, panel_step_id, case_kind, "
            "submitted_on, submitted_by, submitted_as_role) VALUES (?, ?, ?, ?, '2027-03-02', ?, "
            "?)");
        const qint64 review =
            panelStep(f, c.episode, QStringLiteral("Direct Payments Panel Review"));
        const qint64 another = panelStep(f, c.episode, QStringLiteral("Direct Payments Panel"));
        EXPECT_REFUSED(f, QStringLiteral("sw"), putToPanel,
                       (QVariantList{c.episode, f.childId, another, QStringLiteral("new"),
                                     f.id(QStringLiteral("sw")), QStringLiteral("social_worker")}),
                       Denied);
        EXPECT_REFUSED(
            f, QStringLiteral("manager"), putToPanel,
            (QVariantList{c.episode, f.childId, another, QStringLiteral("new"),
                          f.id(QStringLiteral("manager")), QStringLiteral("ps_manager")}),
            QLatin1String("only the request they have just authorised"));
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), putToPanel,
                       (QVariantList{c.episode, f.childId, review, QStringLiteral("new"),
                                     f.id(QStringLiteral("paneladmin")), PanelAdmin}),
                       QLatin1String("not an open Direct Payments panel step of this kind"));
        // The administrator schedules the review, with a forged submitted_by.
        EXPECT_DONE(f, QStringLiteral("paneladmin"), putToPanel,
                    (QVariantList{c.episode, f.childId, review, QStringLiteral("review"),
                                  f.id(QStringLiteral("sw")), PanelAdmin}));
        QCOMPARE(adminScalar(f,
                             QStringLiteral("SELECT submitted_by FROM dp_panel_cases WHERE "
                                            "panel_step_id = ?"),
                             {review}),
                 f.id(QStringLiteral("paneladmin")));
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"),
                       QStringLiteral("DELETE FROM dp_panel_cases WHERE id = ?"),
                       QVariantList{c.panelCase}, Denied);
    }

    // (c) Nobody ends another team's child's episode; the Panel Administrator ends one only after
    // recording the end at its panel review, once.
    void episodesEndAtTheirPanelReview()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const DpCase c = dpCase(f);
        QVERIFY(c.episode > 0);
        const QString end = QStringLiteral("UPDATE episodes SET end_date = ? WHERE id = ?");
        const QVariantList values{QStringLiteral("2027-06-30"), c.episode};
        for (const QString &key :
             {QStringLiteral("far_sw"), QStringLiteral("manager_b"), QStringLiteral("sw"),
              QStringLiteral("manager"), QStringLiteral("dpofficer")})
            EXPECT_REFUSED(f, key, end, values, Denied);
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"),
                       QStringLiteral("UPDATE episodes SET start_date = '2020-01-01' WHERE id = ?"),
                       QVariantList{c.episode}, Denied);
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), end, values,
                       QLatin1String("recorded its end at a panel review"));
        QVERIFY(
            f.admin()
                .scalar(QStringLiteral("SELECT end_date FROM episodes WHERE id = ?"), {c.episode})
                .isNull());

        // The review at which the administrator recorded the end.
        const qint64 review =
            panelStep(f, c.episode, QStringLiteral("Direct Payments Panel Review"));
        f.admin().insert(QStringLiteral("INSERT INTO dp_panel_cases (episode_id, person_id, "
                                        "panel_step_id, case_kind, submitted_on, "
                                        "submitted_as_role) VALUES (?, ?, ?, 'review', "
                                        "'2027-03-01', 'panel_administrator') RETURNING id"),
                         {c.episode, f.childId, review});
        f.admin().exec(
            QStringLiteral("UPDATE worksteps SET status = 'finished', started_by = ?, "
                           "started_at = now(), finished_by = ?, finished_at = now(), "
                           "finished_as_role = 'panel_administrator' WHERE id = ?"),
            {f.id(QStringLiteral("paneladmin")), f.id(QStringLiteral("paneladmin")), review});
        EXPECT_REFUSED(f, QStringLiteral("sw"), end, values, Denied);
        EXPECT_DONE(f, QStringLiteral("paneladmin"), end, values);
        EXPECT_REFUSED(f, QStringLiteral("paneladmin"), end,
                       (QVariantList{QStringLiteral("2027-07-31"), c.episode}),
                       QLatin1String("has ended; its end date stays"));
    }

    // (c) "Who" columns are the session's worker: set by the server, or refused.
    void whoColumnsAreTheServers()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString addPanel = QStringLiteral(
            "INSERT INTO panels (panel_type, meeting_at, last_submission_date, created_by) VALUES "
            "('Direct Payments Panel', '2027-05-13 10:00:00+00', '2027-05-06', ?)");
        EXPECT_REFUSED(f, QStringLiteral("sw"), addPanel, QVariantList{f.id(QStringLiteral("sw"))},
                       Denied);
        EXPECT_DONE(f, QStringLiteral("paneladmin"), addPanel,
                    QVariantList{f.id(QStringLiteral("sw"))});
        QCOMPARE(adminScalar(f,
                             QStringLiteral("SELECT created_by FROM panels WHERE "
                                            "last_submission_date = '2027-05-06'"),
                             {}),
                 f.id(QStringLiteral("paneladmin")));

        // A save token in someone else's name, on one's own started step.
        Status status;
        const qint64 step = f.adminEngine().createStep(
            f.childId, QStringLiteral("CS Decision on Significant Information (Open SC Case)"),
            Assignee::me(), f.as(QStringLiteral("sw"), QStringLiteral("social_worker")), &status);
        QVERIFY2(step > 0, qPrintable(status.message()));
        EXPECT_OK(
            f.engine(QStringLiteral("sw"))
                .startStep(step, f.as(QStringLiteral("sw"), QStringLiteral("social_worker"))));
        const QString save =
            QStringLiteral("INSERT INTO applied_saves (token, step_id, saved_by) VALUES (?, ?, ?)");
        EXPECT_DONE(
            f, QStringLiteral("sw"), save,
            (QVariantList{QStringLiteral("forged-token"), step, f.id(QStringLiteral("manager"))}));
        QCOMPARE(adminScalar(f,
                             QStringLiteral("SELECT saved_by FROM applied_saves WHERE token = ?"),
                             {QStringLiteral("forged-token")}),
                 f.id(QStringLiteral("sw")));
        EXPECT_REFUSED(
            f, QStringLiteral("sw2"), save,
            (QVariantList{QStringLiteral("other-token"), step, f.id(QStringLiteral("sw2"))}),
            QLatin1String("you cannot record on step"));
        // Where the server does not set it, a row in someone else's name is refused.
        EXPECT_REFUSED(f, QStringLiteral("sw"),
                       QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                                      "created_by) VALUES (?, 'Direct Payments', '2027-01-04', ?)"),
                       (QVariantList{f.childId, f.id(QStringLiteral("sw2"))}),
                       QLatin1String("in your own name"));
    }
};

QTEST_GUILESS_MAIN(TestPermissionMatrix)
#include "tst_permissionmatrix.moc"
