// The person record on screen, on the demo data: Find person by part of a name, the record's
// sections, the history and its steps opened (finished ones read-only), who has viewed the
// record, starting work from it, and the record of the selected piece of work.
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "record/findpersondialog.h"
#include "record/historymodel.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "recordwait.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "stepwait.h"
#include "workview/fullworkview.h"
#include "workview/workviewmodel.h"
#include "workview/workviewtree.h"
#include "workviewwait.h"

#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

QStringList columnOf(const QTreeWidget *list, int column)
{
    QStringList texts;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        texts << list->topLevelItem(row)->text(column);
    return texts;
}

int rowOfStep(const QAbstractItemModel *model, qint64 stepId)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(HistoryModel::StepIdRole).toLongLong() == stepId &&
            index.data(HistoryModel::RequestIdRole).toLongLong() == 0)
            return row;
    }
    return -1;
}

} // namespace

class TestRecordGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString databasePath() const { return m_dir.filePath(u"demo/casedesk.sqlite"_qs); }

    std::unique_ptr<Database> m_db;

    Database &db() { return casedesk::test::testConnection(m_db, databasePath()); }

    Session signIn(const QString &username)
    {
        SignInDialog dialog(databasePath(), nullptr, *m_settings, &DefinitionRegistry::shared());
        if (!localPageLoaded(dialog) || !dialog.localPage()->selectWorker(username) ||
            !signInAndWait(dialog))
            qFatal("could not sign in as %s", qPrintable(username));
        return dialog.takeSession();
    }

    // The main window as Application::showMainWindow wires it.
    struct Screen
    {
        Session session;
        std::unique_ptr<MainWindow> window;
        WorkOpener *work = nullptr;
        RecordOpener *records = nullptr;
    };

    std::unique_ptr<Screen> open(const QString &username)
    {
        auto screen = std::make_unique<Screen>();
        screen->session = signIn(username);
        screen->window =
            std::make_unique<MainWindow>(screen->session, &DefinitionRegistry::shared());
        casedesk::test::waitForWorkview(*screen->window);
        screen->work =
            new WorkOpener(screen->session, DefinitionRegistry::shared(), screen->window.get());
        screen->records = new RecordOpener(screen->session, screen->work, screen->window.get());
        screen->window->show();
        return screen;
    }

    QVariant scalar(Screen &, const QString &sql, const QVariantList &values = {})
    {
        return db().scalar(sql, values);
    }

    static PersonRecordView *currentRecord(Screen &screen)
    {
        return qobject_cast<PersonRecordView *>(screen.window->workArea()->currentWidget());
    }

    // Finds the person through the Person menu, typing `text`, and opens the highlighted one.
    PersonRecordView *findAndOpen(Screen &screen, const QString &text)
    {
        screen.window->findPersonAction()->trigger();
        auto *dialog = screen.window->findChild<FindPersonDialog *>();
        if (!dialog)
            return nullptr;
        QTest::keyClicks(dialog->searchBox(), text);
        QTest::keyClick(dialog->searchBox(), Qt::Key_Return);
        // Enter before the results came: the record opens once they do, and reads itself.
        if (!QTest::qWaitFor([&screen] { return currentRecord(screen) != nullptr; }, 10000))
            return nullptr;
        PersonRecordView *record = currentRecord(screen);
        if (!QTest::qWaitFor([record] { return !record->isBusy(); }, 10000))
            return nullptr;
        return record;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings =
            std::make_unique<QSettings>(m_dir.filePath(u"casedesk.ini"_qs), QSettings::IniFormat);
    }

    void thePersonMenuOffersFindPersonWithItsShortcut()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        QMenu *person = nullptr;
        for (QAction *menu : screen->window->menuBar()->actions()) {
            if (menu->text() == u"&Person"_qs)
                person = menu->menu();
        }
        QVERIFY(person);
        QVERIFY(person->actions().contains(screen->window->findPersonAction()));
        QVERIFY(person->actions().contains(screen->window->openPersonRecordAction()));
        QCOMPARE(screen->window->findPersonAction()->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(screen->window->findPersonAction()->text(), u"&Find person\u2026"_qs);
    }

    void findsADemoChildByPartOfTheirName()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        screen->window->findPersonAction()->trigger();
        auto *dialog = screen->window->findChild<FindPersonDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->searchBox()->accessibleName().isEmpty());
        QVERIFY(!dialog->results()->accessibleName().isEmpty());

        QTest::keyClicks(dialog->searchBox(), u"c"_qs);
        dialog->search();
        QTRY_VERIFY(!dialog->isSearching()); // the search runs off the GUI thread
        QCOMPARE(dialog->results()->topLevelItemCount(), 0);
        QVERIFY(dialog->hint().contains(u"at least two letters"_qs));
        QVERIFY(!dialog->openButton()->isEnabled());

        QTest::keyClicks(dialog->searchBox(), u"art"_qs);
        dialog->search();
        QTRY_VERIFY(!dialog->isSearching()); // the search runs off the GUI thread
        const QStringList found = columnOf(dialog->results(), 0);
        for (const QString &name :
             {u"Gemma Cartwright"_qs, u"Lee Cartwright"_qs, u"Maisie Cartwright"_qs})
            QVERIFY2(found.contains(name), qPrintable(found.join(u", "_qs)));
        QVERIFY(dialog->openButton()->isEnabled());

        // By date of birth, as shown in the list, with part of the name.
        QString maisieBorn;
        for (int row = 0; row < dialog->results()->topLevelItemCount(); ++row) {
            if (dialog->results()->topLevelItem(row)->text(0) == u"Maisie Cartwright"_qs)
                maisieBorn = dialog->results()->topLevelItem(row)->text(2);
        }
        QVERIFY(!maisieBorn.isEmpty());
        dialog->searchBox()->clear();
        QTest::keyClicks(dialog->searchBox(), u"cart "_qs + maisieBorn);
        dialog->search();
        QTRY_VERIFY(!dialog->isSearching());
        QCOMPARE(columnOf(dialog->results(), 0), QStringList{u"Maisie Cartwright"_qs});

        dialog->searchBox()->clear();
        QTest::keyClicks(dialog->searchBox(), u"zzzq"_qs);
        dialog->search();
        QTRY_VERIFY(!dialog->isSearching()); // the search runs off the GUI thread
        QCOMPARE(dialog->results()->topLevelItemCount(), 0);
        QVERIFY(dialog->hint().contains(u"No one found"_qs));

        // Down goes to the list; Enter there opens the highlighted record.
        dialog->searchBox()->clear();
        QTest::keyClicks(dialog->searchBox(), u"mais cart"_qs);
        dialog->search();
        QTRY_VERIFY(!dialog->isSearching()); // the search runs off the GUI thread
        QCOMPARE(columnOf(dialog->results(), 0), QStringList{u"Maisie Cartwright"_qs});
        QTest::keyClick(dialog->searchBox(), Qt::Key_Down);
        QSignalSpy chosen(dialog, &FindPersonDialog::personChosen);
        QTest::keyClick(dialog->results(), Qt::Key_Return);
        QCOMPARE(chosen.size(), 1);
        PersonRecordView *record = currentRecord(*screen);
        CASEDESK_WAIT_FOR_RECORD(record);
        QCOMPARE(record->record().person.name(), u"Maisie Cartwright"_qs);
    }

    void theRecordShowsTheChildsDetailsRelationshipsHistoryAndViewers()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        const qint64 maisie =
            scalar(*screen, u"SELECT id FROM people WHERE given_name = 'Maisie'"_qs).toLongLong();
        const int viewsBefore = scalar(*screen,
                                       u"SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                       "action = 'view'"_qs,
                                       {maisie})
                                    .toInt();

        // Typed straight into the search box, Enter before the pause runs out.
        PersonRecordView *record = findAndOpen(*screen, u"Cartwright, Mai"_qs);
        QVERIFY(record);
        QVERIFY(!record->isRefused());
        QCOMPARE(record->personId(), maisie);
        const QString ref =
            scalar(*screen, u"SELECT person_ref FROM people WHERE id = ?"_qs, {maisie}).toString();
        QTabWidget *tabs = screen->window->workArea();
        QCOMPARE(tabs->tabText(tabs->currentIndex()), u"Maisie Cartwright (%1)"_qs.arg(ref));
        QCOMPARE(record->detailLabel(u"reference"_qs)->text(), ref);
        const QDate born =
            scalar(*screen, u"SELECT date_of_birth FROM people WHERE id = ?"_qs, {maisie}).toDate();
        const QDate today = QDate::currentDate();
        const int age = today.year() - born.year() -
                        (today < born.addYears(today.year() - born.year()) ? 1 : 0);
        QCOMPARE(record->detailLabel(u"dateOfBirth"_qs)->text(),
                 u"%1 (age %2)"_qs.arg(born.toString(u"dd/MM/yyyy"_qs)).arg(age));
        QCOMPARE(record->detailLabel(u"gender"_qs)->text(), u"Female"_qs);
        QVERIFY(record->detailLabel(u"address"_qs)->text().contains(u"Northwold"_qs));
        QCOMPARE(record->detailLabel(u"allocatedWorker"_qs)->text(), u"Sam Okafor"_qs);
        QCOMPARE(record->detailLabel(u"team"_qs)->text(), screen->session.worker.teamName);
        QCOMPARE(record->detailLabel(u"restricted"_qs)->text(), u"No"_qs);
        QVERIFY(record->detailLabel(u"address"_qs)->accessibleName() == u"Address"_qs);

        // Relationships recorded both ways are listed once, with parental responsibility.
        QTreeWidget *relationships = record->relationshipsList();
        QCOMPARE(columnOf(relationships, 0),
                 QStringList({u"Gemma Cartwright"_qs, u"Lee Cartwright"_qs}));
        QCOMPARE(columnOf(relationships, 1), QStringList({u"Mother"_qs, u"Father"_qs}));
        QCOMPARE(columnOf(relationships, 2), QStringList({u"Yes"_qs, u"Yes"_qs}));

        // The history: every step and request, newest first.
        const int steps =
            scalar(*screen, u"SELECT count(*) FROM worksteps WHERE person_id = ?"_qs, {maisie})
                .toInt();
        const int requests = scalar(*screen,
                                    u"SELECT count(*) FROM requests r JOIN worksteps s ON s.id = "
                                    "r.step_id WHERE s.person_id = ?"_qs,
                                    {maisie})
                                 .toInt();
        QAbstractItemModel *history = record->historyView()->model();
        QCOMPARE(history->rowCount(), steps + requests);
        QVERIFY(steps >= 2 && requests >= 1);
        QStringList titles;
        for (int row = 0; row < history->rowCount(); ++row)
            titles << history->index(row, HistoryModel::TitleColumn).data().toString();
        QVERIFY2(titles.contains(u"CS Decision on Significant Information (Open SC Case)"_qs),
                 qPrintable(titles.join(u" | "_qs)));
        QVERIFY(titles.contains(u"SC Panel"_qs));
        QVERIFY(titles.indexOf(u"SC Panel"_qs) <
                titles.indexOf(u"CS Decision on Significant Information (Open SC Case)"_qs));
        QVERIFY(record->historySummary()->text().contains(u"newest first"_qs));

        // This opening is in the audit log and heads "Who has viewed this record".
        QCOMPARE(
            scalar(*screen,
                   u"SELECT count(*) FROM audit_log WHERE person_id = ? AND action = 'view'"_qs,
                   {maisie})
                .toInt(),
            viewsBefore + 1);
        QTreeWidget *viewers = record->viewersList();
        QVERIFY(viewers->isVisibleTo(record));
        QCOMPARE(viewers->topLevelItemCount(), viewsBefore + 1);
        QCOMPARE(viewers->topLevelItem(0)->text(1), u"Sam Okafor"_qs);
        QCOMPARE(viewers->topLevelItem(0)->text(2), u"Social Worker"_qs);

        // Opening the same record again brings its tab forward.
        const int count = tabs->count();
        QCOMPARE(screen->records->openPerson(maisie), record);
        QCOMPARE(tabs->count(), count);
    }

    void aFinishedStepOpensReadOnlyFromTheHistory()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        const qint64 maisie =
            scalar(*screen, u"SELECT id FROM people WHERE given_name = 'Maisie'"_qs).toLongLong();
        const qint64 decision = scalar(*screen,
                                       u"SELECT id FROM worksteps WHERE person_id = ? AND status = "
                                       "'finished' ORDER BY id LIMIT 1"_qs,
                                       {maisie})
                                    .toLongLong();
        QVERIFY(decision > 0);
        const int auditBefore = scalar(*screen, u"SELECT count(*) FROM audit_log"_qs).toInt();
        PersonRecordView *record = screen->records->openPerson(maisie);
        CASEDESK_WAIT_FOR_RECORD(record);
        QTreeView *view = record->historyView();
        const int row = rowOfStep(view->model(), decision);
        QVERIFY(row >= 0);
        view->setFocus();
        view->setCurrentIndex(view->model()->index(row, 0));
        QTest::keyClick(view, Qt::Key_Return);

        QTRY_VERIFY(qobject_cast<StepEditor *>(screen->window->workArea()->currentWidget()));
        auto *editor = qobject_cast<StepEditor *>(screen->window->workArea()->currentWidget());
        QVERIFY(editor);
        QCOMPARE(editor->stepId(), decision);
        QVERIFY(!editor->saveAction()->isEnabled());
        QVERIFY2(editor->saveAction()->toolTip().contains(u"read-only"_qs),
                 qPrintable(editor->saveAction()->toolTip()));
        QVERIFY(!editor->finishAction()->isEnabled());
        QCOMPARE(WorkflowEngine(db(), DefinitionRegistry::shared()).step(decision).status,
                 StepStatus::Finished);
        // Only the opening of the record was written: the step was not resumed.
        QCOMPARE(scalar(*screen, u"SELECT count(*) FROM audit_log"_qs).toInt(), auditBefore + 1);

        // Someone else's started work opens read-only too, neither started nor resumed.
        const qint64 othersWork = scalar(*screen,
                                         u"SELECT id FROM worksteps WHERE status = 'started' AND "
                                         "assignee_worker_id <> ? ORDER BY id LIMIT 1"_qs,
                                         {screen->session.worker.id})
                                      .toLongLong();
        QVERIFY(othersWork > 0);
        auto *other = openAndWait(screen->work->openFromRecord(othersWork));
        QVERIFY(other);
        QVERIFY(!other->saveAction()->isEnabled());
        QVERIFY(!other->saveAction()->toolTip().isEmpty());
    }

    void episodesAndStartDirectPaymentsAreOfferedFromTheRecord()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        QSqlQuery query = db().exec(
            u"SELECT e.id, e.person_id, e.start_date FROM episodes e JOIN people p ON p.id = "
            "e.person_id WHERE p.allocated_worker_id = ? ORDER BY e.id LIMIT 1"_qs,
            {screen->session.worker.id});
        QVERIFY(query.next());
        const qint64 episode = query.value(0).toLongLong();
        const qint64 child = query.value(1).toLongLong();
        PersonRecordView *record = screen->records->openPerson(child);
        CASEDESK_WAIT_FOR_RECORD(record);
        QTreeWidget *episodes = record->episodesList();
        QVERIFY(columnOf(episodes, 0).contains(u"Direct Payments"_qs));
        QVERIFY(columnOf(episodes, 1).contains(query.value(2).toDate().toString(u"dd/MM/yyyy"_qs)));

        QSignalSpy episodeSpy(screen->records, &RecordOpener::episodeRequested);
        for (int row = 0; row < episodes->topLevelItemCount(); ++row) {
            if (episodes->topLevelItem(row)->data(0, Qt::UserRole).toLongLong() == episode)
                episodes->setCurrentItem(episodes->topLevelItem(row));
        }
        episodes->setFocus();
        QTest::keyClick(episodes, Qt::Key_Return);
        QCOMPARE(episodeSpy.size(), 1);
        QCOMPARE(episodeSpy.first().first().toLongLong(), episode);

        QSignalSpy startSpy(screen->records, &RecordOpener::startDirectPaymentsRequested);
        QVERIFY(record->startDirectPaymentsButton()->isEnabled());
        QTest::mouseClick(record->startDirectPaymentsButton(), Qt::LeftButton);
        QCOMPARE(startSpy.size(), 1);
        QCOMPARE(startSpy.first().first().toLongLong(), child);
    }

    void startsAVisitFromTheRecord()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        const qint64 lily =
            scalar(*screen, u"SELECT id FROM people WHERE given_name = 'Lily'"_qs).toLongLong();
        PersonRecordView *record = screen->records->openPerson(lily);
        CASEDESK_WAIT_FOR_RECORD(record);
        QStringList offered;
        QAction *visit = nullptr;
        for (QAction *action : record->startWorkMenu()->actions()) {
            offered << action->text();
            if (action->text() == u"Child in Need Visit"_qs)
                visit = action;
        }
        // The step types forms/step-types marks startableFromRecord, and no others.
        QVERIFY(offered.contains(u"Child Protection Visit"_qs));
        QVERIFY(offered.contains(u"SC Child and Family Assessment"_qs));
        QVERIFY(!offered.contains(u"SC Panel"_qs));
        QVERIFY(visit);
        const int before = record->historyModel()->total();
        visit->trigger();
        // The step is created and started off the GUI thread; its editor opens when it is.
        QVERIFY(!record->startWorkButton()->isEnabled());
        QTRY_VERIFY(qobject_cast<StepEditor *>(screen->window->workArea()->currentWidget()));
        auto *editor = qobject_cast<StepEditor *>(screen->window->workArea()->currentWidget());
        QVERIFY(editor);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY(record->startWorkButton()->isEnabled());
        const StepRecord step =
            WorkflowEngine(db(), DefinitionRegistry::shared()).step(editor->stepId());
        QCOMPARE(step.personId, lily);
        QCOMPARE(step.stepType, u"Child in Need Visit"_qs);
        QCOMPARE(step.status, StepStatus::Started);
        QCOMPARE(step.assigneeWorkerId, screen->session.worker.id);
        QVERIFY(editor->saveAction()->isEnabled());
        QCOMPARE(record->historyModel()->total(), before + 1);
        QCOMPARE(record->historyView()->model()->index(0, HistoryModel::TitleColumn).data(),
                 QVariant(u"Child in Need Visit"_qs));
        QCOMPARE(record->message()->kind(), InlineMessage::Kind::Success);
    }

    void opensTheRecordOfTheSelectedPieceOfWork()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        WorkviewTree *tree = screen->window->fullWorkview()->tree();
        QAbstractItemModel *model = tree->model();
        const QModelIndex owner = model->index(0, 0);
        const QModelIndex category = model->index(0, 0, owner);
        const QModelIndex item = model->index(0, 0, category);
        const qint64 stepId = item.data(WorkviewModel::StepIdRole).toLongLong();
        QVERIFY(stepId > 0);
        tree->setCurrentIndex(item);
        QCOMPARE(screen->window->currentWorkStepId(), stepId);
        screen->window->openPersonRecordAction()->trigger();
        // The step's person is read off the GUI thread, then the record opens.
        QTRY_VERIFY(currentRecord(*screen));
        PersonRecordView *record = currentRecord(*screen);
        CASEDESK_WAIT_FOR_RECORD(record);
        QCOMPARE(record->personId(),
                 WorkflowEngine(db(), DefinitionRegistry::shared()).step(stepId).personId);
        QCOMPARE(screen->window->openPersonRecordAction()->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    }

    void aLongHistoryIsReadAPageAtATime()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        const qint64 noah =
            scalar(*screen, u"SELECT id FROM people WHERE given_name = 'Noah'"_qs).toLongLong();
        const QDateTime longAgo(QDate(2019, 1, 7), QTime(10, 0), Qt::UTC);
        for (int i = 0; i < 240; ++i)
            QVERIFY(
                db().insert(u"INSERT INTO worksteps (person_id, step_type, status, "
                            "assignee_worker_id, created_at, finished_at, finished_by) VALUES (?, "
                            "'Child in Need Visit', 'finished', ?, ?, ?, ?) RETURNING id"_qs,
                            {noah, screen->session.worker.id, longAgo.addDays(i * 14),
                             longAgo.addDays(i * 14 + 1), screen->session.worker.id}) > 0);
        const int total =
            scalar(*screen, u"SELECT count(*) FROM worksteps WHERE person_id = ?"_qs, {noah})
                .toInt() +
            scalar(*screen,
                   u"SELECT count(*) FROM requests r JOIN worksteps s ON s.id = "
                   "r.step_id WHERE s.person_id = ?"_qs,
                   {noah})
                .toInt();
        PersonRecordView *record = screen->records->openPerson(noah);
        CASEDESK_WAIT_FOR_RECORD(record);
        QAbstractItemModel *history = record->historyView()->model();
        // Only the first page is read: the rest when asked for, a page at a time.
        const int shown = history->rowCount();
        QCOMPARE(shown, PersonRecordQuery::HistoryPageSize);
        QTest::qWait(100); // laying the view out asks for nothing more
        QVERIFY(!record->isBusy());
        QCOMPARE(history->rowCount(), shown);
        QCOMPARE(record->historySummary()->text(),
                 u"The newest %1 of %2 steps and requests. Scroll to the end, or Show more, to "
                 "see older ones."_qs.arg(shown)
                     .arg(total));
        auto *more = record->findChild<QPushButton *>(u"showMoreHistoryButton"_qs);
        QVERIFY(more && more->isVisibleTo(record));
        // Scrolling to the end reads the next page.
        QScrollBar *scroll = record->historyView()->verticalScrollBar();
        QTRY_VERIFY(scroll->maximum() > 0);
        QSignalSpy scrolledReading(record->historyModel(), &HistoryModel::readingChanged);
        scroll->setValue(scroll->maximum());
        // Read off the GUI thread (scrolling may already have let the page land).
        QVERIFY(!scrolledReading.isEmpty());
        QCOMPARE(scrolledReading.first().first().toBool(), true);
        CASEDESK_WAIT_FOR_RECORD(record);
        QCOMPARE(history->rowCount(), 2 * PersonRecordQuery::HistoryPageSize);
        int clicks = 0;
        while (more->isVisibleTo(record) && clicks < 10) {
            const int before = history->rowCount();
            QSignalSpy reading(record->historyModel(), &HistoryModel::readingChanged);
            QTest::mouseClick(more, Qt::LeftButton);
            // The page is read off the GUI thread (the click may already have let it land).
            QVERIFY(!reading.isEmpty());
            QCOMPARE(reading.first().first().toBool(), true);
            CASEDESK_WAIT_FOR_RECORD(record);
            QVERIFY(history->rowCount() > before);
            QVERIFY(more->isEnabled() || !more->isVisibleTo(record));
            ++clicks;
        }
        QCOMPARE(history->rowCount(), total);
        QVERIFY(!more->isVisibleTo(record));
        QCOMPARE(history->index(total - 1, HistoryModel::DateColumn).data().toString(),
                 u"07/01/2019"_qs);
    }

    void aRecordThatCannotBeOpenedShowsWhyInPlace()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        const int dialogs = MessageBox::callCount();
        PersonRecordView *record = screen->records->openPerson(987654321);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY(record->isRefused());
        auto *message = record->findChild<InlineMessage *>(u"refusalMessage"_qs);
        QVERIFY(message);
        QVERIFY(message->isVisibleTo(record));
        QCOMPARE(message->message(), u"This record no longer exists."_qs);
        // Not a lost connection: trying again would not help.
        QVERIFY(!record->tryAgainButton()->isVisibleTo(record));
        QVERIFY(!record->detailLabel(u"reference"_qs));
        QCOMPARE(MessageBox::callCount(), dialogs); // no error dialog
    }

    void savesAPictureOfTheRecord()
    {
        auto screen = open(DemoSeeder::socialWorkerUsername());
        screen->window->resize(1500, 900);
        // The child with an episode and the longest history.
        const qint64 child =
            scalar(*screen, u"SELECT e.person_id FROM episodes e ORDER BY (SELECT count(*) FROM "
                            "worksteps s JOIN requests r ON r.step_id = s.id WHERE s.person_id = "
                            "e.person_id) + (SELECT count(*) FROM worksteps s WHERE s.person_id = "
                            "e.person_id) DESC, e.id LIMIT 1"_qs)
                .toLongLong();
        PersonRecordView *record = screen->records->openPerson(child);
        CASEDESK_WAIT_FOR_RECORD(record);
        QVERIFY(QTest::qWaitForWindowExposed(screen->window.get()));
        QTest::qWait(50); // let the layout settle before the picture; nothing is asserted on time
        const QString file = qEnvironmentVariableIsSet("CASEDESK_RECORD_SCREENSHOT")
                                 ? qEnvironmentVariable("CASEDESK_RECORD_SCREENSHOT")
                                 : m_dir.filePath(u"person-record.png"_qs);
        QVERIFY(screen->window->grab().save(file));
    }
};

QTEST_MAIN(TestRecordGui)
#include "tst_recordgui.moc"
