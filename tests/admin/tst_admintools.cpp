// What casedesk-admin relies on that needs no database: CSV parsing, user names, SCRAM
// verifiers, yes/no values.
#include "security/csvtable.h"
#include "security/identifiers.h"
#include "security/importer.h"
#include "security/scram.h"

#include <QtTest>

using namespace casedesk;

class TestAdminTools : public QObject
{
    Q_OBJECT

private slots:
    void parsesQuotedFieldsLineBreaksAndByteOrderMarks()
    {
        CsvTable table;
        QString error;
        QVERIFY2(table.parse(QStringLiteral("\xFEFF"
                                            "Person Ref,given-name,Address\r\n"
                                            "C1,\"Ava, \"\"Junior\"\"\",\"1 Lane\nTown\"\r\n"
                                            "\r\n"
                                            "C2,Ben,\n"),
                             &error),
                 qPrintable(error));
        QCOMPARE(table.columns(),
                 (QStringList{QStringLiteral("person_ref"), QStringLiteral("given_name"),
                              QStringLiteral("address")}));
        QCOMPARE(table.rows().size(), 2);
        const CsvTable::Row &first = table.rows().at(0);
        QCOMPARE(first.number, 1);
        QCOMPARE(first.line, 2);
        QCOMPARE(table.value(first, QStringLiteral("given_name")),
                 QStringLiteral("Ava, \"Junior\""));
        QCOMPARE(table.value(first, QStringLiteral("address")), QStringLiteral("1 Lane\nTown"));
        const CsvTable::Row &second = table.rows().at(1);
        QCOMPARE(second.line, 5);
        QVERIFY(!table.value(second, QStringLiteral("address")).isNull());
        QVERIFY(table.value(second, QStringLiteral("no_such_column")).isEmpty());
    }

    void reportsMalformedFilesWithTheLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated quote")
            << QStringLiteral("a,b\n1,\"open\n2,3\n") << QStringLiteral("line 2: a quoted field");
        QTest::newRow("quote inside a field")
            << QStringLiteral("a,b\n1,x\"y\n") << QStringLiteral("line 2: a quote");
        QTest::newRow("text after a closing quote")
            << QStringLiteral("a,b\n1,\"x\"y\n") << QStringLiteral("line 2: text after");
        QTest::newRow("too few fields")
            << QStringLiteral("a,b\n1,2\n3\n") << QStringLiteral("line 3: 1 fields");
        QTest::newRow("empty") << QStringLiteral("\n\n") << QStringLiteral("the file is empty");
        QTest::newRow("column twice")
            << QStringLiteral("a,A\n1,2\n") << QStringLiteral("the column a appears twice");
        QTest::newRow("unnamed column")
            << QStringLiteral("a,,c\n1,2,3\n") << QStringLiteral("column 2 of the header");
    }

    void reportsMalformedFilesWithTheLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        CsvTable table;
        QString error;
        QVERIFY(!table.parse(text, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void checksTheColumns()
    {
        CsvTable table;
        QString error;
        QVERIFY(table.parse(QStringLiteral("person_ref,given_nmae\nC1,Ava\n"), &error));
        QVERIFY(!table.checkColumns({QStringLiteral("person_ref")}, {QStringLiteral("given_name")},
                                    &error));
        QVERIFY2(error.contains(QLatin1String("unknown column(s) given_nmae")), qPrintable(error));
        QVERIFY(!table.checkColumns({QStringLiteral("person_ref"), QStringLiteral("family_name")},
                                    {QStringLiteral("given_nmae")}, &error));
        QVERIFY2(error.contains(QLatin1String("required column(s) family_name")),
                 qPrintable(error));
    }

    void validatesUserNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("sam.jones") << true;
        QTest::newRow("digits and dash") << QStringLiteral("s-jones_2") << true;
        QTest::newRow("upper case") << QStringLiteral("Sam") << false;
        QTest::newRow("one letter") << QStringLiteral("s") << false;
        QTest::newRow("starts with a digit") << QStringLiteral("2sam") << false;
        QTest::newRow("quote") << QStringLiteral("sam\"; DROP TABLE people; --") << false;
        QTest::newRow("space") << QStringLiteral("sam jones") << false;
        QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << false;
        QTest::newRow("63 characters") << QString(63, QLatin1Char('a')) << true;
        QTest::newRow("postgres") << QStringLiteral("postgres") << false;
        QTest::newRow("public") << QStringLiteral("public") << false;
        QTest::newRow("pg_ prefix") << QStringLiteral("pg_monitor") << false;
        QTest::newRow("group role") << QStringLiteral("casedesk_user") << false;
    }

    void validatesUserNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QString why;
        QCOMPARE(security::isValidUsername(name, &why), valid);
        QCOMPARE(why.isEmpty(), valid);
    }

    void namesGroupRoles()
    {
        QCOMPARE(security::groupRoleName(QStringLiteral("ps_manager")),
                 QStringLiteral("casedesk_ps_manager"));
        QVERIFY(security::groupRoleName(QStringLiteral("x; DROP")).isEmpty());
    }

    // RFC 7677's salt and iterations for "pencil"; the keys as PostgreSQL computes them.
    void makesScramVerifiers()
    {
        const QString verifier = security::scramSha256Verifier(
            QStringLiteral("pencil"), QByteArray::fromBase64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        QCOMPARE(verifier, QStringLiteral("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
                                          "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
                                          "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="));
        QVERIFY(security::isScramVerifier(verifier));
        const QString random = security::scramSha256Verifier(QStringLiteral("it's a secret"));
        QVERIFY(security::isScramVerifier(random));
        QVERIFY(random != security::scramSha256Verifier(QStringLiteral("it's a secret")));
        QVERIFY(!security::isScramVerifier(QStringLiteral("SCRAM-SHA-256$1:a$b:c'; DROP")));
        QVERIFY(!security::isScramVerifier(QStringLiteral("plain text")));
    }

    void readsYesAndNo()
    {
        bool ok = false;
        QVERIFY(Importer::parseYesNo(QStringLiteral(" Yes "), &ok) && ok);
        QVERIFY(Importer::parseYesNo(QStringLiteral("TRUE"), &ok) && ok);
        QVERIFY(!Importer::parseYesNo(QString(), &ok) && ok);
        QVERIFY(!Importer::parseYesNo(QStringLiteral("n"), &ok) && ok);
        Importer::parseYesNo(QStringLiteral("maybe"), &ok);
        QVERIFY(!ok);
    }
};

QTEST_GUILESS_MAIN(TestAdminTools)
#include "tst_admintools.moc"
