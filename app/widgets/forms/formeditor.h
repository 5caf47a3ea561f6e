#pragma once

#include "definitions/definitions.h"
#include "domain/status.h"
#include "nextactionseditor.h"
#include "workflow/records.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QLabel;
class QListWidget;
class QScrollArea;

namespace casedesk {

class Directory;
class InlineMessage;
class NextActionsEditor;
class QuestionField;
class WorkflowEngine;

// One form of one step, built at run time from its FormDefinition: numbered sections listed on
// the left, the sections on the right. Shows and hides sections and questions as answers change
// (FormLogic decides, against the unsaved answers), shows another role's parts read-only, keeps
// track of unsaved changes and shows problems next to what they are about. Saving is the step
// editor's job: it reads changedValues() and calls markSaved().
class FormEditor : public QWidget
{
    Q_OBJECT

public:
    // Shows the form of the step as `read` (WorkflowEngine::snapshot, read before, off the GUI
    // thread); it reads nothing itself.
    FormEditor(WorkflowEngine &engine, const Directory &directory, const StepSnapshot &read,
               const QString &formCode, const Actor &actor, QWidget *parent = nullptr);

    QString formCode() const { return m_form.code; }
    const FormDefinition &form() const { return m_form; }
    qint64 stepId() const { return m_stepId; }

    // question id -> value, for every question of the form (saved or not, shown or not).
    QHash<QString, QString> values() const;
    // The answers this actor changed since loading or the last save.
    QHash<QString, QString> changedValues() const;
    // The answers as saved when the form was loaded or last saved (what changedValues() is
    // measured against; a conflict compares it with what is saved now).
    const QHash<QString, QString> &loadedValues() const { return m_loaded; }
    // Puts answers on screen as unsaved changes (a recovered draft, a merge after a conflict).
    void setValues(const QHash<QString, QString> &values);
    // Every form's answers as conditions see them: the other forms' (setOtherAnswers) with this
    // form's unsaved values.
    AnswerValues answers() const;
    bool isModified() const { return m_modified; }

    // Answers of the step's other forms, for conditions that look across forms.
    void setOtherAnswers(const AnswerValues &answers);

    // Shows each problem of this form next to its question, else its section, else at the top.
    void setProblems(const QList<Problem> &problems);
    void clearProblems();
    QList<Problem> problems() const { return m_problems; }
    // Scrolls to the first problem and puts the keyboard focus there.
    void showFirstProblem();

    // After a successful save: what is shown becomes what is saved; problems are cleared.
    void markSaved();
    // Only these answers were saved (what was typed while the save was on its way was not).
    void markSaved(const QHash<QString, QString> &saved);
    // Shows these saved answers (and the step's next actions), dropping unsaved changes.
    void showSaved(const AnswerValues &saved, const Status &readStatus,
                   const QList<NextActionRecord> &nextActions);
    // Puts back the answers as last loaded or saved, without asking the database: what the
    // worker chose to discard is gone from the screen (and so from the journal) too.
    void discardChanges();
    // Read-only for everyone (a finished step, or not this actor's to edit), with the reason.
    void setReadOnly(bool readOnly, const QString &reason = QString());
    bool isReadOnly() const { return m_readOnly; }

    // Where its next actions are added and removed (see NextActionsEditor::setRunner).
    void setNextActionRunner(const NextActionsEditor::Runner &runner);

    // For tests and the step editor: the widgets of a question and section.
    QuestionField *field(const QString &questionId) const { return m_fields.value(questionId); }
    QWidget *sectionWidget(const QString &sectionId) const;
    bool isSectionShown(const QString &sectionId) const;
    bool isQuestionShown(const QString &questionId) const;
    NextActionsEditor *nextActionsEditor(const QString &sectionId) const;
    // The next actions added here that the decision holds back, with the reason of each.
    QStringList heldBackNextActions() const;
    QListWidget *sectionList() const { return m_nav; }
    void scrollToSection(const QString &sectionId);

signals:
    void modifiedChanged(bool modified);
    // An answer changed on screen (not yet saved).
    void valuesChanged();
    void nextActionsChanged();

private:
    struct SectionView
    {
        const SectionDefinition *definition = nullptr;
        QWidget *frame = nullptr;
        QLabel *ownerNote = nullptr;
        InlineMessage *problem = nullptr;
        QList<QuestionField *> fields;
        NextActionsEditor *nextActions = nullptr;
        int navRow = -1;
    };

    void build();
    void applyEditability();
    void updateVisibility();
    void onFieldChanged();
    void setModified(bool modified);
    void updateCurrentSectionFromScroll();
    QString ownerNote(const QString &role) const;
    bool canEditRole(const QString &ownerRole) const;

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    qint64 m_stepId;
    Actor m_actor;
    FormDefinition m_form;
    AnswerValues m_otherAnswers;
    QHash<QString, QString> m_loaded;
    QHash<QString, QuestionField *> m_fields;
    QList<SectionView> m_sections;
    // Questions whose answer was carried read-only from the step this one comes from
    // (carriedFrom): "decided in ..." -> shown read-only with that note.
    QHash<QString, QString> m_carriedNotes;
    QList<Problem> m_problems;
    bool m_modified = false;
    bool m_readOnly = false;
    Status m_readError; // reading the saved answers failed: shown, and read-only
    bool m_loading = false;

    QListWidget *m_nav = nullptr;
    QScrollArea *m_scroll = nullptr;
    QLabel *m_readOnlyNote = nullptr;
    InlineMessage *m_formProblem = nullptr;
};

} // namespace casedesk
