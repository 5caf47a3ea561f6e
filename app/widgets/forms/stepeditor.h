#pragma once

#include "domain/status.h"
#include "drafts/savecoordinator.h"
#include "presence/steppresence.h"
#include "workflow/records.h"

#include <QFuture>
#include <QHash>
#include <QSet>
#include <QWidget>
#include <functional>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTimer;
class QToolBar;
class QToolButton;

namespace casedesk {

class CancelStepDialog;

class CoalescingTimer;
class DatabaseThread;
class ElidedLabel;
class Directory;
class FormEditor;
class InlineMessage;
class RequestsDialog;
class StepContextPanel;
class WorkflowEngine;

// One opened workstep: a tab per open form (primary first; more through "Forms and letters"),
// and the step's actions: Save (Ctrl+S), Save and Close, Finish, Requests, Forms and letters,
// Copy from previous. Saves refuse to overwrite answers someone else saved after the step was
// opened; whatever was typed stays on screen. Actions that are not available are disabled and
// say why (WorkflowEngine::whyCannotEdit / whyCannotFinish).
//
// Save, Save and Close and Finish run as jobs: they return at once, the forms stay live while
// the server is asked ("Saving…" after a moment), and saveDone / finishDone say how they ended.
// With a database thread (setBackground) nothing they do waits on the GUI thread.
class StepEditor : public QWidget
{
    Q_OBJECT

public:
    // Typing is journalled this long after it pauses, and at least this often while it goes on.
    static constexpr int JournalQuietMs = 400;
    static constexpr int JournalMaxWaitMs = 1000;

    // Shows the step as `read` (WorkflowEngine::snapshot, read before, off the GUI thread: see
    // WorkOpener); everything it reads or writes afterwards runs as a job.
    StepEditor(WorkflowEngine &engine, const Directory &directory, const StepSnapshot &read,
               const Actor &actor, QWidget *parent = nullptr);

    // Where the step's jobs run (saves, finish, re-reads, forms opened). Without one (an editor
    // outside a session: tests, benchmarks) they run at once on the engine's connection.
    void setBackground(DatabaseThread *background) { m_background = background; }
    DatabaseThread *background() const { return m_background; }

    // How one form's changed answers are saved; WorkflowEngine::saveAnswers unless replaced
    // (the session routes saves through a journal that survives a dropped connection, on its
    // database thread). ServerUnreachable is shown as a warning: the answers stay on screen.
    using Saver = std::function<QFuture<SaveOutcome>(qint64 stepId, const QString &formCode,
                                                     const QHash<QString, QString> &answers,
                                                     const Actor &actor, int expectedRevision)>;
    void setSaver(Saver saver);
    // What became of a Finish; a non-empty `notice` is shown on success.
    struct FinishOutcome
    {
        Status status;
        QList<Problem> problems;
        QString notice;
        QStringList heldBack; // next actions the decision held back, each with its reason
    };
    // How Finish finishes the step; WorkflowEngine::finishStep unless replaced (Workflow B's
    // steps finish through DirectPayments::finishStep).
    using Finisher = std::function<QFuture<FinishOutcome>(qint64 stepId, const Actor &actor)>;
    void setFinisher(Finisher finisher);

    // Where every edit is journalled as it is made (debounced), so nothing typed is lost to a
    // crash: called with a form's unsaved changes, or with none once it has none (saved or
    // discarded). `baseRevision` is the step's revision the changes were typed over.
    using Journal = std::function<void(qint64 stepId, const QString &formCode,
                                       const QHash<QString, QString> &changes, int baseRevision)>;
    void setJournal(Journal journal);
    // Journals now instead of after the pause in typing.
    void flushJournal();
    // A warning that stays above the forms while the journal cannot be written ("" clears it).
    void setJournalProblem(const QString &message);
    QString journalProblem() const;
    // Puts answers kept on this computer (a recovered draft) back on screen, unsaved, opening
    // their form first if needed; `applied` says whether they are on screen.
    void applyDraft(const QString &formCode, const QHash<QString, QString> &answers,
                    int baseRevision, const std::function<void(bool applied)> &applied);
    // A save queued while the server was away has now been applied.
    void noteSavedElsewhere(const QString &formCode);

    // Who else has this step open now (shown under the heading).
    void setOthersHere(const QList<StepVisitor> &visitors);
    QString othersHereText() const;

    qint64 stepId() const { return m_stepId; }
    // The step as last read.
    const StepRecord &step() const { return m_step; }
    const Actor &actor() const { return m_actor; }
    // "SC Panel – Ava Example": for the main window's tab.
    QString title() const;
    bool isModified() const;

    // Called once a save or finish has ended: true when it succeeded.
    using Done = std::function<void(bool succeeded)>;
    // Starts saving every form with changes; a refusal is shown on screen, what was typed stays.
    // Returns false, starting nothing, while another save or finish is running.
    bool save(Done done = {});
    // Save, then emit closed().
    bool saveAndClose();
    // Saves, asks to confirm, then finishes the step; a refusal shows each problem where it
    // belongs.
    bool finish();
    // A save or finish is running.
    bool isBusy() const { return m_busy != Busy::None; }
    // Nothing of this step's is on its way: no save, finish, next-action change or re-read of
    // what its actions may do (tests wait for this before they look).
    bool isSettled() const { return m_busy == Busy::None && m_jobsInFlight == 0; }
    // Copies the previous step's answers (step types that prepopulate).
    void copyFromPrevious();
    // Opens one of the step type's other forms in a new tab (or shows it if already open).
    void openForm(const QString &formCode);
    // Shows the step's requests (window-modal; returns at once).
    RequestsDialog *openRequests();
    // Asks about unsaved changes (MessageBox: Save, Discard or Cancel); true if it may close now.
    // On Save it returns false and, once the answers are saved, calls `closeAgain` (which asks
    // for the same close again; it then succeeds).
    bool confirmClose(std::function<void()> closeAgain = {});
    // Re-reads the step (status, revision) and every form, dropping unsaved changes; `then` runs
    // once it has been shown.
    void reloadStep(const std::function<void()> &then = {});
    // The server answers again after a lost connection: re-reads the step's state (keeping what
    // is typed and the revision it was typed against) and settles a finish whose answer was lost.
    void connectionRestored();

    // For the main window and tests.
    QTabWidget *formTabs() const { return m_tabs; }
    QList<FormEditor *> formEditors() const;
    FormEditor *formEditor(const QString &formCode) const;
    InlineMessage *banner() const { return m_banner; }
    QAction *saveAction() const { return m_save; }
    QAction *saveAndCloseAction() const { return m_saveClose; }
    QAction *finishAction() const { return m_finish; }
    QAction *requestsAction() const { return m_requests; }
    QAction *copyFromPreviousAction() const { return m_copy; }
    QAction *cancelStepAction() const { return m_cancel; }
    // "Cancel step…": asks why, then cancels the step on the database thread; the dialog says
    // a refusal beside the reason. Returned for tests.
    CancelStepDialog *cancelStep();
    QMenu *formsMenu() const { return m_formsMenu; }
    // What the step is about, read-only beside its forms (null when its definition declares
    // nothing: showsContext in forms/), and the action that shows or hides it.
    StepContextPanel *contextPanel() const { return m_context; }
    QAction *contextAction() const { return m_contextAction; }
    // Why Finish is unavailable, as shown under the toolbar; empty when it is available.
    QString finishHint() const;

signals:
    void saved(qint64 stepId);
    void finished(qint64 stepId);
    // Save and Close succeeded: the main window should close this editor.
    void closed(qint64 stepId);
    void modifiedChanged(bool modified);
    // A save or a finish that was started has ended.
    void saveDone(bool succeeded);
    void finishDone(bool succeeded);
    void titleChanged(const QString &title);
    // A read or an action found the server gone; whoever holds the connection should reconnect.
    void serverUnreachable();

private:
    enum class Busy
    {
        None,
        Saving,
        Finishing
    };
    struct FormSave
    {
        QString formCode;
        QHash<QString, QString> changes;
    };
    void saveNext(QList<FormSave> saves, Done done, bool wroteAny);
    void saveSucceeded(const Done &done);
    void saveFailed(const FormSave &save, const SaveOutcome &outcome, const Done &done);
    void finishSaved();
    void finishConfirmed();
    void finishEnded(const FinishOutcome &outcome);
    void stepCancelled(const QString &reason);
    void setBusy(Busy busy);
    // Runs `work` on the step's database thread (or, without one, here) with an engine of its own.
    template <typename Work> auto ask(Work work);
    // Print… and Save as PDF… of the step as saved (read as a job, audited as a read).
    void addPaperActions();
    // Why editing and finishing are not available ("" when they are), as last read.
    struct ActionReasons
    {
        QString whyNotEdit;
        QString whyNotFinish;
        bool unreachable = false; // the step could not be read
    };
    static ActionReasons readReasons(WorkflowEngine &engine, qint64 stepId, const Actor &actor);
    void applyReasons(const ActionReasons &reasons);
    // Re-reads why editing and finishing are unavailable (a job) and shows it.
    void updateActionsLater();
    // Enables the actions from the last reasons read, and not while a save or finish runs.
    void applyActionStates();
    FormEditor *addFormTab(const QString &formCode, const StepSnapshot &read);
    void openForm(const QString &formCode, const std::function<void(FormEditor *)> &opened);
    // Shows the step as read: its state, every form's saved answers (unsaved changes dropped).
    void showSnapshot(const StepSnapshot &read);
    // ask(), then `then(result)` here; the editor is not settled until `then` has run.
    template <typename Work, typename Then> void askThen(Work work, Then then);
    void updateHeader();
    void updateTabTitles();
    void rebuildFormsMenu();
    void shareAnswers();
    void placeProblems(const QList<Problem> &problems, const QString &summary);
    // After a save refused as a conflict: reads what is saved now, shows what changed field by
    // field and merges (mergeWith: false when the worker cancelled).
    void resolveConflict();
    bool mergeWith(const StepSnapshot &read);
    void stepReadAgain(const StepRecord &read);
    void showSavedElsewhere(const QString &formCode, const StepSnapshot &read);
    bool putBackDraft(FormEditor *editor, const QHash<QString, QString> &answers, int baseRevision);
    void journalChanges();
    // Reads what the step is about (a job) and shows it beside the forms.
    void loadContext();

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    qint64 m_stepId;
    Actor m_actor;
    StepRecord m_step;
    int m_revision = 0;
    Saver m_saver;
    Journal m_journal;
    CoalescingTimer *m_journalTimer = nullptr;
    InlineMessage *m_journalBanner = nullptr;
    Finisher m_finisher;
    DatabaseThread *m_background = nullptr;
    Busy m_busy = Busy::None;
    int m_jobsInFlight = 0;
    int m_revisionReads = 0;                   // re-reads after a save made elsewhere landed
    std::function<void()> m_afterRevisionRead; // a save asked for meanwhile       // re-reads and
                                               // next-action changes asked of the database thread
    QTimer *m_busyNote = nullptr;              // says "Saving…" when a save is not over at once
    // What was last read: why editing and finishing are not available ("" if they are).
    QString m_whyNotEdit;
    QString m_whyNotFinish;
    AnswerValues m_savedAnswers; // of every form, as last read or saved
    // Finish was asked for and the connection went before the server's answer came.
    bool m_finishOutcomeUnknown = false;
    // Answers recovered over a later save: what they were typed over is not known here, so the
    // conflict check treats every one of them as changed by someone else (the dialog asks).
    QHash<QString, QSet<QString>> m_recoveredOverLaterSave; // form code -> question ids

    ElidedLabel *m_heading = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_presence = nullptr;
    QToolBar *m_toolbar = nullptr;
    QAction *m_save = nullptr;
    QAction *m_saveClose = nullptr;
    QAction *m_finish = nullptr;
    QAction *m_requests = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_cancel = nullptr;
    QToolButton *m_formsButton = nullptr;
    QAction *m_formsAction = nullptr;
    QMenu *m_formsMenu = nullptr;
    QLabel *m_hint = nullptr;
    InlineMessage *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    StepContextPanel *m_context = nullptr;
    QAction *m_contextAction = nullptr;
};

} // namespace casedesk
