// Broken form definitions used to abort CaseDesk (qFatal: exit 134, no window). Now they are
// shown in a dialog, printed to stderr, and the program exits normally with a non-zero status.
#include "app/application.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "secrets/inmemorysecretstore.h"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace casedesk;

class TestBrokenDefinitions : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_broken; // a copy of the shipped definitions with one form file broken

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString shipped = qEnvironmentVariable("CASEDESK_FORMS_DIR");
        QVERIFY2(!shipped.isEmpty(), "the test registration points CASEDESK_FORMS_DIR at forms/");
        m_broken = m_dir.filePath(QStringLiteral("forms"));
        QDirIterator files(shipped, {QStringLiteral("*.json")}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString from = files.next();
            const QString to = m_broken + QLatin1Char('/') + QDir(shipped).relativeFilePath(from);
            QVERIFY(QDir().mkpath(QFileInfo(to).path()));
            QVERIFY(QFile::copy(from, to));
        }
        QFile visit(m_broken + QStringLiteral("/forms/CS-VISIT.json"));
        QVERIFY(visit.exists());
        QVERIFY(visit.open(QIODevice::WriteOnly | QIODevice::Truncate));
        visit.write("{ \"code\": \"CS-VISIT\", \"title\": ");
    }

    void theProgramExitsWithTheProblemsInsteadOfCrashing()
    {
        // --screenshot runs unattended, so the problems go to stderr without a dialog.
        QProcess casedesk;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("CASEDESK_FORMS_DIR"), m_broken);
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        casedesk.setProcessEnvironment(environment);
        casedesk.start(QStringLiteral(CASEDESK_PROGRAM),
                       {QStringLiteral("--database"), m_dir.filePath(QStringLiteral("db.sqlite")),
                        QStringLiteral("--screenshot"), m_dir.filePath(QStringLiteral("shot.png")),
                        QStringLiteral("--as"), QStringLiteral("sw")});
        QVERIFY(casedesk.waitForStarted(30000));
        QVERIFY(casedesk.waitForFinished(120000));
        const QString err = QString::fromUtf8(casedesk.readAllStandardError());
        QCOMPARE(casedesk.exitStatus(), QProcess::NormalExit);
        QVERIFY2(casedesk.exitCode() == Application::BrokenDefinitionsExitCode,
                 qPrintable(QStringLiteral("exit %1\n%2").arg(casedesk.exitCode()).arg(err)));
        QVERIFY2(err.contains(QLatin1String("CaseDesk cannot start: the form definitions in")),
                 qPrintable(err));
        QVERIFY2(err.contains(QDir::toNativeSeparators(m_broken)), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("forms/CS-VISIT.json")), qPrintable(err));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("shot.png"))));
    }

    void theProblemsAreShownInADialog()
    {
        // In this process the registry is loaded on first use, from here on the broken copy.
        qputenv("CASEDESK_FORMS_DIR", m_broken.toLocal8Bit());
        QVERIFY(!DefinitionRegistry::sharedProblems().isEmpty());

        bool signInOffered = false;
        Application application(std::make_unique<InMemorySecretStore>(),
                                [&signInOffered](bool, Session *, QString *) {
                                    signInOffered = true;
                                    return false;
                                });
        const int before = MessageBox::callCount();
        MessageBox::setNextAnswer(QMessageBox::Ok);
        const int code = application.run({QStringLiteral("casedesk"), QStringLiteral("--database"),
                                          m_dir.filePath(QStringLiteral("dialog.sqlite"))});
        QCOMPARE(code, Application::BrokenDefinitionsExitCode);
        QCOMPARE(MessageBox::callCount(), before + 1);
        const QString shown = MessageBox::lastText();
        QVERIFY2(shown.startsWith(QLatin1String("CaseDesk cannot start: the form definitions in ")),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("forms/CS-VISIT.json")), qPrintable(shown));
        QVERIFY(!signInOffered);
    }
};

QTEST_MAIN(TestBrokenDefinitions)
#include "tst_brokendefinitions.moc"
