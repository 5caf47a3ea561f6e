// Every read recorded, unsuppressibly (issue 10, point 3; 015_read_audit.postgres.sql): as a
// worker's own login, a plain SELECT on people and answers, and opening a record inside a
// transaction that is rolled back, each leave a pgaudit line in the server log naming the login
// and the table; the worker cannot switch that off; and casedesk-admin tells the administrator
// what is missing, down to a server without pgaudit at all. The harness's server loads pgaudit
// and logs to CASEDESK_TEST_PGLOG (tests/harness/with-postgres.sh).
#include "securityfixture.h"

#include "security/identifiers.h"
#include "security/rulesync.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString Auditor = QStringLiteral("casedesk_read_auditor");

// The server log from `offset` on.
QString logFrom(qint64 offset)
{
    QFile log(qEnvironmentVariable("CASEDESK_TEST_PGLOG"));
    if (!log.open(QIODevice::ReadOnly) || !log.seek(offset))
        return QString();
    return QString::fromUtf8(log.readAll());
}

qint64 logSize()
{
    return QFile(qEnvironmentVariable("CASEDESK_TEST_PGLOG")).size();
}

// The pgaudit lines since `offset` recording a read of `table` by `login`, waiting up to 5 s for
// the server to write them.
QStringList readsOf(qint64 offset, const QString &login, const QString &table)
{
    const QString who = QStringLiteral(" ") + login + QLatin1Char('@');
    const QString what = QStringLiteral("AUDIT: OBJECT,");
    const QString read = QStringLiteral(",READ,SELECT,TABLE,public.") + table + QLatin1Char(',');
    QElapsedTimer waited;
    waited.start();
    QStringList found;
    do {
        found.clear();
        const QStringList lines = logFrom(offset).split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            if (line.contains(who) && line.contains(what) && line.contains(read))
                found << line;
        }
        if (!found.isEmpty())
            return found;
        QThread::msleep(100);
    } while (waited.elapsed() < 5000);
    return found;
}

QStringList problems(Database &admin)
{
    QStringList found;
    QSqlQuery query = admin.exec(QStringLiteral("SELECT casedesk_read_audit_problems()"));
    while (query.next())
        found << query.value(0).toString();
    return found;
}

struct Run
{
    int code = -1;
    QString output;
};

// Runs a program (as `account`, when given: PostgreSQL's tools refuse to run as root).
Run run(QStringList command, const QString &account = QString())
{
    if (!account.isEmpty())
        command = QStringList{QStringLiteral("runuser"), QStringLiteral("-u"), account,
                              QStringLiteral("--")} +
                  command;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.takeFirst(), command);
    Run result;
    if (process.waitForFinished(120000) && process.exitStatus() == QProcess::NormalExit)
        result.code = process.exitCode();
    result.output = QString::fromUtf8(process.readAll());
    return result;
}

Run casedeskAdmin(const QString &host, int port, const QString &dbname, const QString &command)
{
    return run({QStringLiteral(CASEDESK_ADMIN_PROGRAM), QStringLiteral("--host"), host,
                QStringLiteral("--port"), QString::number(port), QStringLiteral("--dbname"), dbname,
                QStringLiteral("--username"), QStringLiteral("postgres"),
                QStringLiteral("--sslmode"), QStringLiteral("disable"),
                QStringLiteral("--no-password"), command});
}

// A second throwaway server as PostgreSQL comes out of the box: no pgaudit. Same binaries and
// account as the harness's, its own directory and socket.
class ServerWithoutPgaudit
{
public:
    ~ServerWithoutPgaudit()
    {
        if (m_started)
            run({pg(QStringLiteral("pg_ctl")), QStringLiteral("-D"), data(), QStringLiteral("-m"),
                 QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
                m_account);
    }

    bool start(QString *error)
    {
        if (!m_dir.isValid() || qEnvironmentVariable("CASEDESK_TEST_PGBIN").isEmpty()) {
            *error = QStringLiteral("no temporary directory, or no CASEDESK_TEST_PGBIN (run "
                                    "through tests/harness/with-postgres.sh)");
            return false;
        }
        if (!m_account.isEmpty()) {
            const Run owned = run({QStringLiteral("chown"), m_account, m_dir.path()});
            if (owned.code != 0) {
                *error = owned.output;
                return false;
            }
        }
        const Run initdb =
            run({pg(QStringLiteral("initdb")), QStringLiteral("-D"), data(), QStringLiteral("-U"),
                 QStringLiteral("postgres"), QStringLiteral("-A"), QStringLiteral("trust"),
                 QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                 QStringLiteral("--no-sync")},
                m_account);
        if (initdb.code != 0) {
            *error = QStringLiteral("initdb: ") + initdb.output;
            return false;
        }
        QFile conf(data() + QStringLiteral("/postgresql.conf"));
        if (!conf.open(QIODevice::Append)) {
            *error = conf.errorString();
            return false;
        }
        conf.write(QStringLiteral("\nlisten_addresses = ''\nunix_socket_directories = '%1'\n"
                                  "port = 5432\nfsync = off\n")
                       .arg(m_dir.path())
                       .toUtf8());
        conf.close();
        m_started = true;
        const Run started =
            run({pg(QStringLiteral("pg_ctl")), QStringLiteral("-D"), data(), QStringLiteral("-l"),
                 m_dir.filePath(QStringLiteral("log")), QStringLiteral("-w"), QStringLiteral("-t"),
                 QStringLiteral("60"), QStringLiteral("start")},
                m_account);
        if (started.code != 0) {
            *error = QStringLiteral("pg_ctl start: ") + started.output;
            return false;
        }
        return true;
    }

    QString host() const { return m_dir.path(); }

private:
    QString pg(const QString &tool) const
    {
        return qEnvironmentVariable("CASEDESK_TEST_PGBIN") + QLatin1Char('/') + tool;
    }
    QString data() const { return m_dir.filePath(QStringLiteral("data")); }

    QTemporaryDir m_dir;
    QString m_account = qEnvironmentVariable("CASEDESK_TEST_PGACCOUNT");
    bool m_started = false;
};

} // namespace

class TestReadAudit : public QObject
{
    Q_OBJECT

    // A started step about the child with one answer, written by the administrator.
    qint64 answeredStep(SecurityFixture &f)
    {
        const qint64 step = f.admin().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, created_by) VALUES (?, 'Child in Need Visit', "
                           "'started', ?, ?) RETURNING id"),
            {f.childId, f.id(QStringLiteral("sw")), f.id(QStringLiteral("sw"))});
        f.admin().insert(
            QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, value, "
                           "version, saved_by, saved_as_role) VALUES (?, 'C1044', 'q1', "
                           "'Ava is settled at school', 1, ?, 'social_worker') RETURNING id"),
            {step, f.id(QStringLiteral("sw"))});
        return step;
    }

    qint64 views(SecurityFixture &f)
    {
        return f.admin()
            .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                   "action = 'view'"),
                    {f.childId})
            .toLongLong();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("CASEDESK_TEST_PGLOG").isEmpty(),
                 "run through tests/harness/with-postgres.sh (CASEDESK_TEST_PGLOG)");
    }

    // A SELECT straight on the tables writes nothing in audit_log; the server log has it.
    void aPlainSelectLeavesATrace()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        QVERIFY2(problems(f.admin()).isEmpty(),
                 qPrintable(problems(f.admin()).join(QLatin1Char('\n'))));
        const qint64 step = answeredStep(f);
        const QString sw = QStringLiteral("sw");
        const qint64 offset = logSize();
        QCOMPARE(f.scalarAs(sw, QStringLiteral("SELECT family_name FROM people WHERE id = ?"),
                            {f.childId})
                     .toString(),
                 QStringLiteral("Testchild"));
        QCOMPARE(f.scalarAs(sw, QStringLiteral("SELECT value FROM form_answers WHERE step_id = ?"),
                            {step})
                     .toString(),
                 QStringLiteral("Ava is settled at school"));
        QCOMPARE(views(f), 0);
        const QStringList people = readsOf(offset, f.username(sw), QStringLiteral("people"));
        QVERIFY2(!people.isEmpty(), qPrintable(logFrom(offset)));
        // With pgaudit.log_parameter: the bound value, the child's id, ends the line.
        const QString id = QString::number(f.childId);
        bool named = false;
        for (const QString &line : people)
            named = named || line.endsWith(QLatin1Char(',') + id) ||
                    line.endsWith(QStringLiteral(",\"") + id + QStringLiteral(",\""));
        QVERIFY2(named, qPrintable(people.join(QLatin1Char('\n'))));
        QVERIFY2(!readsOf(offset, f.username(sw), QStringLiteral("form_answers")).isEmpty(),
                 qPrintable(logFrom(offset)));
        // Only the reader is named: a colleague who read nothing has no line.
        QVERIFY(
            readsOf(offset, f.username(QStringLiteral("sw2")), QStringLiteral("people")).isEmpty());
    }

    // casedesk_open_person records the opening in the reader's transaction, so a rollback takes
    // it out of "who has viewed this record"; the pgaudit line stays.
    void aRolledBackOpeningLeavesATrace()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const qint64 offset = logSize();
        {
            Transaction transaction(f.db(sw));
            QVERIFY(transaction.isActive());
            QCOMPARE(f.scalarAs(sw,
                                QStringLiteral("SELECT given_name FROM casedesk_open_person(?, "
                                               "'social_worker')"),
                                {f.childId})
                         .toString(),
                     QStringLiteral("Ava"));
            QCOMPARE(f.scalarAs(sw,
                                QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = "
                                               "? AND action = 'view'"),
                                {f.childId})
                         .toLongLong(),
                     1);
        } // rolled back
        QCOMPARE(views(f), 0);
        const QStringList lines = readsOf(offset, f.username(sw), QStringLiteral("people"));
        QVERIFY2(!lines.isEmpty(), qPrintable(logFrom(offset)));
        // The function's own read, with the child's id first among its parameters.
        bool opened = false;
        for (const QString &line : lines)
            opened = opened || (line.contains(QLatin1String("p_person")) &&
                                line.contains(QStringLiteral(",\"%1,").arg(f.childId)));
        QVERIFY2(opened, qPrintable(lines.join(QLatin1Char('\n'))));
    }

    // The settings are the superuser's, the role and its grants the owner's: the worker's
    // attempts are refused or change nothing, and their next read is still recorded.
    void aWorkerCannotSwitchTheAuditOff()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        const QStringList refused{
            QStringLiteral("SET pgaudit.role = ''"),
            QStringLiteral("SET LOCAL pgaudit.role = 'nobody'"),
            QStringLiteral("RESET pgaudit.role"),
            QStringLiteral("SET pgaudit.log_level = 'debug5'"),
            QStringLiteral("SET log_min_messages = 'panic'"),
            QStringLiteral("SELECT set_config('pgaudit.role', '', false)"),
            QStringLiteral("ALTER ROLE CURRENT_USER SET pgaudit.role = ''"),
            QStringLiteral("ALTER ROLE casedesk_read_auditor NOINHERIT"),
            QStringLiteral("DROP ROLE casedesk_read_auditor"),
            QStringLiteral("SET ROLE casedesk_read_auditor"),
            QStringLiteral("GRANT casedesk_read_auditor TO CURRENT_USER"),
        };
        for (const QString &sql : refused) {
            QString error;
            QVERIFY2(!security::execUtility(f.db(sw), sql, &error), qPrintable(sql));
            QVERIFY2(error.contains(QLatin1String("permission denied")) ||
                         error.contains(QLatin1String("must have admin option")),
                     qPrintable(sql + QStringLiteral(": ") + error));
        }
        // Not refused, but revokes nothing: only the owner's grant could be revoked.
        QString error;
        QVERIFY2(security::execUtility(f.db(sw),
                                       QStringLiteral("REVOKE SELECT ON people, form_answers "
                                                      "FROM casedesk_read_auditor"),
                                       &error),
                 qPrintable(error));
        QCOMPARE(
            f.scalarAs(sw, QStringLiteral("SELECT current_setting('pgaudit.role')")).toString(),
            Auditor);
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT has_table_privilege(?, 'people', 'SELECT') "
                                            "AND has_table_privilege(?, 'form_answers', "
                                            "'SELECT')"),
                             {Auditor, Auditor})
                     .toBool(),
                 true);
        const qint64 offset = logSize();
        f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM people"));
        QVERIFY2(!readsOf(offset, f.username(sw), QStringLiteral("people")).isEmpty(),
                 qPrintable(logFrom(offset)));
        QVERIFY(problems(f.admin()).isEmpty());
    }

    // What the administrator is told, and that the auditor's grant is what records the reads:
    // without it, nothing; casedesk-admin upgrade (casedesk_apply_security) puts it back.
    void theCheckNamesWhatIsMissing()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const QString sw = QStringLiteral("sw");
        QString error;
        QVERIFY2(security::execUtility(f.admin(),
                                       QStringLiteral("REVOKE SELECT ON form_answers FROM "
                                                      "casedesk_read_auditor"),
                                       &error),
                 qPrintable(error));
        QStringList found = problems(f.admin());
        QCOMPARE(found.size(), 1);
        QVERIFY2(found.first().contains(QLatin1String("reads of form_answers are not recorded")),
                 qPrintable(found.first()));
        qint64 offset = logSize();
        f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM form_answers"));
        f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM people"));
        QVERIFY(!readsOf(offset, f.username(sw), QStringLiteral("people")).isEmpty());
        QVERIFY2(readsOf(offset, f.username(sw), QStringLiteral("form_answers")).isEmpty(),
                 qPrintable(logFrom(offset)));

        EXPECT_OK(RuleSync(f.admin(), DefinitionRegistry::shared()).applySecurity());
        QVERIFY(problems(f.admin()).isEmpty());
        offset = logSize();
        f.scalarAs(sw, QStringLiteral("SELECT count(*) FROM form_answers"));
        QVERIFY(!readsOf(offset, f.username(sw), QStringLiteral("form_answers")).isEmpty());

        // A superuser's per-database override that would silence every login is named too.
        const QString database = f.admin().settings().databaseName;
        QVERIFY2(security::execUtility(f.admin(),
                                       QStringLiteral("ALTER DATABASE ") +
                                           security::quoteIdentifier(f.admin(), database) +
                                           QStringLiteral(" SET pgaudit.role = ''"),
                                       &error),
                 qPrintable(error));
        found = problems(f.admin());
        QVERIFY2(found.size() == 1 && found.first().contains(QLatin1String("this database has its "
                                                                           "own pgaudit setting")),
                 qPrintable(found.join(QLatin1Char('\n'))));
        QVERIFY(security::execUtility(f.admin(),
                                      QStringLiteral("ALTER DATABASE ") +
                                          security::quoteIdentifier(f.admin(), database) +
                                          QStringLiteral(" RESET pgaudit.role"),
                                      &error));
        QVERIFY(problems(f.admin()).isEmpty());
    }

    // casedesk-admin check and upgrade: all in place on the harness's server; on a server
    // without pgaudit, the upgrade still succeeds and both say what the DBA must do.
    void casedeskAdminReportsAServerWithoutPgaudit()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const ConnectionSettings here = f.admin().settings();
        const Run fine =
            casedeskAdmin(here.host, here.port, here.databaseName, QStringLiteral("check"));
        QVERIFY2(fine.code == 0, qPrintable(fine.output));
        QVERIFY2(fine.output.contains(QLatin1String("pgaudit records every read")),
                 qPrintable(fine.output));

        ServerWithoutPgaudit bare;
        QString error;
        QVERIFY2(bare.start(&error), qPrintable(error));
        const Run upgraded =
            casedeskAdmin(bare.host(), 5432, QStringLiteral("postgres"), QStringLiteral("upgrade"));
        QVERIFY2(upgraded.code == 0, qPrintable(upgraded.output));
        QVERIFY2(upgraded.output.contains(QLatin1String("The database is ready.")),
                 qPrintable(upgraded.output));
        const Run checked =
            casedeskAdmin(bare.host(), 5432, QStringLiteral("postgres"), QStringLiteral("check"));
        QVERIFY2(checked.code == 3, qPrintable(checked.output));
        for (const Run &said : {upgraded, checked}) {
            QVERIFY2(said.output.contains(QLatin1String("Warning: pgaudit is not loaded")),
                     qPrintable(said.output));
            QVERIFY2(said.output.contains(QLatin1String("shared_preload_libraries = 'pgaudit'")),
                     qPrintable(said.output));
            QVERIFY2(!said.output.contains(QLatin1String("pgaudit records every read")),
                     qPrintable(said.output));
        }
    }
};

QTEST_GUILESS_MAIN(TestReadAudit)
#include "tst_readaudit.moc"
