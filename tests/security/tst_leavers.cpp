// Leavers leave (issue 10, point 4): casedesk-admin retire-worker (Accounts::retireWorker) ends
// the worker's open sessions, stops the login, removes their team, virtual worker memberships,
// worker_roles and group roles, records it, and the server's row rules refuse a retired worker
// even on a connection that survived (012_leavers_and_limits.postgres.sql).
#include "securityfixture.h"

#include "definitions/definitionregistry.h"
#include "security/accounts.h"

#include <QSqlQuery>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestLeavers : public QObject
{
    Q_OBJECT

private slots:
    void retiringEndsSessionsAndMemberships()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QString panelist = QStringLiteral("panelist");
        const QString readChild = QStringLiteral("SELECT family_name FROM people WHERE id = ?");
        // Both have CaseDesk open, reading a child's record.
        QCOMPARE(f.scalarAs(sw, readChild, {f.childId}).toString(), QStringLiteral("Testchild"));
        QCOMPARE(f.scalarAs(panelist, readChild, {f.childId}).toString(),
                 QStringLiteral("Testchild"));
        const int pid = f.scalarAs(sw, QStringLiteral("SELECT pg_backend_pid()")).toInt();
        QVERIFY(pid > 0);

        Accounts accounts(f.admin(), DefinitionRegistry::shared());
        QString note;
        EXPECT_OK(accounts.retireWorker(f.username(sw), &note));
        QVERIFY2(note.contains(QLatin1String("1 open session(s) ended")), qPrintable(note));
        EXPECT_OK(accounts.retireWorker(f.username(panelist), &note));

        // The session left open is gone: the server ended it, and its next query fails.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = ? "
                                            "OR usename IN (?, ?)"),
                             {pid, f.username(sw), f.username(panelist)})
                     .toInt(),
                 0);
        QString error;
        QSqlQuery after = f.db(sw).exec(readChild, {f.childId}, &error);
        QVERIFY2(!error.isEmpty(), "a retired worker's open session still answers");
        QVERIFY(!after.next());
        error.clear();
        f.db(panelist).exec(readChild, {f.childId}, &error);
        QVERIFY(!error.isEmpty());

        // They cannot sign in again, with their own password over TLS as before.
        Database again;
        const Status opened = again.open(f.settings(sw), f.password(sw));
        QVERIFY2(!opened, "a retired worker signed in again");
        QCOMPARE(opened.code(), Status::Code::NotAllowed);
        QVERIFY2(opened.message().contains(QLatin1String("no longer allowed to sign in")),
                 qPrintable(opened.message()));

        // Their login holds no CaseDesk group role; no team, roles or inbox memberships are left.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_auth_members m JOIN "
                                            "pg_roles u ON u.oid = m.member WHERE u.rolname IN "
                                            "(?, ?)"),
                             {f.username(sw), f.username(panelist)})
                     .toInt(),
                 0);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN (?, "
                                            "?) AND rolcanlogin"),
                             {f.username(sw), f.username(panelist)})
                     .toInt(),
                 0);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM workers WHERE id IN (?, ?) AND "
                                            "(is_active OR team_id IS NOT NULL)"),
                             {f.id(sw), f.id(panelist)})
                     .toInt(),
                 0);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT (SELECT count(*) FROM worker_roles WHERE "
                                            "worker_id IN (?, ?)) + (SELECT count(*) FROM "
                                            "virtual_worker_members WHERE worker_id IN (?, ?))"),
                             {f.id(sw), f.id(panelist), f.id(sw), f.id(panelist)})
                     .toInt(),
                 0);
        // Recorded: the retirement itself, and what the server's audit saw change.
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                            "'retire' AND entity = 'worker' AND entity_id IN (?, "
                                            "?)"),
                             {f.id(sw), f.id(panelist)})
                     .toInt(),
                 2);
        QVERIFY(f.admin()
                    .scalar(QStringLiteral("SELECT details FROM audit_log WHERE action = "
                                           "'retire' AND entity_id = ?"),
                            {f.id(panelist)})
                    .toString()
                    .contains(QLatin1String("1 virtual worker memberships")));
        QCOMPARE(f.admin().scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE entity = "
                                                 "'virtual_worker_members' AND action = 'DELETE'")),
                 1);
        // Nobody else was touched.
        QCOMPARE(f.scalarAs(QStringLiteral("sw2"), readChild, {f.childId}).toString(),
                 QStringLiteral("Testchild"));
    }

    // Should a connection survive (sessions could not be ended, a membership left behind), the
    // server's row rules still refuse an inactive worker everything about a child.
    void rowRulesRefuseAnInactiveWorker()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QString count = QStringLiteral("SELECT count(*) FROM people WHERE id IN (?, ?)");
        QCOMPARE(f.scalarAs(sw, count, {f.childId, f.restrictedId}).toInt(), 2);
        const QString open = QStringLiteral("SELECT * FROM casedesk_open_person(?, '')");
        QCOMPARE(f.refusal(sw, open, {f.childId}), QString());
        QVERIFY(f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM audit_log")).toInt() > 0);
        QString error;
        f.admin().exec(QStringLiteral("UPDATE workers SET is_active = FALSE WHERE id = ?"),
                       {f.id(sw)}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The same connection, opened before, and still a member of every group role.
        QCOMPARE(f.scalarAs(sw, count, {f.childId, f.restrictedId}).toInt(), 0);
        QCOMPARE(f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM people")).toInt(), 0);
        QCOMPARE(f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM audit_log")).toInt(), 0);
        EXPECT_REFUSED(f, sw, open, (QVariantList{f.childId}),
                       QLatin1String("not allowed to open the record"));
        // Back at work, they see again: it is the flag that counts.
        f.admin().exec(QStringLiteral("UPDATE workers SET is_active = TRUE WHERE id = ?"),
                       {f.id(sw)}, &error);
        QCOMPARE(f.scalarAs(sw, count, {f.childId, f.restrictedId}).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestLeavers)
#include "tst_leavers.moc"
