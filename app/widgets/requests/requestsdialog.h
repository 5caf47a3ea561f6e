#pragma once

#include "workflow/records.h"

#include <QDialog>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace casedesk {

class Directory;
class InlineMessage;
class WorkflowEngine;

// The requests of one step (the "requests" icon): every request with its REQUIRED flag, who it
// went to and from, when, and its status; outstanding ones stand out (red, and the word
// "Outstanding"). The recipient marks one Completed or Declined (with a reason typed in place);
// anyone who may record on the step sends a new one of the step type's request types. Buttons
// that cannot be used say why, in a tooltip and in text; the engine's refusals show in place.
class RequestsDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column
    {
        RequestColumn,
        RequiredColumn,
        ToColumn,
        FromColumn,
        SentColumn,
        StatusColumn,
        ColumnCount
    };

    RequestsDialog(WorkflowEngine &engine, const Directory &directory, qint64 stepId,
                   const Actor &actor, QWidget *parent = nullptr);

    void reload();
    void selectRequest(qint64 requestId);
    qint64 selectedRequestId() const;

    // For tests.
    QTableWidget *table() const { return m_table; }
    QPushButton *completedButton() const { return m_complete; }
    QPushButton *declinedButton() const { return m_decline; }
    QLabel *whyLabel() const { return m_why; }
    QWidget *declineArea() const { return m_declineArea; }
    QLineEdit *declineReasonEdit() const { return m_declineReason; }
    QPushButton *confirmDeclineButton() const { return m_confirmDecline; }
    QComboBox *requestTypeCombo() const { return m_requestType; }
    QComboBox *recipientCombo() const { return m_recipient; }
    QLineEdit *noteEdit() const { return m_note; }
    QPushButton *sendButton() const { return m_send; }
    InlineMessage *messageLabel() const { return m_message; }

signals:
    // A request was sent, completed or declined.
    void requestsChanged();

private:
    void updateResponseButtons();
    void updateRecipients();
    void complete();
    void startDecline();
    void confirmDecline();
    void cancelDecline();
    void send();

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    qint64 m_stepId;
    Actor m_actor;
    QList<RequestRecord> m_requests;

    QTableWidget *m_table = nullptr;
    QLabel *m_details = nullptr;
    QPushButton *m_complete = nullptr;
    QPushButton *m_decline = nullptr;
    QLabel *m_why = nullptr;
    QWidget *m_declineArea = nullptr;
    QLineEdit *m_declineReason = nullptr;
    QPushButton *m_confirmDecline = nullptr;
    InlineMessage *m_message = nullptr;
    QGroupBox *m_sendBox = nullptr;
    QLabel *m_sendWhy = nullptr;
    QComboBox *m_requestType = nullptr;
    QLabel *m_requestGuidance = nullptr;
    QComboBox *m_recipient = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_send = nullptr;
};

} // namespace casedesk
