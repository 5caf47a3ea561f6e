#pragma once

#include "definitions/definitions.h"
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
    bool isReadOnly() const { return m_readOnly; }
    // Re-reads the added next actions from the engine.
    void reload();
    // Called before adding or removing; returning false stops the change (the form editor
    // saves unsaved answers first, because the engine checks options against saved answers).
    void setBeforeChange(std::function<bool()> beforeChange);

    QList<NextActionRecord> added() const { return m_added; }
    QStringList offeredStepTypes() const;
    QString message() const;

signals:
    void changed();

private:
    void refreshOptions();
    void refreshAssigneeKinds();
    void refreshAssignees();
    void refreshButtons();
    void add();
    void removeSelected();
    const NextActionOption *currentOption() const;

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    qint64 m_stepId;
    FormDefinition m_form;
    SectionDefinition m_section;
    Actor m_actor;
    AnswerValues m_answers;
    QList<NextActionOption> m_options;
    QList<NextActionRecord> m_added;
    bool m_readOnly = false;
    std::function<bool()> m_beforeChange;

    QLabel *m_empty = nullptr;
    QTableWidget *m_table = nullptr;
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
