#pragma once

#include "workflow/answerconflicts.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QLabel;
class QTableWidget;

namespace casedesk {

// Shown when a save is refused because someone else saved the step after this worker opened it:
// field by field, what it was, what they saved, what this worker typed. Where both changed an
// answer the worker chooses which to keep (theirs by default is never assumed: "Yours" is
// preselected, so nothing typed is dropped without a decision). Accepting merges: the form shows
// what is saved now with the worker's answers on top, unsaved, to check and Save again.
class ConflictDialog : public QDialog
{
    Q_OBJECT

public:
    ConflictDialog(const QString &formTitle, const QList<AnswerConflict> &conflicts,
                   QWidget *parent = nullptr);

    // Questions where the worker chose the other worker's answer.
    QSet<QString> keepTheirs() const;
    // For tests and screen readers: the choice box of a question that needs one (else null).
    QComboBox *choiceFor(const QString &questionId) const;
    QTableWidget *table() const { return m_table; }
    const QList<AnswerConflict> &conflicts() const { return m_conflicts; }

    // Shows the dialog (or, in tests, hands it to the next responder) and returns its result.
    int ask();
    // For tests: the next ask() calls `responder` with the dialog instead of showing it, and
    // returns what it returns (QDialog::Accepted or Rejected). Used once, then cleared.
    static void setNextResponder(std::function<int(ConflictDialog &)> responder);

private:
    QList<AnswerConflict> m_conflicts;
    QTableWidget *m_table = nullptr;
    QHash<QString, QComboBox *> m_choices;
};

} // namespace casedesk
