#pragma once

#include "workflow/workflowengine.h"

#include <QDialog>
#include <QHash>
#include <functional>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace casedesk {

class DatabaseThread;
class Directory;
class InlineMessage;

// The requests of one step (the "requests" icon): every request with its REQUIRED flag, who it
// went to and from, when, and its status; outstanding ones stand out (red, and the word
// "Outstanding"). The recipient marks one Completed or Declined (with a reason typed in place);
// anyone who may record on the step sends a new one of the step type's request types. Buttons
// that cannot be used say why, in a tooltip and in text; the engine's refusals show in place.
//
// Nothing here waits on the server: the dialog opens at once and fills when its read lands (one
// job, one statement: WorkflowEngine::requestsView), saying "Reading the requests…" after
// 300 ms. Send, Completed and Declined are jobs too (the action and the read after it); while one
// runs, none of them can be pressed again. With a database thread the jobs run there, on an
// engine of their own; without one (tests) they run at once on `engine`.
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
                   const Actor &actor, DatabaseThread *background, QWidget *parent = nullptr);

    // Reads the requests again (a job; what is shown stays until it lands).
    void reload();
    void selectRequest(qint64 requestId);
    qint64 selectedRequestId() const;
    // A read, or a send, completion or decline, is on its way.
    bool isBusy() const { return m_reading || m_acting; }
    // The requests have been read at least once.
    bool isLoaded() const { return m_loaded; }

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
    QLabel *busyLabel() const { return m_busy; }

signals:
    // A request was sent, completed or declined.
    void requestsChanged();
    // A read has landed (after an action too).
    void readDone();
    // A send, completion or decline has ended (after the read that follows it).
    void actionDone(bool succeeded);

private:
    using View = WorkflowEngine::RequestsView;
    // What an action did, and the requests read after it.
    struct Outcome
    {
        Status status;
        qint64 sentId = 0;
        View view;
    };
    // Runs `work` on the database thread (or, without one, here) with an engine of its own.
    template <typename Work> auto ask(Work work);
    // Runs an action, then reads again; `succeeded` says what to show when it worked.
    template <typename Work>
    void act(Work work, std::function<void(const Outcome &)> succeeded,
             std::function<void(const Outcome &)> refused);
    void showView(const View &view);
    void updateBusy();
    void updateSendArea();
    void updateResponseButtons();
    void updateRecipients();
    void complete();
    void startDecline();
    void confirmDecline();
    void cancelDecline();
    void send();

    WorkflowEngine &m_engine;
    const Directory &m_directory;
    DatabaseThread *m_background = nullptr;
    qint64 m_stepId;
    Actor m_actor;
    qint64 m_allocatedWorkerId = 0; // the person's: requests default from the case
    QList<RequestRecord> m_requests;
    QHash<qint64, QString> m_whyCannotRespond;
    QString m_whyCannotEdit;
    QHash<QString, QString> m_whyCannotSend; // request type -> the decision that stops it
    bool m_loaded = false;
    bool m_unreachable = false;
    quint64 m_readsAsked = 0; // only the answer to the latest read is shown
    quint64 m_reading = 0;    // the read on its way (0: none)
    bool m_acting = false;    // a send, completion or decline is on its way
    QString m_actingText;     // what the busy note says about it

    QLabel *m_heading = nullptr;
    QLabel *m_busy = nullptr;
    QTimer *m_busyDelay = nullptr;

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
