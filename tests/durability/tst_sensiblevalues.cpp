// Values no one meant are refused with a message in the user's words: dates outside 1900-2100 in
// a form (0001 and 9999 were accepted), and a CSV file that is not UTF-8 (a Latin-1 "Zoë"
// imported as mojibake when the file also held one real U+FFFD).
#include "domain/sensibledates.h"
#include "forms/questionfield.h"
#include "security/csvtable.h"
#include "workflow/formlogic.h"

#include <QLineEdit>
#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;

namespace {

QuestionDefinition dateQuestion()
{
    QuestionDefinition question;
    question.id = QStringLiteral("date_of_visit");
    question.type = QuestionType::Date;
    question.label = QStringLiteral("Date of visit");
    return question;
}

} // namespace

class TestSensibleValues : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return QString();
        return path;
    }

private slots:
    void formDatesOutsideTheRangeAreRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("year 1") << QStringLiteral("0001-01-01") << false;
        QTest::newRow("year 9999") << QStringLiteral("9999-12-31") << false;
        QTest::newRow("the day before 1900") << QStringLiteral("1899-12-31") << false;
        QTest::newRow("the day after 2100") << QStringLiteral("2101-01-01") << false;
        QTest::newRow("first day of 1900") << QStringLiteral("1900-01-01") << true;
        QTest::newRow("a usual date") << QStringLiteral("2026-11-23") << true;
        QTest::newRow("last day of 2100") << QStringLiteral("2100-12-31") << true;
    }

    void formDatesOutsideTheRangeAreRefused()
    {
        QFETCH(QString, value);
        QFETCH(bool, accepted);
        const QString message = FormLogic::invalidValueMessage(dateQuestion(), value);
        QCOMPARE(message.isEmpty(), accepted);
        if (!accepted) {
            QCOMPARE(message, QStringLiteral("\"Date of visit\" must be a date between 01/01/1900 "
                                             "and 31/12/2100; check the year."));
        }
        QCOMPARE(SensibleDates::contains(QDate::fromString(value, Qt::ISODate)), accepted);
    }

    void theDateFieldSaysWhatIsWrongNextToIt()
    {
        QuestionField field(dateQuestion(), QString());
        field.show();
        auto *line = field.findChild<QLineEdit *>();
        QVERIFY(line);
        line->setText(QStringLiteral("01/01/0001"));
        emit line->editingFinished();
        QVERIFY2(field.problem().contains(QLatin1String("between 01/01/1900 and 31/12/2100")),
                 qPrintable(field.problem()));
        line->setText(QStringLiteral("23/11/2026"));
        emit line->editingFinished();
        QCOMPARE(field.problem(), QString());
    }

    void aCsvThatIsNotUtf8IsRefusedNamingTheLine()
    {
        QVERIFY(m_dir.isValid());
        // Latin-1 "Zoë" (0xEB) on line 3, and on line 2 one U+FFFD that is valid UTF-8: the
        // file that used to import as mojibake.
        const QString path =
            writeFile(QStringLiteral("latin1.csv"), QByteArray("person_ref,given_name,family_name\n"
                                                               "T1,Al\xEF\xBF\xBD,Testchild\n"
                                                               "T2,Zo\xEB,Testchild\n"));
        CsvTable table;
        QString error;
        QVERIFY(!table.load(path, &error));
        QVERIFY2(error.contains(QLatin1String("line 2")), qPrintable(error));

        const QString latin1 = writeFile(QStringLiteral("latin1only.csv"),
                                         QByteArray("person_ref,given_name,family_name\n"
                                                    "T1,Al,Testchild\n"
                                                    "T2,Zo\xEB,Testchild\n"));
        QVERIFY(!table.load(latin1, &error));
        QVERIFY2(error.contains(QLatin1String("not UTF-8")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("line 3")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("\"CSV UTF-8\"")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("latin1only.csv")), qPrintable(error));

        // A multi-byte sequence cut short at the very end is not UTF-8 either.
        const QString cut =
            writeFile(QStringLiteral("cut.csv"), QByteArray("person_ref,given_name,family_name\n"
                                                            "T1,Al,Testchil\xC3"));
        QVERIFY(!table.load(cut, &error));
        QVERIFY2(error.contains(QLatin1String("line 2")), qPrintable(error));
    }

    void aCsvWithAReplacementCharacterIsRefusedNamingTheLine()
    {
        const QString path = writeFile(QStringLiteral("replaced.csv"),
                                       QByteArray("person_ref,given_name,family_name\n"
                                                  "T1,Al,Testchild\n"
                                                  "T2,Al,Test\xEF\xBF\xBD"
                                                  "child\n"));
        CsvTable table;
        QString error;
        QVERIFY(!table.load(path, &error));
        QVERIFY2(error.contains(QLatin1String("line 3")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("U+FFFD")), qPrintable(error));
    }

    void aCsvInUtf8WithAccentsLoads()
    {
        const QString path =
            writeFile(QStringLiteral("utf8.csv"),
                      QByteArray("\xEF\xBB\xBFperson_ref,given_name,family_name\r\n"
                                 "T1,Zo\xC3\xAB,\"Bront\xC3\xAB\nSmith\"\r\n"
                                 "T2,\xE5\xB0\x8F\xE6\x98\x8E,\xF0\x9F\x99\x82\r\n"));
        CsvTable table;
        QString error;
        QVERIFY2(table.load(path, &error), qPrintable(error));
        QCOMPARE(table.rows().size(), 2);
        QCOMPARE(table.value(table.rows().at(0), QStringLiteral("given_name")),
                 QStringLiteral("Zo\u00EB"));
        QCOMPARE(table.value(table.rows().at(0), QStringLiteral("family_name")),
                 QStringLiteral("Bront\u00EB\nSmith"));
        QCOMPARE(table.value(table.rows().at(1), QStringLiteral("family_name")),
                 QString::fromUtf8("\xF0\x9F\x99\x82"));
    }
};

QTEST_MAIN(TestSensibleValues)
#include "tst_sensiblevalues.moc"
