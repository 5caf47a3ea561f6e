// `casedesk --database FILE --as WORKER --open "STEP TYPE" --pdf OUT.pdf` writes the worker's
// first such step as a PDF without a window (the demo data of a new data file).
#include "paperchecks.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk::test;

class TestPaperCli : public QObject
{
    Q_OBJECT

private slots:
    void writesTheWorkersFirstStepAsPdf()
    {
        QTemporaryDir dir;
        const QString pdf = dir.filePath(u"visit.pdf"_qs);
        QProcess casedesk;
        casedesk.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        casedesk.start(QStringLiteral(CASEDESK_BINARY),
                       {u"--database"_qs, dir.filePath(u"demo.sqlite"_qs), u"--as"_qs,
                        u"sw.demo"_qs, u"--open"_qs, QStringLiteral(CLI_STEP_TYPE), u"--pdf"_qs,
                        pdf});
        QVERIFY(casedesk.waitForFinished(120000));
        QCOMPARE(casedesk.exitCode(), 0);
        const QStringList pages = pdfPages(pdf);
        QVERIFY(!pages.isEmpty());
        for (int i = 0; i < pages.size(); ++i) {
            QCOMPARE(firstLine(pages.at(i)), u"OFFICIAL-SENSITIVE"_qs);
            QCOMPARE(lastLine(pages.at(i)), u"OFFICIAL-SENSITIVE"_qs);
            QVERIFY(pages.at(i).contains(u"Page %1 of %2"_qs.arg(i + 1).arg(pages.size())));
        }
        const QString text = squeezed(pages.join(QLatin1Char('\n')));
        QVERIFY2(text.contains(QStringLiteral(CLI_STEP_TYPE)), qPrintable(text.left(300)));
        QVERIFY(text.contains(u"Produced by "_qs));
    }

    void saysWhenThereIsNoSuchWork()
    {
        QTemporaryDir dir;
        const QString pdf = dir.filePath(u"none.pdf"_qs);
        QProcess casedesk;
        casedesk.start(QStringLiteral(CASEDESK_BINARY),
                       {u"--database"_qs, dir.filePath(u"demo.sqlite"_qs), u"--as"_qs,
                        u"sw.demo"_qs, u"--open"_qs, u"No Such Step"_qs, u"--pdf"_qs, pdf});
        QVERIFY(casedesk.waitForFinished(120000));
        QCOMPARE(casedesk.exitCode(), 1);
        QVERIFY(QString::fromUtf8(casedesk.readAllStandardError())
                    .contains(u"sw.demo has no No Such Step to open."_qs));
        QVERIFY(!QFile::exists(pdf));
    }
};

QTEST_GUILESS_MAIN(TestPaperCli)
#include "tst_papercli.moc"
