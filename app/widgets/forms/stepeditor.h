#pragma once

#include "domain/status.h"
#include "presence/steppresence.h"
#include "workflow/records.h"

#include <QHash>
#include <QSet>
#include <QWidget>
#include <functional>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QToolBar;
class QToolButton;

namespace casedesk {

class CoalescingTimer;
class ElidedLabel;
class Directory;
class FormEditor;
class InlineMessage;
class RequestsDialog;
class WorkflowEngine;

// One opened workstep: a tab per open form (primary first; more through "Forms and letters"),
// and the step's actions: Save (Ctrl+S), Save and Close, Finish, Requests, Forms and letters,
// Copy from previous. Saves refuse to overwrite answers someone else saved after the step was
// opened; whatever was typed stays on screen. Actions that are not available are disabled and
// say why (WorkflowEngine::whyCannotEdit / whyCannotFinish).
class StepEditor : public QWidget
{
    Q_OBJECT

public:
    // Typing is journalled this long after it pauses, and at least this often while it goes on.
    static constexpr int JournalQuietMs = 400;
    static constexpr int JournalMaxWaitMs = 1000;

    StepEditor(WorkflowEngine &engine, const Directory &directory, qint64 stepId,
               const Actor &actor, QWidget *parent = nullptr);

    // How one form's changed answers are saved; WorkflowEngine::saveAnswers unless replaced
    // (the main window may route saves through a journal that survives a dropped connection).
    // A Status of ServerUnreachable is shown as a warning: the answers stay on screen, unsaved.
    using Saver = std::function<Status(qint64 stepId, const QString &formCode,
                                       const QHash<QString, QString> &answers, const Actor &actor,
                                       int expectedRevision, QList<Problem> *problems)>;
    void setSaver(Saver saver);
    // How Finish finishes the step; WorkflowEngine::finishStep unless replaced (Workflow B's
    // steps finish through DirectPayments::finishStep). A non-empty `notice` is shown on success.
    using Finisher = std::function<Status(qint64 stepId, const Actor &actor,
                                          QList<Problem> *problems, QString *notice)>;
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
    // Puts answers kept on this computer (a recovered draft) back on screen, unsaved.
    bool applyDraft(const QString &formCode, const QHash<QString, QString> &answers,
                    int baseRevision);
    // A save queued while the server was away has now been applied.
    void noteSavedElsewhere(const QString &formCode);

    // Who else has this step open now (shown under the heading).
    void setOthersHere(const QList<StepVisitor> &visitors);
    QString othersHereText() const;

    qint64 stepId() const { return m_stepId; }
    const Actor &actor() const { return m_actor; }
    // "SC Panel – Ava Example": for the main window's tab.
    QString title() const;
    bool isModified() const;

    // Saves every form with changes. Returns false (and says why on screen) if any was refused.
    bool save();
    // Save, then emit closed().
    bool saveAndClose();
    // Saves, then finishes the step; on refusal shows each problem where it belongs.
    bool finish();
    // Copies the previous step's answers (step types that prepopulate).
    bool copyFromPrevious();
    // Opens one of the step type's other forms in a new tab (or shows it if already open).
    bool openForm(const QString &formCode);
    // Shows the step's requests (window-modal; returns at once).
    RequestsDialog *openRequests();
    // Asks about unsaved changes (MessageBox: Save, Discard or Cancel); true if it may close.
    bool confirmClose();
    // Re-reads the step (status, revision) and every form, dropping unsaved changes.
    void reloadStep();
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
    QMenu *formsMenu() const { return m_formsMenu; }
    // Why Finish is unavailable, as shown under the toolbar; empty when it is available.
    QString finishHint() const;

signals:
    void saved(qint64 stepId);
    void finished(qint64 stepId);
    // Save and Close succeeded: the main window should close this editor.
    void closed(qint64 stepId);
    void modifiedChanged(bool modified);
    void titleChanged(const QString &title);
    // A read or an action found the server gone; whoever holds the connection should reconnect.
    void serverUnreachable();

private:
    FormEditor *addFormTab(const QString &formCode);
    void updateHeader();
    void updateActions();
    void updateTabTitles();
    void rebuildFormsMenu();
    void shareAnswers();
    void placeProblems(const QList<Problem> &problems, const QString &summary);
    // After a save refused as a conflict: shows what changed field by field and merges.
    bool resolveConflict();
    void journalChanges();

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
    AnswerValues m_savedAnswers;
    bool m_savedAnswersLoaded = false;
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
    QToolButton *m_formsButton = nullptr;
    QAction *m_formsAction = nullptr;
    QMenu *m_formsMenu = nullptr;
    QLabel *m_hint = nullptr;
    InlineMessage *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
};

} // namespace casedesk
