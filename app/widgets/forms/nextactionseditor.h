#pragma once

#include "definitions/definitions.h"
#include "domain/status.h"
#include "workflow/records.h"

#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace casedesk {

class Directory;
class InlineMessage;
class WorkflowEngine;

// The "Next actions" section of a form: what has been added (step type, assignee, Sent or To be
// sent on finish), and an area to add one of the options the answers allow, assigned the ways
// the option allows. Every change goes through the engine; a refusal is shown beside the editor.
class NextActionsEditor : public QWidget
{
    Q_OBJECT

public:
    NextActionsEditor(WorkflowEngine &engine, const Directory &directory, qint64 stepId,
                      const FormDefinition &form, const SectionDefinition &section,
                      const Actor &actor, QWidget *parent = nullptr);

    // The answers the options are shown for (this form's unsaved values included).
    void setAnswers(const AnswerValues &answers);
    void setReadOnly(bool readOnly);
    // The person's allocated worker: a worker or team assignee is preselected from the case
    // (the allocated worker, their manager, their team), never the first in the list.
    void setAllocatedWorker(qint64 workerId);
    bool isReadOnly() const { return m_readOnly; }
    // Shows the next actions of this form among `all` of the step's (as read).
    void showNextActions(const QList<NextActionRecord> &all);
    // A change of the step's next actions, made where the runner makes it: it writes, then reads
    // the step's next actions again, in one go.
    struct Change
    {
        Status status;
        QList<NextActionRecord> nextActions; // all of the step's, after the change
    };
    using Work = std::function<Change(WorkflowEngine &engine)>;
    // Makes `work` and calls `done` with what it gave. The step editor's runner saves unsaved
    // answers first (the engine checks options against saved answers), then runs the work on the
    // database thread, and calls `done` only if it ran. Without a runner the work runs here.
    using Runner = std::function<void(Work work, std::function<void(const Change &)> done)>;
    void setRunner(Runner runner);

    QList<NextActionRecord> added() const { return m_added; }
    // The added next actions the decision on the step does not allow (allowedWhen), each as
    // "SC Panel will not be released: the PS/Manager decided ..."; Finish holds them back.
    QStringList heldBack() const { return m_heldBackReasons; }
    QStringList offeredStepTypes() const;
    QString message() const;

signals:
    void changed();

private:
    void refreshOptions();
    void refreshHeldBack();
    void refreshAssigneeKinds();
    void refreshAssignees();
    void refreshButtons();
    void add();
    void removeSelected();
    // Runs `work` through the runner; `done` is dropped if this editor is gone by then.
    void change(Work work, std::function<void(const Change &)> done);
    const NextActionOption *currentOption() const;

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    qint64 m_stepId;
    FormDefinition m_form;
    SectionDefinition m_section;
    Actor m_actor;
    qint64 m_allocatedWorkerId = 0;
    AnswerValues m_answers;
    QList<NextActionOption> m_options;
    QList<NextActionRecord> m_added;
    QStringList m_heldBackReasons;
    bool m_readOnly = false;
    Runner m_runner;

    QLabel *m_empty = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_heldBack = nullptr; // why the decision holds some back, in words
    QPushButton *m_remove = nullptr;
    QWidget *m_addArea = nullptr;
    QComboBox *m_option = nullptr;
    QLabel *m_optionGuidance = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_assignee = nullptr;
    QCheckBox *m_sendImmediately = nullptr;
    QPushButton *m_add = nullptr;
    QLabel *m_noOptions = nullptr;
    InlineMessage *m_message = nullptr;
};

} // namespace casedesk
