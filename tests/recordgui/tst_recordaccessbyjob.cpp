// Access by job on screen, each worker on their own PostgreSQL login: Short Break Home Staff
// opening the child see the placement request they were asked about (and the request it came
// from), told so, with no episodes, relationships or other steps and nothing to start; a Panel
// Administrator is offered no visit to start; a Social Worker is offered the visits, disabled
// with the reason on a parent's record.
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "mainwindow/mainwindow.h"
#include "record/historymodel.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "recordwait.h"
#include "securityfixture.h"
#include "workviewwait.h"

#include <QGroupBox>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestRecordAccessByJob : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SecurityFixture> m_f;
    qint64 m_parent = 0;
    qint64 m_placement = 0;
    qint64 m_askedAbout = 0;

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

    qint64 step(qint64 person, const QString &type, qint64 worker, qint64 vw, qint64 from,
                qint64 episode = 0)
    {
        return m_f->admin().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, assignee_virtual_worker_id, from_step_id, "
                           "episode_id, created_by) VALUES (?, ?, 'started', NULLIF(?, 0), "
                           "NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?) RETURNING id"),
            {person, type, worker, vw, from, episode, m_f->id(QStringLiteral("sw"))});
    }

    static QStringList actionsOf(const PersonRecordView *record)
    {
        QStringList names;
        for (const QAction *action : record->startWorkMenu()->actions())
            names << action->text();
        return names;
    }

private slots:
    void initTestCase()
    {
        m_f = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        Database &admin = m_f->admin();
        const qint64 sw = m_f->id(QStringLiteral("sw"));
        m_parent = admin.insert(
            QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, is_child) "
                           "VALUES ('TPAR' || ?, 'Pat', 'Testparent', FALSE) RETURNING id"),
            {m_f->childId});
        admin.exec(QStringLiteral("INSERT INTO relationships (person_id, related_person_id, "
                                  "relationship) VALUES (?, ?, 'Mother')"),
                   {m_f->childId, m_parent});
        m_placement = step(m_f->childId, QStringLiteral("CS Placement Request"), sw, 0, 0);
        m_askedAbout = step(m_f->childId, QStringLiteral("CS Short Term Breaks Placement Request"),
                            0, m_f->vwId(QStringLiteral("haven-cottage")), m_placement);
        step(m_f->childId, QStringLiteral("Child in Need Visit"), sw, 0, 0);
        const qint64 episode = admin.insert(
            QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, created_by) "
                           "VALUES (?, 'Direct Payments', CURRENT_DATE, ?) RETURNING id"),
            {m_f->childId, sw});
        step(m_f->childId, QStringLiteral("Direct Payments Referral"), sw, 0, 0, episode);
        QVERIFY(m_parent > 0 && m_askedAbout > 0 && episode > 0);
    }

    void homeStaffSeeThePlacementRequestTheyWereAskedAbout()
    {
        auto screen = signIn(QStringLiteral("haven"), QStringLiteral("home_staff"));
        PersonRecordView *record = screen->records->openPerson(m_f->childId);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY2(!record->isRefused(), qPrintable(record->refusal()));
        QCOMPARE(record->record().person.name(), QStringLiteral("Ava Testchild"));
        QVERIFY(record->askedAboutNote()->isVisibleTo(record));
        QCOMPARE(record->askedAboutNote()->kind(), InlineMessage::Kind::Information);
        QVERIFY(record->askedAboutNote()->message().startsWith(
            QLatin1String("You can see the placement request you were asked about.")));
        // The server returned only the request and the placement request it came from.
        QTRY_COMPARE(record->historyModel()->total(), 2);
        QList<qint64> steps;
        for (int row = 0; row < record->historyModel()->rowCount(); ++row)
            steps << record->historyModel()
                         ->index(row, 0)
                         .data(HistoryModel::StepIdRole)
                         .toLongLong();
        std::sort(steps.begin(), steps.end());
        QCOMPARE(steps, (QList<qint64>{m_placement, m_askedAbout}));
        QVERIFY(record->record().episodes.isEmpty());
        QVERIFY(record->record().relationships.isEmpty());
        // Not an empty record: the parts that are not theirs are not shown at all.
        QVERIFY(
            !record->findChild<QGroupBox *>(QStringLiteral("episodesGroup"))->isVisibleTo(record));
        QVERIFY(!record->findChild<QGroupBox *>(QStringLiteral("relationshipsGroup"))
                     ->isVisibleTo(record));
        QVERIFY(
            !record->findChild<QGroupBox *>(QStringLiteral("viewersGroup"))->isVisibleTo(record));
        // Nothing to start: no visits, no Direct Payments, each saying why.
        QVERIFY(actionsOf(record).isEmpty());
        QVERIFY(!record->startWorkButton()->isEnabled());
        QCOMPARE(record->startWorkButton()->toolTip(),
                 QStringLiteral("As Short Break Home Staff you do not start visits or "
                                "assessments from a record."));
        QVERIFY(!record->startDirectPaymentsButton()->isEnabled());
        QCOMPARE(record->startDirectPaymentsButton()->toolTip(),
                 QStringLiteral("Only a Social Worker can start Direct Payments."));
    }

    void aPanelAdministratorIsOfferedNoVisit()
    {
        auto screen = signIn(QStringLiteral("paneladmin"), QStringLiteral("panel_administrator"));
        PersonRecordView *record = screen->records->openPerson(m_f->childId);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY2(!record->isRefused(), qPrintable(record->refusal()));
        // A whole record for this role: no note, the history has every step.
        QVERIFY(!record->askedAboutNote()->isVisibleTo(record));
        QTRY_VERIFY(record->historyModel()->total() >= 4);
        QVERIFY(actionsOf(record).isEmpty());
        QVERIFY(!record->startWorkButton()->isEnabled());
        QVERIFY(!record->startDirectPaymentsButton()->isEnabled());
    }

    void aSocialWorkerIsOfferedVisitsToTheChildOnly()
    {
        auto screen = signIn(QStringLiteral("sw"), QStringLiteral("social_worker"));
        PersonRecordView *child = screen->records->openPerson(m_f->childId);
        CASEDESK_WAIT_FOR_RECORD(child);
        QVERIFY(actionsOf(child).contains(QStringLiteral("Child Protection Visit")));
        QVERIFY(child->startWorkButton()->isEnabled());
        QVERIFY(child->startDirectPaymentsButton()->isEnabled());
        for (const QAction *action : child->startWorkMenu()->actions())
            QVERIFY2(action->isEnabled(), qPrintable(action->text()));

        PersonRecordView *parent = screen->records->openPerson(m_parent);
        CASEDESK_WAIT_FOR_RECORD(parent);
        QVERIFY2(!parent->isRefused(), qPrintable(parent->refusal()));
        bool found = false;
        for (const QAction *action : parent->startWorkMenu()->actions()) {
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            if (action->text() == QLatin1String("Child Protection Visit")) {
                found = true;
                QCOMPARE(action->toolTip(),
                         QStringLiteral("Child Protection Visit is for a child, and Pat "
                                        "Testparent is not recorded as a child."));
            }
        }
        QVERIFY(found);
        QVERIFY(!parent->startDirectPaymentsButton()->isEnabled());
    }
};

QTEST_MAIN(TestRecordAccessByJob)
#include "tst_recordaccessbyjob.moc"
