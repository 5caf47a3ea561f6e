// A person whose name is 300 characters long must not widen the main window (it reached 3,779
// px): the record's heading, a step's heading and the work tabs end in "…" and carry the whole
// name in their tooltips.
#include "app/workopener.h"
#include "common/elidedlabel.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "recordwait.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "workviewwait.h"

#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;

namespace {

// The widest the window may be: what it opens at (1600 px) and no wider.
const int WidestWindow = 1600;

} // namespace

class TestLongNames : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    QString m_given;
    QString m_family;

    QString databasePath() const { return m_dir.filePath(QStringLiteral("demo/casedesk.sqlite")); }

    std::unique_ptr<Database> m_db;

    Database &db() { return casedesk::test::testConnection(m_db, databasePath()); }

    Session signIn()
    {
        SignInDialog dialog(databasePath(), nullptr, *m_settings, &DefinitionRegistry::shared());
        if (!casedesk::test::localPageLoaded(dialog) ||
            !dialog.localPage()->selectWorker(DemoSeeder::socialWorkerUsername()) ||
            !casedesk::test::signInAndWait(dialog))
            qFatal("could not sign in");
        return dialog.takeSession();
    }

    static void settle()
    {
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::processEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        }
        QTest::qWait(50);
    }

    static QString widths(const MainWindow &window)
    {
        return QStringLiteral("window %1 px, minimum %2 px")
            .arg(window.width())
            .arg(window.minimumSizeHint().width());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("casedesk.ini")),
                                                 QSettings::IniFormat);
        // 300 characters with the space: one long word each, which cannot wrap either.
        m_given = QStringLiteral("Maisie") + QString(144, QLatin1Char('a'));
        m_family = QStringLiteral("Cartwright") + QString(139, QLatin1Char('e'));
        QCOMPARE(m_given.size() + 1 + m_family.size(), 300);
    }

    void aThreeHundredCharacterNameDoesNotWidenTheWindow()
    {
        Session session = signIn(); // seeds the demo database
        const qint64 maisie = db().scalar(QStringLiteral("SELECT id FROM people WHERE "
                                                         "given_name = 'Maisie'"))
                                  .toLongLong();
        QVERIFY(maisie > 0);
        QString error;
        db().exec(QStringLiteral("UPDATE people SET given_name = ?, family_name = ? WHERE id = ?"),
                  {m_given, m_family, maisie}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString name = m_given + QLatin1Char(' ') + m_family;

        MainWindow window(session, &DefinitionRegistry::shared());
        casedesk::test::waitForWorkview(window);
        auto *work = new WorkOpener(session, DefinitionRegistry::shared(), &window);
        auto *records = new RecordOpener(session, work, &window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        settle();
        QVERIFY2(window.width() <= WidestWindow, qPrintable(widths(window)));

        // The record: its heading and its tab.
        PersonRecordView *record = records->openPerson(maisie);
        CASEDESK_WAIT_FOR_RECORD(record); // it reads itself off the GUI thread
        settle();
        QVERIFY2(window.width() <= WidestWindow, qPrintable(widths(window)));
        QVERIFY2(window.minimumSizeHint().width() <= WidestWindow, qPrintable(widths(window)));
        auto *heading = record->findChild<ElidedLabel *>(QStringLiteral("personHeading"));
        QVERIFY(heading);
        QCOMPARE(heading->fullText(), name);
        QVERIFY(heading->isElided());
        QVERIFY(heading->text().endsWith(QChar(0x2026)));
        QCOMPARE(heading->toolTip(), name);
        QCOMPARE(heading->accessibleName(), name);
        QTabWidget *tabs = window.workArea();
        QVERIFY(tabs->tabText(tabs->currentIndex()).size() < 100);
        QVERIFY(tabs->tabToolTip(tabs->currentIndex()).startsWith(name));

        // A step on the person: its heading and its tab.
        QAction *visit = nullptr;
        for (QAction *action : record->startWorkMenu()->actions()) {
            if (action->text() == QLatin1String("Child in Need Visit"))
                visit = action;
        }
        QVERIFY(visit);
        visit->trigger();
        // The step is created and started off the GUI thread; its editor opens when it is.
        QTRY_VERIFY(qobject_cast<StepEditor *>(tabs->currentWidget()));
        auto *editor = qobject_cast<StepEditor *>(tabs->currentWidget());
        QVERIFY(editor);
        settle();
        QVERIFY2(window.width() <= WidestWindow, qPrintable(widths(window)));
        QVERIFY2(window.minimumSizeHint().width() <= WidestWindow, qPrintable(widths(window)));
        auto *stepHeading = editor->findChild<ElidedLabel *>(QStringLiteral("stepHeading"));
        QVERIFY(stepHeading);
        QVERIFY(stepHeading->fullText().endsWith(name));
        QVERIFY(stepHeading->isElided());
        QVERIFY(tabs->tabText(tabs->currentIndex()).size() < 100);
        QVERIFY(tabs->tabToolTip(tabs->currentIndex()).endsWith(name));

        // The workviews list the step with the name in a row of their own.
        window.refresh();
        settle();
        QVERIFY2(window.width() <= WidestWindow, qPrintable(widths(window)));
        QVERIFY2(window.minimumSizeHint().width() <= WidestWindow, qPrintable(widths(window)));
    }
};

QTEST_MAIN(TestLongNames)
#include "tst_longnames.moc"
