// The person record on PostgreSQL, each worker on their own login: a restricted record the
// worker may not see shows the server's refusal in place of the record (no dialog); the
// allocated worker sees it, marked restricted, with who has viewed it; a worker who may not see
// the viewers gets a short note instead.
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "mainwindow/mainwindow.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "recordwait.h"
#include "securityfixture.h"
#include "workviewwait.h"

#include <QLabel>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestRecordGuiPostgres : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SecurityFixture> m_f;

    struct Screen
    {
        Session session;
        std::unique_ptr<MainWindow> window;
        RecordOpener *records = nullptr;
    };

    // Signed in as the worker's own login, wired as Application::showMainWindow does.
    std::unique_ptr<Screen> signIn(const QString &key, const QString &role)
    {
        auto screen = std::make_unique<Screen>();
        screen->session.database = std::make_unique<Database>();
        const Status opened =
            screen->session.database->open(m_f->settings(key), m_f->password(key));
        if (!opened)
            qFatal("cannot sign in as %s: %s", qPrintable(key), qPrintable(opened.message()));
        screen->session.worker = WorkerDirectory(*screen->session.database).identity(m_f->id(key));
        screen->session.actingRole = role;
        screen->window =
            std::make_unique<MainWindow>(screen->session, &DefinitionRegistry::shared());
        casedesk::test::waitForWorkview(*screen->window);
        auto *work =
            new WorkOpener(screen->session, DefinitionRegistry::shared(), screen->window.get());
        screen->records = new RecordOpener(screen->session, work, screen->window.get());
        screen->window->show();
        return screen;
    }

private slots:
    void initTestCase()
    {
        m_f = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
    }

    void aRestrictedRecordTheWorkerMayNotSeeShowsTheRefusal()
    {
        auto screen = signIn(QStringLiteral("far_sw"), QStringLiteral("social_worker"));
        const int dialogs = MessageBox::callCount();
        PersonRecordView *record = screen->records->openPerson(m_f->restrictedId);
        CASEDESK_WAIT_FOR_RECORD(record);
        QCOMPARE(screen->window->workArea()->currentWidget(), record);
        QVERIFY(record->isRefused());
        auto *message = record->findChild<InlineMessage *>(QStringLiteral("refusalMessage"));
        QVERIFY(message);
        QVERIFY(message->isVisibleTo(record));
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(QLatin1String("not allowed to open the record")),
                 qPrintable(message->message()));
        // Nothing of the record is on screen, and the tab does not name the child.
        QVERIFY(!record->detailLabel(QStringLiteral("reference")));
        QVERIFY(!record->findChild<QTreeWidget *>(QStringLiteral("relationshipsList")));
        const QString tab =
            screen->window->workArea()->tabText(screen->window->workArea()->currentIndex());
        QVERIFY2(!tab.contains(QLatin1String("Testrestricted")), qPrintable(tab));
        QCOMPARE(MessageBox::callCount(), dialogs);
    }

    void theAllocatedWorkerSeesItMarkedRestrictedWithItsViewers()
    {
        auto screen = signIn(QStringLiteral("sw"), QStringLiteral("social_worker"));
        PersonRecordView *record = screen->records->openPerson(m_f->restrictedId);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY2(!record->isRefused(), qPrintable(record->refusal()));
        QCOMPARE(record->detailLabel(QStringLiteral("restricted"))->text(), QStringLiteral("Yes"));
        auto *banner = record->findChild<InlineMessage *>(QStringLiteral("restrictedBanner"));
        QVERIFY(banner && banner->isVisibleTo(record));
        QVERIFY(banner->message().startsWith(QLatin1String("Restricted record")));
        QTreeWidget *viewers = record->viewersList();
        QVERIFY(viewers->isVisibleTo(record));
        QVERIFY(viewers->topLevelItemCount() >= 1);
        QCOMPARE(viewers->topLevelItem(0)->text(1), QStringLiteral("Worker sw"));
        QCOMPARE(viewers->topLevelItem(0)->text(2), QStringLiteral("Social Worker"));
    }

    void whoHasViewedIsANoteForThoseTheServerDoesNotShowIt()
    {
        auto screen = signIn(QStringLiteral("far_sw"), QStringLiteral("social_worker"));
        const int dialogs = MessageBox::callCount();
        PersonRecordView *record = screen->records->openPerson(m_f->childId);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY2(!record->isRefused(), qPrintable(record->refusal()));
        QCOMPARE(record->record().person.name(), QStringLiteral("Ava Testchild"));
        QVERIFY(!record->viewersList()->isVisibleTo(record));
        QVERIFY(record->viewersNote()->isVisibleTo(record));
        QVERIFY(record->viewersNote()->text().startsWith(QLatin1String("Only the allocated")));
        QCOMPARE(MessageBox::callCount(), dialogs);
    }
};

QTEST_MAIN(TestRecordGuiPostgres)
#include "tst_recordguipostgres.moc"
