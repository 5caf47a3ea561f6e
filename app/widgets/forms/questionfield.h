#pragma once

#include "definitions/definitions.h"

#include <QFrame>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;

namespace casedesk {

class InlineMessage;

// One question of a form: its label (with a red asterisk when mandatory), guidance, the editor
// its type calls for, and a line for a problem with the answer. Values are the strings the
// engine stores: ISO dates, "true"/"false" for Yes/No, a worker's name for a confirmation.
class QuestionField : public QFrame
{
    Q_OBJECT

public:
    // `confirmingName` is what a ticked "Checked and completed by" records: the acting worker.
    QuestionField(const QuestionDefinition &question, const QString &confirmingName,
                  QWidget *parent = nullptr);

    const QuestionDefinition &question() const { return m_question; }
    QString id() const { return m_question.id; }

    QString value() const;
    // Shows a stored value without counting as a change.
    void setValue(const QString &value);

    // Read-only with an optional note such as "Completed by the PS/Manager".
    void setReadOnly(bool readOnly, const QString &note = QString());
    bool isReadOnly() const { return m_readOnly; }

    void setProblem(const QString &message);
    QString problem() const;

    // The widget that takes the answer (for focus, tab order and tests).
    QWidget *editor() const { return m_editor; }

    // Whether two values mean the same answer (an unticked confirmation is no confirmation).
    bool isSameAnswer(const QString &a, const QString &b) const;

signals:
    void valueChanged();

private:
    void buildEditor();
    void updateConfirmationText();
    void checkShape();
    void updateAccessibleDescription(const QString &note);
    QString displayDate(const QString &iso) const;

    QuestionDefinition m_question;
    QString m_confirmingName;
    QString m_confirmedName; // who confirmed, for a stored confirmation
    bool m_readOnly = false;
    bool m_shapeProblem = false;

    QWidget *m_editor = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLineEdit *m_line = nullptr;
    QComboBox *m_combo = nullptr;
    QCheckBox *m_check = nullptr;
    QButtonGroup *m_boolean = nullptr;
    QRadioButton *m_yes = nullptr;
    QRadioButton *m_no = nullptr;
    QFrame *m_bar = nullptr;
    QLabel *m_label = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_guidance = nullptr;
    InlineMessage *m_problem = nullptr;
};

} // namespace casedesk
