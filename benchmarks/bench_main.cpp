// casedesk_bench: times what a worker waits for, against a database casedesk_benchgen filled,
// through the real core and widget classes. Prints a Markdown table (docs/benchmarks.md).
//
//   casedesk_bench --backend postgres --database casedesk_bench --runs 30 --as-workers
//
// --as-workers (PostgreSQL): runs everything again signed in as each worker's own login, where
// row-level security applies, as in the real deployment.

#include "app/windowparts.h"
#include "app/workopener.h"
#include "benchconnection.h"
#include "benchtimer.h"
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "guistall.h"
#include "linksimulator.h"
#include "mainwindow/mainwindow.h"
#include "record/findpersondialog.h"
#include "record/personrecordview.h"
#include "record/recordopener.h"
#include "records/personrecordquery.h"
#include "session/session.h"
#include "storage/database.h"
#include "storage/databasethread.h"
#include "workflow/workflowengine.h"
#include "workview/workerdirectory.h"
#include "workview/workviewmodel.h"
#include "workview/workviewquery.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextStream>
#include <QTreeWidget>
#include <QUuid>
#include <map>
#include <memory>

using namespace casedesk;
using namespace casedesk::bench;

namespace {

const QString SocialWorker = QStringLiteral("social_worker");

// Who and what is measured, picked from the generated authority.
struct Subjects
{
    QString socialWorker = QStringLiteral("bench.sw.001");
    QString manager = QStringLiteral("bench.manager.01");
    QString panelMember = QStringLiteral("bench.panel.01");
    QString panelAdministrator = QStringLiteral("bench.paneladmin.01");
    QString homeStaff = QStringLiteral("bench.haven.01");
    qint64 socialWorkerId = 0;
    qint64 startedStep = 0;  // the Social Worker's started SC Panel step (with a request)
    qint64 finishedStep = 0; // a finished step of the same child, read-only
    qint64 child = 0;        // that child
    int childSteps = 0;
};

QString count(qint64 n, const QString &what)
{
    return QString::number(n) + QLatin1Char(' ') + what;
}

QString describe(const QList<WorkviewSection> &sections)
{
    int items = 0;
    int total = 0;
    for (const WorkviewSection &section : sections) {
        total += section.total();
        for (const WorkviewCategoryPage &page : section.categories)
            items += int(page.items.size());
    }
    return QStringLiteral("%1 sections, %2 items").arg(sections.size()).arg(total) +
           (items != total ? QStringLiteral(" (%1 read)").arg(items) : QString());
}

class Bench
{
public:
    Bench(const ConnectionSettings &settings, const BenchTimer &timer, QTextStream &out,
          const QString &linkLabel)
        : m_settings(settings), m_timer(timer), m_out(out), m_linkLabel(linkLabel)
    {}

    bool pickSubjects(QString *error)
    {
        Database &db = connection(QString());
        const auto workerId = [&db](const QString &username) {
            return db
                .scalar(QStringLiteral("SELECT id FROM workers WHERE username = ?"), {username})
                .toLongLong();
        };
        m_subjects.socialWorkerId = workerId(m_subjects.socialWorker);
        m_subjects.startedStep =
            db.scalar(QStringLiteral("SELECT w.id FROM worksteps w WHERE w.assignee_worker_id = ? "
                                     "AND w.status = 'started' AND w.step_type = 'SC Panel' AND "
                                     "EXISTS (SELECT 1 FROM requests r WHERE r.step_id = w.id) "
                                     "ORDER BY w.id LIMIT 1"),
                      {m_subjects.socialWorkerId})
                .toLongLong();
        m_subjects.child = db.scalar(QStringLiteral("SELECT person_id FROM worksteps WHERE id = ?"),
                                     {m_subjects.startedStep})
                               .toLongLong();
        m_subjects.finishedStep =
            db.scalar(QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? AND status = "
                                     "'finished' ORDER BY id DESC LIMIT 1"),
                      {m_subjects.child})
                .toLongLong();
        m_subjects.childSteps =
            db.scalar(QStringLiteral("SELECT count(*) FROM worksteps WHERE person_id = ?"),
                      {m_subjects.child})
                .toInt();
        if (m_subjects.socialWorkerId <= 0 || m_subjects.startedStep <= 0 ||
            m_subjects.finishedStep <= 0) {
            *error = QStringLiteral("the database has no generated authority: run "
                                    "casedesk_benchgen first");
            return false;
        }
        return true;
    }

    const Subjects &subjects() const { return m_subjects; }

    void definitions()
    {
        report(QStringLiteral("owner"),
               BenchTimer::once(QStringLiteral("DefinitionRegistry::shared() first use"), [] {
                   return count(DefinitionRegistry::shared().forms().size(),
                                QStringLiteral("forms"));
               }));
        report(QStringLiteral("owner"),
               m_timer.measure(QStringLiteral("DefinitionRegistry load (uncached)"), [] {
                   DefinitionRegistry registry;
                   QStringList errors;
                   registry.load(DefinitionRegistry::defaultDirectory(), &errors);
                   return count(registry.stepTypes().size(), QStringLiteral("step types"));
               }));
    }

    // Everything, on the owner's connection (asWorkers false) or each worker's own login.
    void run(bool asWorkers)
    {
        const QString label = asWorkers ? QStringLiteral("worker login") : QStringLiteral("owner");
        const auto login = [asWorkers](const QString &username) {
            return asWorkers ? username : QString();
        };
        const Subjects &s = m_subjects;

        Database &sw = connection(login(s.socialWorker));
        report(label, m_timer.measure(QStringLiteral("sign-in: worker identity"), [&] {
            const WorkerIdentity identity = WorkerDirectory(sw).identityByUsername(s.socialWorker);
            return count(identity.roles.size(), QStringLiteral("roles"));
        }));

        const QList<std::pair<QString, QString>> workviews{
            {QStringLiteral("workview: Social Worker"), s.socialWorker},
            {QStringLiteral("workview: PS/Manager"), s.manager},
            {QStringLiteral("workview: Panel member (own + CS CWD – Panel)"), s.panelMember},
            {QStringLiteral("workview: Panel Administrator (own + 3 inboxes)"),
             s.panelAdministrator},
        };
        for (const auto &[name, username] : workviews) {
            Database &db = connection(login(username));
            const WorkerIdentity identity = WorkerDirectory(db).identityByUsername(username);
            report(label, m_timer.measure(name, [&] {
                return describe(WorkviewQuery(db).workviewOf(identity));
            }));
        }
        // One inbox at a time, as a member sees it: a plain one, and the two Direct Payments
        // ones whose lines carry a working-day countdown to a deadline.
        for (const auto &[username, code] :
             {std::pair{s.homeStaff, QStringLiteral("haven-cottage")},
              std::pair{s.panelAdministrator, QStringLiteral("direct-payments-inbox")},
              std::pair{s.panelAdministrator, QStringLiteral("direct-payments-group-tray")}}) {
            Database &db = connection(login(username));
            const WorkerIdentity identity = WorkerDirectory(db).identityByUsername(username);
            for (const VirtualWorkerRef &inbox : identity.virtualWorkers) {
                if (inbox.code != code)
                    continue;
                report(label, m_timer.measure(QStringLiteral("inbox: ") + inbox.name, [&] {
                    return describe({WorkviewQuery(db).section(
                        WorkviewOwner::virtualWorker(inbox.id, inbox.name, inbox.code))});
                }));
            }
        }

        WorkflowEngine &engine = engineFor(login(s.socialWorker));
        for (const auto &[name, stepId] :
             {std::pair{QStringLiteral("open step: started SC Panel"), s.startedStep},
              std::pair{QStringLiteral("open step: finished (history)"), s.finishedStep}}) {
            const qint64 id = stepId;
            report(label, m_timer.measure(name, [&engine, id] {
                const StepRecord step = engine.step(id);
                int answers = 0;
                for (const QString &form : step.openForms)
                    answers += int(engine.answers(id, form).size());
                const int values = int(engine.answerValues(id).size());
                const int requests = int(engine.requests(id).size());
                const int actions = int(engine.nextActions(id).size());
                Q_UNUSED(values);
                return QStringLiteral("%1 answers, %2 requests, %3 next actions")
                    .arg(answers)
                    .arg(requests)
                    .arg(actions);
            }));
        }

        // The same, as the step editor reads it now: WorkflowEngine::snapshot(), one statement.
        const Actor actor{s.socialWorkerId, SocialWorker};
        for (const auto &[name, stepId] :
             {std::pair{QStringLiteral("open step: snapshot, started SC Panel"), s.startedStep},
              std::pair{QStringLiteral("open step: snapshot, finished (history)"),
                        s.finishedStep}}) {
            const qint64 id = stepId;
            report(label, m_timer.measure(name, [&engine, &actor, id] {
                const StepSnapshot snapshot = engine.snapshot(id, actor);
                int answers = 0;
                for (const auto &form : snapshot.answers)
                    answers += int(form.size());
                return QStringLiteral("%1 answers, %2 requests, %3 next actions")
                    .arg(answers)
                    .arg(snapshot.requests.size())
                    .arg(snapshot.nextActions.size());
            }));
        }
        // Save as the form's Save makes it: one changed answer, with a save token.
        const auto [saveForm, saveQuestion] = textQuestion(engine.step(s.startedStep));
        report(label, m_timer.measure(QStringLiteral("save one answer"), [&, form = saveForm,
                                                                          question = saveQuestion] {
            const Status saved = engine.saveAnswers(
                s.startedStep, form, {{question, answerForRun(form, question)}}, actor, -1, nullptr,
                QUuid::createUuid().toString(QUuid::WithoutBraces));
            return saved ? QStringLiteral("saved %1 %2").arg(form, question)
                         : QStringLiteral("REFUSED: ") + saved.message().simplified();
        }));

        PersonRecordQuery records(sw);
        report(label,
               m_timer.measure(QStringLiteral("open record: child + first history page"), [&] {
                   Status status = Status::ok();
                   const PersonRecord record = records.open(s.child, actor, &status);
                   const HistoryPage history = records.history(s.child);
                   if (!status)
                       return QString(QStringLiteral("REFUSED: ") + status.message());
                   return QStringLiteral("%1 relationships, %2 of %3 history lines")
                       .arg(record.relationships.size())
                       .arg(history.entries.size())
                       .arg(history.total);
               }));
        for (const QString &text :
             {QStringLiteral("harg"), QStringLiteral("Hargreaves"), QStringLiteral("lily harg"),
              QStringLiteral("C1002"), QStringLiteral("a")}) {
            report(label,
                   m_timer.measure(QStringLiteral("find person: \"") + text + QLatin1Char('"'),
                                   [&records, text] {
                                       return count(records.search(text).size(),
                                                    QStringLiteral("found"));
                                   }));
        }

        Directory directory(sw, DefinitionRegistry::shared());
        report(
            label, m_timer.measure(QStringLiteral("StepEditor: build for started SC Panel"), [&] {
                StepEditor editor(engine, directory, engine.snapshot(s.startedStep, actor), actor);
                return editor.title();
            }));
        const StepRecord started = engine.step(s.startedStep);
        report(label, m_timer.measure(QStringLiteral("FormEditor: build primary form"), [&] {
            FormEditor editor(engine, directory, engine.snapshot(s.startedStep, actor),
                              started.openForms.value(0), actor);
            return editor.formCode();
        }));
    }

    // Issue 17 point 4: opening a record and a step as the number of earlier openings and of
    // answer versions grows (PostgreSQL, the Social Worker's own login). One child and one step,
    // given more openings or versions on the owner's connection before each level (then
    // ANALYZE, as autovacuum would); the figures should stay flat.
    void growth()
    {
        const Subjects &s = m_subjects;
        Database &owner = connection(QString());
        Database &sw = connection(s.socialWorker);
        const Actor actor{s.socialWorkerId, SocialWorker};
        const QString label = QStringLiteral("worker login");

        QList<qint64> children;
        QSqlQuery found = owner.exec(
            QStringLiteral("SELECT DISTINCT person_id FROM worksteps WHERE assignee_worker_id = ? "
                           "AND person_id <> ? ORDER BY person_id LIMIT 1"),
            {s.socialWorkerId, s.child});
        while (found.next())
            children << found.value(0).toLongLong();
        const QList<int> openings{0, 1000, 10000};
        for (int i = 0; i < openings.size() && !children.isEmpty(); ++i) {
            const qint64 child = children.first();
            const int already = owner
                                    .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE "
                                                           "person_id = ? AND action = 'view'"),
                                            {child})
                                    .toInt();
            if (openings.at(i) > already)
                owner.exec(
                    QStringLiteral("INSERT INTO audit_log (occurred_at, worker_id, acting_role, "
                                   "action, entity, entity_id, person_id, details, source, "
                                   "recorded_at) SELECT now() - g * interval '1 minute', ?, "
                                   "'social_worker', 'view', 'person', ?, ?, 'bench opening', "
                                   "'server', now() - g * interval '1 minute' FROM "
                                   "generate_series(1, ?) g"),
                    {s.socialWorkerId, child, child, openings.at(i) - already});
            owner.exec(QStringLiteral("ANALYZE audit_log"));
            PersonRecordQuery records(sw);
            report(label,
                   m_timer.measure(
                       QStringLiteral("open record: %1 earlier openings").arg(openings.at(i)),
                       [&records, child, &actor] {
                           const RecordReading reading = records.read(child, actor, true);
                           if (!reading.status)
                               return QString(QStringLiteral("REFUSED: ") +
                                              reading.status.message());
                           return QStringLiteral("%1 viewers read").arg(reading.viewers.size());
                       }));
        }

        WorkflowEngine &engine = engineFor(s.socialWorker);
        QList<qint64> steps;
        QSqlQuery started = owner.exec(
            QStringLiteral("SELECT w.id FROM worksteps w WHERE w.assignee_worker_id = ? AND "
                           "w.status = 'started' AND w.id <> ? ORDER BY w.id LIMIT 1"),
            {s.socialWorkerId, s.startedStep});
        while (started.next())
            steps << started.value(0).toLongLong();
        const QList<int> versions{0, 1000};
        for (int i = 0; i < versions.size() && !steps.isEmpty(); ++i) {
            const qint64 step = steps.first();
            const auto [form, question] = textQuestion(engine.step(step));
            const int latest = owner
                                   .scalar(QStringLiteral("SELECT COALESCE(max(version), 0) FROM "
                                                          "form_answers WHERE step_id = ? AND "
                                                          "form_code = ? AND question_id = ?"),
                                           {step, form, question})
                                   .toInt();
            if (versions.at(i) > 0)
                owner.exec(QStringLiteral("INSERT INTO form_answers (step_id, form_code, "
                                          "question_id, value, version, saved_by, saved_as_role) "
                                          "SELECT ?, ?, ?, 'Version ' || g, ? + g, ?, "
                                          "'social_worker' FROM generate_series(1, ?) g"),
                           {step, form, question, latest, s.socialWorkerId, versions.at(i)});
            owner.exec(QStringLiteral("ANALYZE form_answers"));
            report(label,
                   m_timer.measure(QStringLiteral("open step: snapshot, %1 versions of an answer")
                                       .arg(versions.at(i)),
                                   [&engine, &actor, step] {
                                       const StepSnapshot snapshot = engine.snapshot(step, actor);
                                       int answers = 0;
                                       for (const auto &answersOfForm : snapshot.answers)
                                           answers += int(answersOfForm.size());
                                       return QStringLiteral("%1 answers").arg(answers);
                                   }));
        }
    }

    // The worst GUI stall of each interaction (issue 11 item 5), through the window as the app
    // builds it (WindowParts), as the Social Worker on their own login (PostgreSQL) over the same
    // link: the workview, Find person, a person's record, opening a step, Save and Finish (jobs
    // ending with saveDone / finishDone, saves through the SaveCoordinator). With a `link`, one
    // save also meets a link black-holed mid-save, measured until the lost connection shows.
    void guiStalls(test::LinkSimulator *link)
    {
        const Subjects &s = m_subjects;
        Session session;
        session.database = std::make_unique<Database>();
        const ConnectionSettings settings =
            isPostgres(m_settings) ? asLogin(m_settings, s.socialWorker) : m_settings;
        if (Status opened = session.database->open(settings); !opened)
            qFatal("cannot connect as %s: %s", qPrintable(settings.userName),
                   qPrintable(opened.message()));
        session.worker = WorkerDirectory(*session.database).identityByUsername(s.socialWorker);
        session.actingRole = SocialWorker;
        m_background = &session.background();
        MainWindow window(session, &DefinitionRegistry::shared());
        const WindowParts parts =
            WindowParts::install(&window, session, DefinitionRegistry::shared());
        window.show();
        worstGuiStallMs([] {}, [&window] { return !window.isReadingWorkview(); });
        const QString label =
            isPostgres(m_settings) ? QStringLiteral("GUI, worker login") : QStringLiteral("GUI");
        // What a change made in setting up a run set going (a live update's workview refresh)
        // ends before the run is measured.
        const auto settle = [&window] {
            waitFor([] { return false; }, 200);
            waitFor([&window] { return !window.isReadingWorkview(); }, 30000);
        };

        report(label, m_timer.sample(QStringLiteral("GUI stall: workview refresh (F5)"),
                                     [&window](QString *detail) {
                                         const double stall = worstGuiStallMs(
                                             [&window] { window.refresh(); },
                                             [&window] { return !window.isReadingWorkview(); });
                                         *detail = describe(window.workviewModel()->sections());
                                         return stall;
                                     }));
        FindPersonDialog find(session.background(), &window);
        report(label, m_timer.sample(QStringLiteral("GUI stall: find person \"harg\""),
                                     [&find](QString *detail) {
                                         const double stall = worstGuiStallMs(
                                             [&find] {
                                                 find.searchBox()->setText(QStringLiteral("harg"));
                                                 find.search();
                                             },
                                             [&find] { return !find.isSearching(); });
                                         *detail = count(find.results()->topLevelItemCount(),
                                                         QStringLiteral("listed"));
                                         return stall;
                                     }));
        // As Find person's choice opens it: RecordOpener's tab, read in one job.
        report(label,
               m_timer.sample(
                   QStringLiteral("GUI stall: open record (RecordOpener)"), [&](QString *detail) {
                       PersonRecordView *view = nullptr;
                       const double stall =
                           worstGuiStallMs([&] { view = parts.records->openPerson(s.child); },
                                           [&] { return view && !view->isBusy(); });
                       *detail = view->isRefused()
                                     ? QStringLiteral("REFUSED: ") + view->refusal().simplified()
                                     : view->title();
                       closeTab(window, view);
                       return stall;
                   }));

        // As a workview's Return opens it: WorkOpener resumes and reads it as a job, then the tab.
        WorkOpener &opener = *parts.work;
        report(label, m_timer.sample(QStringLiteral("GUI stall: open step (WorkOpener)"),
                                     [&](QString *detail) {
                                         QFuture<StepEditor *> opening;
                                         const double stall = worstGuiStallMs(
                                             [&] { opening = opener.open(s.startedStep); },
                                             [&] { return opening.isFinished(); });
                                         StepEditor *opened =
                                             opening.isCanceled() ? nullptr : opening.result();
                                         *detail = opened ? opened->title() : QStringLiteral("?");
                                         closeTab(window, opened);
                                         settle();
                                         return stall;
                                     }));

        // Save as the form's Save makes it, in the tab WorkOpener opened: journalled, then a
        // job through the SaveCoordinator, ended by saveDone.
        StepEditor *editor = openAndWait(opener, s.startedStep);
        if (!editor)
            qFatal("the started step %lld did not open", s.startedStep);
        settle();
        const auto [form, question] = textQuestion(opener.engine().step(s.startedStep));
        const bool isDate =
            DefinitionRegistry::shared().form(form)->question(question)->type == QuestionType::Date;
        bool saved = false;
        QObject::connect(editor, &StepEditor::saveDone, editor,
                         [&saved](bool succeeded) { saved = succeeded; });
        int saves = 0;
        const auto typeAndSave = [&, form = form, question = question] {
            // A new value each time (dates as ISO text).
            ++saves;
            const QString value = isDate ? QDate(2026, 1, 1).addDays(saves).toString(Qt::ISODate)
                                         : QStringLiteral("Bench %1").arg(saves);
            editor->formEditor(form)->field(question)->setValue(value);
            editor->save();
        };
        report(label, m_timer.sample(QStringLiteral("GUI stall: save one answer"),
                                     [&, form = form, question = question](QString *detail) {
                                         const double stall = worstGuiStallMs(
                                             typeAndSave, [editor] { return editor->isSettled(); });
                                         *detail =
                                             saved
                                                 ? QStringLiteral("saved %1 %2").arg(form, question)
                                                 : QStringLiteral("REFUSED: ") +
                                                       editor->banner()->message().simplified();
                                         return stall;
                                     }));

        // Finish as its button does (confirmed): a visit ready to finish each run, opened first.
        report(label,
               m_timer.sample(QStringLiteral("GUI stall: finish a step"), [&](QString *detail) {
                   const qint64 visit = visitReadyToFinish();
                   StepEditor *finishing = openAndWait(opener, visit);
                   if (!finishing)
                       qFatal("the visit %lld to finish did not open", visit);
                   settle();
                   bool finished = false;
                   bool ended = false;
                   QObject::connect(finishing, &StepEditor::finishDone, finishing,
                                    [&](bool succeeded) {
                                        finished = succeeded;
                                        ended = true;
                                    });
                   const double stall = worstGuiStallMs(
                       [finishing] {
                           MessageBox::setNextAnswer(QMessageBox::Yes);
                           finishing->finish();
                       },
                       [&] { return ended && finishing->isSettled(); });
                   *detail = finished ? QStringLiteral("finished %1").arg(finishing->title())
                                      : QStringLiteral("REFUSED: ") +
                                            finishing->banner()->message().simplified();
                   closeTab(window, finishing);
                   settle();
                   return stall;
               }));
        if (link)
            report(label, saveOnASilentLink(*link, window, *editor, typeAndSave));
        closeTab(window, editor);
    }

private:
    // Once: the link goes silent mid-save (after the save's first statement went out). The
    // worst stall from Save until the status bar says the connection is lost, which the request
    // deadline decides; the link then comes back and the kept save is applied.
    Timing saveOnASilentLink(test::LinkSimulator &link, MainWindow &window, StepEditor &editor,
                             const std::function<void()> &typeAndSave)
    {
        auto *connection = window.findChild<QLabel *>(QStringLiteral("connectionState"));
        const auto lostShown = [connection] {
            // SaveCoordinator's words (the listener's own notice is another).
            return connection &&
                   connection->text().startsWith(QStringLiteral("Connection to the server lost"));
        };
        QElapsedTimer clock;
        qint64 sendsBefore = 0;
        bool holed = false;
        const double stall = worstGuiStallMs(
            [&] {
                sendsBefore = link.clientSends();
                clock.start();
                typeAndSave();
            },
            [&] {
                if (!holed && link.clientSends() > sendsBefore) {
                    link.setBlackHole(true);
                    holed = true;
                }
                return editor.isSettled() && lostShown();
            });
        const qint64 lostAfter = clock.elapsed();
        const bool shown = lostShown();
        link.setBlackHole(false);
        // Reconnected and the kept save applied, so what follows meets a settled window.
        const bool keptSaved = waitFor(
            [&] { return !lostShown() && !editor.isModified() && editor.isSettled(); }, 120000);
        Timing silent;
        silent.name =
            QStringLiteral("GUI stall: save, link black-holed mid-save, until lost shown");
        silent.runs = 1;
        silent.median = silent.p95 = silent.max = stall;
        silent.detail = (shown ? QStringLiteral("lost shown after %1 ms").arg(lostAfter)
                               : QStringLiteral("LOST NOT SHOWN after %1 ms").arg(lostAfter)) +
                        (keptSaved ? QStringLiteral("; saved once back")
                                   : QStringLiteral("; NOT SAVED once back"));
        return silent;
    }

    // Processes events until `done` or `timeoutMs`; whether `done`.
    static bool waitFor(const std::function<bool()> &done, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!done() && clock.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        return done();
    }

    static StepEditor *openAndWait(WorkOpener &opener, qint64 stepId)
    {
        QFuture<StepEditor *> opening = opener.open(stepId);
        waitFor([&opening] { return opening.isFinished(); }, 60000);
        return opening.isFinished() && !opening.isCanceled() ? opening.result() : nullptr;
    }

    // Closes a tab once the requests it set going (an editor's presence read) have ended: their
    // answers are for a live tab here, as the measured runs' are.
    void closeTab(MainWindow &window, QWidget *tab)
    {
        if (!tab)
            return;
        QFuture<bool> drained = m_background->run([](Database &) { return true; });
        waitFor([&drained] { return drained.isFinished(); }, 60000);
        window.workArea()->removeTab(window.workArea()->indexOf(tab));
        delete tab;
    }

    // A Child in Need Visit of the subjects' child, started by the Social Worker with every
    // mandatory answer given (made on the owner's connection), so that Finish has nothing to ask.
    qint64 visitReadyToFinish()
    {
        WorkflowEngine &engine = engineFor(QString());
        const Actor sw{m_subjects.socialWorkerId, SocialWorker};
        const qint64 id = engine.createStep(m_subjects.child, QStringLiteral("Child in Need Visit"),
                                            Assignee::me(), sw);
        if (id <= 0 || !engine.startStep(id, sw))
            qFatal("cannot make a Child in Need Visit to finish");
        const QHash<QString, QString> answers{
            {QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
            {QStringLiteral("visit_type"), QStringLiteral("Announced")},
            {QStringLiteral("child_seen"), QStringLiteral("true")},
            {QStringLiteral("observations"), QStringLiteral("Settled.")}};
        if (!engine.saveAnswers(id, QStringLiteral("CS-VISIT"), answers, sw))
            qFatal("cannot answer the Child in Need Visit %lld", id);
        return id;
    }

    // A new value for each save (the engine takes dates as ISO text).
    QString answerForRun(const QString &form, const QString &question)
    {
        ++m_saves;
        const QuestionDefinition *q = DefinitionRegistry::shared().form(form)->question(question);
        return q->type == QuestionType::Date
                   ? QDate(2026, 1, 1).addDays(1000 + m_saves % 3000).toString(Qt::ISODate)
                   : QStringLiteral("Bench save %1").arg(m_saves);
    }

    // A text or date question of one of the step's forms that a Social Worker answers.
    static std::pair<QString, QString> textQuestion(const StepRecord &step)
    {
        for (const QString &code : step.openForms) {
            const FormDefinition *form = DefinitionRegistry::shared().form(code);
            for (const SectionDefinition &section :
                 form ? form->sections : QList<SectionDefinition>()) {
                for (const QuestionDefinition &question : section.questions) {
                    const QString owner = form->ownerRoleOf(question.id);
                    if ((question.type == QuestionType::Text ||
                         question.type == QuestionType::Line ||
                         question.type == QuestionType::Date) &&
                        (owner.isEmpty() || owner == SocialWorker) &&
                        question.visibleWhen.isAlways() && section.visibleWhen.isAlways())
                        return {form->code, question.id};
                }
            }
        }
        qFatal("no text question of the Social Worker's on step %lld", step.id);
    }

    Database &connection(const QString &login)
    {
        auto found = m_connections.find(login);
        if (found != m_connections.end())
            return *found->second;
        auto db = std::make_unique<Database>();
        const ConnectionSettings settings =
            login.isEmpty() ? m_settings : asLogin(m_settings, login);
        if (Status opened = db->open(settings); !opened)
            qFatal("cannot connect as %s: %s", qPrintable(settings.userName),
                   qPrintable(opened.message()));
        return *m_connections.emplace(login, std::move(db)).first->second;
    }

    WorkflowEngine &engineFor(const QString &login)
    {
        auto found = m_engines.find(login);
        if (found != m_engines.end())
            return *found->second;
        return *m_engines
                    .emplace(login, std::make_unique<WorkflowEngine>(connection(login),
                                                                     DefinitionRegistry::shared()))
                    .first->second;
    }

    void report(const QString &connectionLabel, Timing timing)
    {
        timing.backend = backendName(m_settings);
        timing.connection = connectionLabel + m_linkLabel;
        m_out << markdownRow(timing);
        m_out.flush();
    }

    ConnectionSettings m_settings;
    const BenchTimer &m_timer;
    QTextStream &m_out;
    QString m_linkLabel; // " over an N ms link" when through the link simulator
    Subjects m_subjects;
    std::map<QString, std::unique_ptr<Database>> m_connections;
    std::map<QString, std::unique_ptr<WorkflowEngine>> m_engines;
    int m_saves = 0;
    DatabaseThread *m_background = nullptr; // the GUI stalls' session's
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The GUI stalls' window journals its saves: keep that out of a real CaseDesk's data folder.
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times CaseDesk against a generated authority."));
    parser.addHelpOption();
    addConnectionOptions(parser);
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Measured runs of each benchmark."),
                      QStringLiteral("n"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("warmups"), QStringLiteral("Unmeasured runs first."),
                      QStringLiteral("n"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("as-workers"),
                      QStringLiteral("PostgreSQL: also run as each worker's own login (RLS).")});
    parser.addOption({QStringLiteral("header"), QStringLiteral("Print the table's header first.")});
    parser.addOption({QStringLiteral("growth"),
                      QStringLiteral("PostgreSQL: only opening a record and a step at 0/1,000/"
                                     "10,000 openings and 0/1,000 answer versions.")});
    parser.addOption({QStringLiteral("link-delay"),
                      QStringLiteral("PostgreSQL: connect through the link simulator (TCP on "
                                     "127.0.0.1) with this delay each way, and count round trips."),
                      QStringLiteral("ms")});
    parser.process(app);

    QTextStream out(stdout);
    ConnectionSettings settings = connectionFrom(parser);
    BenchTimer timer(qMax(1, parser.value(QStringLiteral("runs")).toInt()),
                     qMax(0, parser.value(QStringLiteral("warmups")).toInt()));
    std::unique_ptr<test::LinkSimulator> link;
    if (parser.isSet(QStringLiteral("link-delay")) && isPostgres(settings)) {
        // The harness's server listens on a Unix socket only; the simulator is the TCP hop.
        link = std::make_unique<test::LinkSimulator>(test::LinkTarget::unixSocket(
            settings.host + QStringLiteral("/.s.PGSQL.") + QString::number(settings.port)));
        if (!link->isListening())
            qFatal("link simulator: %s", qPrintable(link->errorString()));
        link->setDelay(parser.value(QStringLiteral("link-delay")).toInt());
        settings.host = test::LinkSimulator::host();
        settings.port = link->port();
        settings.sslMode = QStringLiteral("disable");
        timer.setRoundTripCounter([&link] { return link->clientSends(); });
    }
    const QString linkLabel = link
                                  ? QStringLiteral(", %1 ms round-trip link")
                                        .arg(2 * parser.value(QStringLiteral("link-delay")).toInt())
                                  : QString();
    Bench bench(settings, timer, out, linkLabel);
    if (parser.isSet(QStringLiteral("header")))
        out << markdownHeader();
    bench.definitions();
    QString error;
    if (!bench.pickSubjects(&error)) {
        QTextStream(stderr) << "casedesk_bench: " << error << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("growth")) && isPostgres(settings)) {
        bench.growth();
        return 0;
    }
    bench.run(false);
    if (parser.isSet(QStringLiteral("as-workers")) && isPostgres(settings))
        bench.run(true);
    bench.guiStalls(link.get());
    QTextStream(stderr) << "Subjects: Social Worker " << bench.subjects().socialWorker
                        << ", child id " << bench.subjects().child << " ("
                        << bench.subjects().childSteps << " steps), started step "
                        << bench.subjects().startedStep << ", finished step "
                        << bench.subjects().finishedStep << "\n";
    return 0;
}
