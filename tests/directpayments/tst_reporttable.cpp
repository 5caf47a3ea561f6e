// Reports as rows and their CSV export.
#include "directpayments/reporttable.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;

class TestReportTable : public QObject
{
    Q_OBJECT

private slots:
    void csvQuotesWhatNeedsQuoting()
    {
        ReportTable table;
        table.header =
            QStringList{QStringLiteral("Child"), QStringLiteral("Note"), QStringLiteral("Days")};
        table.rows << QStringList{QStringLiteral("Ava Testchild"), QStringLiteral("plain"),
                                  QStringLiteral("3")};
        table.rows << QStringList{QStringLiteral("Testchild, Ava"),
                                  QStringLiteral("said \"no\"\nthen yes"), QStringLiteral("-2")};
        table.rows << QStringList{QStringLiteral("=HYPERLINK(\"x\")"), QStringLiteral("@SUM(A1)"),
                                  QStringLiteral("+44 1234")};
        table.rows << QStringList{QStringLiteral("Not agreed – another suggestion made"), QString(),
                                  QStringLiteral("-")};
        QCOMPARE(table.toCsv(),
                 QStringLiteral("Child,Note,Days\r\n"
                                "Ava Testchild,plain,3\r\n"
                                "\"Testchild, Ava\",\"said \"\"no\"\"\nthen yes\",-2\r\n"
                                "\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),'+44 1234\r\n"
                                "Not agreed – another suggestion made,,'-\r\n"));
    }

    void writesUtf8WithAByteOrderMark()
    {
        QTemporaryDir dir;
        ReportTable table;
        table.header = QStringList{QStringLiteral("Outcome")};
        table.rows << QStringList{QStringLiteral("Not approved – return to the worker")};
        const QString path = dir.filePath(QStringLiteral("report.csv"));
        QString error;
        QVERIFY2(table.writeCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QCOMPARE(QString::fromUtf8(bytes.mid(3)), table.toCsv());
        QVERIFY(!table.writeCsv(dir.filePath(QStringLiteral("missing/report.csv")), &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReportTable)
#include "tst_reporttable.moc"
