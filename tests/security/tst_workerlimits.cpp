// No worker can hold others up (issue 10, point 5): worker logins carry the server's limits
// (lock_timeout 5 s, statement_timeout 30 s, idle_in_transaction_session_timeout 60 s), so a
// transaction left open holding locks, from any client, neither blocks another worker's save
// for longer than the lock timeout nor lives past a minute idle; and workers hold no table-wide
// UPDATE, DELETE or TRUNCATE that would let them LOCK TABLE the others out
// (012_leavers_and_limits.postgres.sql).
#include "securityfixture.h"

#include "security/identifiers.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

QString show(Database &db, const char *setting)
{
    // The setting names are the constants below.
    return db.scalar(QStringLiteral("SELECT current_setting(?)"), {QLatin1String(setting)})
        .toString();
}

} // namespace

class TestWorkerLimits : public QObject
{
    Q_OBJECT

private slots:
    // What any client (psql, ODBC) gets when it signs in as a worker.
    void workerLoginsCarryTheLimits()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        for (int round = 0; round < 2; ++round) {
            Database plain;
            EXPECT_OK(plain.open(f.settings(QStringLiteral("sw"), true),
                                 f.password(QStringLiteral("sw"))));
            QCOMPARE(show(plain, "lock_timeout"), QStringLiteral("5s"));
            QCOMPARE(show(plain, "statement_timeout"), QStringLiteral("30s"));
            QCOMPARE(show(plain, "idle_in_transaction_session_timeout"), QStringLiteral("1min"));
            plain.close();
            if (round == 0) {
                // A worker added before the migration: the migration (and every upgrade's
                // casedesk_apply_worker_limits()) sets them on every worker's login.
                QVERIFY(security::execUtility(
                    f.admin(),
                    QStringLiteral("ALTER ROLE ") +
                        security::quoteIdentifier(f.admin(), f.username(QStringLiteral("sw"))) +
                        QStringLiteral(" IN DATABASE ") +
                        security::quoteIdentifier(f.admin(),
                                                  f.settings(QStringLiteral("sw")).databaseName) +
                        QStringLiteral(" RESET ALL")));
                Database reset;
                EXPECT_OK(reset.open(f.settings(QStringLiteral("sw"), true),
                                     f.password(QStringLiteral("sw"))));
                QCOMPARE(show(reset, "lock_timeout"), QStringLiteral("0"));
                QVERIFY(f.admin()
                            .scalar(QStringLiteral("SELECT casedesk_apply_worker_limits()"))
                            .toInt() >= 13);
            }
        }
        // The administrators are left alone.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_db_role_setting s JOIN "
                                            "pg_roles r ON r.oid = s.setrole WHERE r.rolsuper"))
                     .toInt(),
                 0);
    }

    // Worker A (signed in with psql, no limits of its own) locks a step FOR UPDATE and leaves
    // the transaction open; worker B's save waits only the lock timeout, and the server ends A's
    // idle transaction after a minute.
    void anOpenTransactionHoldsNobodyUp()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString a = QStringLiteral("sw2");
        const QString b = QStringLiteral("sw");
        const qint64 step = f.admin().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, created_by, started_by, started_at) VALUES (?, "
                           "'Child in Need Visit', 'started', ?, ?, ?, now()) RETURNING id"),
            {f.childId, f.id(b), f.id(b), f.id(b)});
        QVERIFY(step > 0);
        const QString save =
            QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ?");
        QCOMPARE(f.refusal(b, save, {step}), QString());

        Database plainA;
        EXPECT_OK(plainA.open(f.settings(a, true), f.password(a)));
        const int pidA = plainA.scalar(QStringLiteral("SELECT pg_backend_pid()")).toInt();
        QVERIFY(plainA.beginTransaction());
        QElapsedTimer idle;
        QString error;
        QSqlQuery locked =
            plainA.exec(QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? FOR UPDATE"),
                        {f.childId}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(locked.next());
        idle.start();

        // B's save (CaseDesk's own connection) gives up after the lock timeout, not later.
        QElapsedTimer waited;
        waited.start();
        const QString refused = f.refusal(b, save, {step});
        const qint64 ms = waited.elapsed();
        QVERIFY2(refused.contains(QLatin1String("lock timeout")), qPrintable(refused));
        QVERIFY2(ms >= 4000 && ms < 9000, qPrintable(QString::number(ms)));

        // A cannot lock whole tables in a mode that stops others writing.
        for (const char *table : {"worksteps", "panel_agenda_items", "dp_panel_cases",
                                  "applied_saves", "requests", "form_answers"}) {
            QSqlQuery lock(f.db(QStringLiteral("far_sw")).connection());
            QVERIFY(f.db(QStringLiteral("far_sw")).beginTransaction());
            QVERIFY2(!lock.exec(QStringLiteral("LOCK TABLE ") + QLatin1String(table) +
                                QStringLiteral(" IN SHARE ROW EXCLUSIVE MODE NOWAIT")),
                     table);
            f.db(QStringLiteral("far_sw")).rollback();
        }

        // A's transaction, idle, is ended by the server after a minute.
        bool gone = false;
        while (!gone && idle.elapsed() < 80000) {
            QThread::msleep(1000);
            gone =
                f.admin()
                    .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = ?"),
                            {pidA})
                    .toInt() == 0;
        }
        QVERIFY2(gone, "A's idle transaction was left open");
        QVERIFY2(idle.elapsed() >= 55000, qPrintable(QString::number(idle.elapsed())));
        locked = QSqlQuery();
        error.clear();
        plainA.exec(QStringLiteral("SELECT 1"), {}, &error);
        QVERIFY(!error.isEmpty());
        // And B saves.
        QCOMPARE(f.refusal(b, save, {step}), QString());
    }

    // Nothing workers may write is theirs to lock whole: no table-wide UPDATE, DELETE or
    // TRUNCATE, but DELETE on step_presence (a worker removes their own "open now" row).
    void noTableWideWritePrivileges()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        QSqlQuery tables = f.admin().exec(
            QStringLiteral("SELECT g.rolname || ': ' || c.relname FROM pg_class c JOIN "
                           "pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles g ON g.rolname "
                           "LIKE 'casedesk\\_%' AND NOT g.rolcanlogin WHERE n.nspname = "
                           "current_schema() AND c.relkind = 'r' AND (has_table_privilege(g.oid, "
                           "c.oid, 'UPDATE') OR has_table_privilege(g.oid, c.oid, 'TRUNCATE') OR "
                           "has_table_privilege(g.oid, c.oid, 'DELETE')) ORDER BY 1"));
        QStringList found;
        while (tables.next())
            found << tables.value(0).toString();
        QCOMPARE(found, QStringList{QStringLiteral("casedesk_user: step_presence")});
    }
};

QTEST_GUILESS_MAIN(TestWorkerLimits)
#include "tst_workerlimits.moc"
