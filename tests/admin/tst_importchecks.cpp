// casedesk-admin import-* refuses what it cannot store as typed, naming the row and column, and
// says the same in a --dry-run as in the import: dates outside 1900-2100 (0001 and 9999 were
// accepted), files that are not UTF-8, and NUL or other control characters (a NUL passed
// --dry-run, then failed on the server naming no row).
#include "security/identifiers.h"
#include "testdatabase.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestImportChecks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_files;
    QString m_dbname;
    std::unique_ptr<Database> m_db; // as the superuser, to look at what the tool did

    // A new, empty database on the test server.
    QString createDatabase(const QString &owner = QString())
    {
        const QString name =
            QStringLiteral("casedesk_admin_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        Database server;
        [&] { QVERIFY(server.open(TestDatabase::postgresServer()).isOk()); }();
        QString error;
        // The name is made here; the owner is validated by the caller.
        [&] {
            QVERIFY2(security::execUtility(
                         server,
                         QStringLiteral("CREATE DATABASE ") + name +
                             (owner.isEmpty() ? QString()
                                              : QString(QStringLiteral(" OWNER ") +
                                                        security::quoteIdentifier(server, owner))),
                         &error),
                     qPrintable(error));
        }();
        return name;
    }

    Run admin(const QStringList &arguments, const QByteArray &input = QByteArray(),
              const QString &dbname = QString(), const QString &user = QString())
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("PGPASSWORD"));
        process.setProcessEnvironment(environment);
        const ConnectionSettings server = TestDatabase::postgresServer();
        QStringList all{QStringLiteral("--host"),       server.host,
                        QStringLiteral("--port"),       QString::number(server.port),
                        QStringLiteral("--dbname"),     dbname.isEmpty() ? m_dbname : dbname,
                        QStringLiteral("--username"),   user.isEmpty() ? server.userName : user,
                        QStringLiteral("--sslmode"),    QStringLiteral("disable"),
                        QStringLiteral("--no-password")};
        all += arguments;
        process.start(QStringLiteral(CASEDESK_ADMIN_PROGRAM), all);
        Run run;
        if (!process.waitForStarted(30000))
            return run;
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(120000);
        run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QString file(const QString &name, const QByteArray &content)
    {
        const QString path = m_files.filePath(name);
        QFile out(path);
        if (out.open(QIODevice::WriteOnly))
            out.write(content);
        return path;
    }

    int count(const QString &sql, const QVariantList &values = {})
    {
        return m_db->scalar(sql, values).toInt();
    }

    static QStringList rejections(const QString &err)
    {
        return err.split(QLatin1Char('\n')).filter(QStringLiteral(" rejected: "));
    }

#define EXPECT_RUN(run, expectedCode)                                                              \
    do {                                                                                           \
        const Run &run_ = (run);                                                                   \
        QVERIFY2(                                                                                  \
            run_.code == (expectedCode),                                                           \
            qPrintable(QStringLiteral("exit %1\n%2%3").arg(run_.code).arg(run_.out, run_.err)));   \
    } while (false)

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::wantsPostgres() &&
                     !qEnvironmentVariable("CASEDESK_TEST_PGHOST").isEmpty(),
                 "This is a PostgreSQL test: run it through tools/test.sh, which starts the test "
                 "server.");
        QVERIFY(m_files.isValid());
    }

    void init()
    {
        m_dbname = createDatabase();
        m_db = std::make_unique<Database>();
        QVERIFY(m_db->open(TestDatabase::postgresServer(m_dbname)).isOk());
        EXPECT_RUN(admin({QStringLiteral("upgrade")}), 0);
    }

    void cleanup()
    {
        m_db.reset();
    }

    void datesOutsideTheSensibleRangeAreRejectedNamingRowAndColumn()
    {
        const QString children =
            file(QStringLiteral("dates.csv"), "person_ref,given_name,family_name,date_of_birth\n"
                                              "T600,Al,Testchild,0001-01-01\n"
                                              "T601,Bo,Testchild,9999-12-31\n"
                                              "T602,Cy,Testchild,2099-06-01\n"
                                              "T603,Di,Testchild,2014-02-03\n");
        const Run run = admin({QStringLiteral("import-children"), children});
        EXPECT_RUN(run, 3);
        for (const char *expected :
             {"row 1 (line 2) rejected: date_of_birth 0001-01-01 is not between 1900-01-01 and "
              "2100-12-31; check the year",
              "row 2 (line 3) rejected: date_of_birth 9999-12-31 is not between 1900-01-01 and "
              "2100-12-31; check the year",
              "row 3 (line 4) rejected: date_of_birth 2099-06-01 is in the future"})
            QVERIFY2(run.err.contains(QLatin1String(expected)), qPrintable(run.err));
        QVERIFY2(!run.err.contains(QLatin1String("row 4")), qPrintable(run.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), 0);

        EXPECT_RUN(admin({QStringLiteral("import-children"),
                          file(QStringLiteral("one.csv"),
                               "person_ref,given_name,family_name\nT610,Ed,Testchild\n")}),
                   0);
        const Run related =
            admin({QStringLiteral("import-relationships"),
                   file(QStringLiteral("related.csv"),
                        "person_ref,related_person_ref,relationship,related_given_name,"
                        "related_family_name,related_date_of_birth\n"
                        "T610,T611,Mother,Fay,Testparent,1899-12-31\n")});
        EXPECT_RUN(related, 3);
        QVERIFY2(related.err.contains(QLatin1String(
                     "row 1 (line 2) rejected: related_date_of_birth 1899-12-31 is not between "
                     "1900-01-01 and 2100-12-31")),
                 qPrintable(related.err));

        const Run payments =
            admin({QStringLiteral("import-direct-payments"),
                   file(QStringLiteral("payments.csv"),
                        "person_ref,start_date,next_review_date\nT610,2025-04-01,9999-01-01\n")});
        EXPECT_RUN(payments, 3);
        QVERIFY2(payments.err.contains(QLatin1String(
                     "row 1 (line 2) rejected: next_review_date 9999-01-01 is not between")),
                 qPrintable(payments.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM episodes")), 0);
    }

    void aFileThatIsNotUtf8IsRefusedNamingTheLine()
    {
        // Latin-1 "Zo\u00eb", and a U+FFFD (valid UTF-8) on the line before it.
        const Run run =
            admin({QStringLiteral("import-children"),
                   file(QStringLiteral("latin1.csv"), "person_ref,given_name,family_name\n"
                                                      "T620,Al,Testchild\n"
                                                      "T621,Zo\xEB,Testchild\n")});
        EXPECT_RUN(run, 3);
        QVERIFY2(run.err.contains(QLatin1String("nothing was imported")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("not UTF-8 text: line 3")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("\"CSV UTF-8\"")), qPrintable(run.err));

        const Run replaced =
            admin({QStringLiteral("import-children"),
                   file(QStringLiteral("replaced.csv"), "person_ref,given_name,family_name\n"
                                                        "T620,Al\xEF\xBF\xBD,Testchild\n"
                                                        "T621,Zo\xEB,Testchild\n")});
        EXPECT_RUN(replaced, 3);
        QVERIFY2(replaced.err.contains(QLatin1String("line 2 has the replacement character")),
                 qPrintable(replaced.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), 0);
    }

    void controlCharactersAreReportedByADryRunAsByTheImport()
    {
        QByteArray content("person_ref,given_name,family_name,address\n"
                           "T630,Al,Testchild,1 High Street\n"
                           "T631,Bo,Tes");
        content += '\0';
        content += "tchild,2 High Street\n"
                   "T632,Cy,Testchild,\"3 High\x01 Street\"\n"
                   "T633,Di,Testchild,\"4 High Street\r\nNorthwold\"\n";
        const QString path = file(QStringLiteral("nul.csv"), content);
        const QStringList expected{
            QStringLiteral("row 2 (line 3) rejected: family_name has a control character "
                           "(U+0000) at character 4; remove it"),
            QStringLiteral("row 3 (line 4) rejected: address has a control character (U+0001) "
                           "at character 7; remove it")};
        const int audit = count(QStringLiteral("SELECT count(*) FROM audit_log"));

        const Run dry =
            admin({QStringLiteral("import-children"), QStringLiteral("--dry-run"), path});
        EXPECT_RUN(dry, 3);
        for (const QString &line : expected)
            QVERIFY2(dry.err.contains(line), qPrintable(dry.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), 0);

        const Run real = admin({QStringLiteral("import-children"), path});
        EXPECT_RUN(real, 3);
        QCOMPARE(rejections(real.err), rejections(dry.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM people")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log")), audit);

        // The rows without control characters import; a line break in a quoted address stays.
        const Run skipping =
            admin({QStringLiteral("import-children"), QStringLiteral("--skip-rejected"), path});
        EXPECT_RUN(skipping, 3);
        QVERIFY2(skipping.out.contains(QLatin1String("2 of 4 rows imported; 2 rejected")),
                 qPrintable(skipping.out + skipping.err));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT address FROM people WHERE person_ref = "
                                             "'T633'"))
                     .toString(),
                 QStringLiteral("4 High Street\r\nNorthwold"));
    }
};

QTEST_GUILESS_MAIN(TestImportChecks)
#include "tst_importchecks.moc"
