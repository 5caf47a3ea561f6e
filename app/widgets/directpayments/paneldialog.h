#pragma once

#include "domain/status.h"

#include <QDateTime>
#include <QDialog>
#include <QFuture>
#include <functional>

class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimeEdit;
class QTimer;

namespace casedesk {

class InlineMessage;

// Add a Direct Payments panel to the timetable, or move one: the date and time it meets, its
// last submission date and where it meets. OK hands the values to `apply` (the core decides, on
// the database thread); OK stays disabled until the answer is in (a busy line after 300 ms). A
// refusal is shown under the field it is about and the dialog stays open, nothing lost.
class PanelDialog : public QDialog
{
    Q_OBJECT

public:
    using Apply = std::function<QFuture<Status>(
        const QDateTime &meetingAt, const QDate &lastSubmission, const QString &location)>;

    PanelDialog(const QString &title, Apply apply, QWidget *parent = nullptr);

    void setValues(const QDateTime &meetingAt, const QDate &lastSubmission,
                   const QString &location);
    // Let the location be changed (adding) or not (moving keeps the place).
    void setLocationEditable(bool editable);

    QDateEdit *meetingDateEdit() const { return m_date; }
    QTimeEdit *meetingTimeEdit() const { return m_time; }
    QDateEdit *lastSubmissionEdit() const { return m_lastSubmission; }
    QLineEdit *locationEdit() const { return m_location; }
    InlineMessage *meetingMessage() const { return m_meetingMessage; }
    InlineMessage *lastSubmissionMessage() const { return m_lastSubmissionMessage; }
    InlineMessage *generalMessage() const { return m_generalMessage; }

    // What the dialog says while the change is on its way ("Adding the panel…").
    void setBusyText(const QString &text);
    QLabel *busyLabel() const { return m_busy; }
    QPushButton *okButton() const;

    // OK: applies (false when a change is already on its way); the dialog is accepted when the
    // core agrees.
    bool tryAccept();
    bool isApplying() const { return m_applying; }

private:
    void showOutcome(const Status &status);

    Apply m_apply;
    bool m_applying = false;
    QLabel *m_busy;
    QTimer *m_busyDelay;
    QDateEdit *m_date;
    QTimeEdit *m_time;
    QDateEdit *m_lastSubmission;
    QLineEdit *m_location;
    InlineMessage *m_meetingMessage;
    InlineMessage *m_lastSubmissionMessage;
    InlineMessage *m_generalMessage;
    QDialogButtonBox *m_buttons;
};

} // namespace casedesk
