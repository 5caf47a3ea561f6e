#pragma once

#include "workflow/records.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;

namespace casedesk {

class Directory;

// Chooses who selected work is reassigned to: a worker, a team or a virtual worker (inbox), the
// way the next actions editor assigns a next action.
class ReassignDialog : public QDialog
{
    Q_OBJECT

public:
    // `count` pieces of work are being reassigned (said in the heading).
    ReassignDialog(const Directory &directory, int count, QWidget *parent = nullptr);

    // The assignee chosen (valid once accepted).
    Assignee assignee() const;
    QString assigneeName() const;

    QComboBox *kindCombo() const { return m_kind; }
    QComboBox *assigneeCombo() const { return m_assignee; }
    QPushButton *reassignButton() const { return m_reassign; }

private:
    void refreshAssignees();

    const Directory &m_directory;
    QComboBox *m_kind = nullptr;
    QComboBox *m_assignee = nullptr;
    QPushButton *m_reassign = nullptr;
};

} // namespace casedesk
