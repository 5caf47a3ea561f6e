#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QDateEdit;
class QFormLayout;
class QLabel;
class QPushButton;

namespace casedesk {

class BusyNote;
class InlineMessage;

// The event Start Direct Payments on a child's record: the Start Date (today unless changed)
// and, where the child has relationships, who the payment is for / made to. Start opens the
// episode and creates the Direct Payments Referral for the worker; a refusal shows in the dialog
// and nothing chosen is lost.
//
// It reads and starts on the database thread (DpContext::ask): the dialog shows at once, Start
// waits until the child's related people are read, and while a start is on its way Start and
// Cancel wait for it (nothing is started twice, and a start is never left unreported).
// "Starting Direct Payments…" (startBusy) shows when an answer takes more than 300 ms.
class StartDirectPaymentsDialog : public QDialog
{
    Q_OBJECT

public:
    StartDirectPaymentsDialog(const DpContext &context, qint64 childId, QWidget *parent = nullptr);

    // For the person record: asks, starts, and returns the new referral's step id (0 when
    // cancelled). The caller opens the referral (e.g. WorkOpener::open).
    static qint64 run(QWidget *parent, const DpContext &context, qint64 childId);

    // Shows the dialog (or, in tests, hands it to the next responder) and returns its result.
    int ask();
    // For tests: the next ask() calls `responder` with the dialog instead of showing it, and
    // returns what it returns (QDialog::Accepted or Rejected). Used once, then cleared.
    static void setNextResponder(std::function<int(StartDirectPaymentsDialog &)> responder);

    QDateEdit *startDateEdit() const { return m_startDate; }
    QComboBox *paymentForChoice() const { return m_paymentFor; }
    InlineMessage *message() const { return m_message; }
    InlineMessage *startDateMessage() const { return m_startDateMessage; }
    QPushButton *startButton() const { return m_start; }
    QLabel *busyNote() const;
    qint64 episodeId() const { return m_episodeId; }
    qint64 referralStepId() const { return m_referralStepId; }
    // The related people or a start are on their way.
    bool isBusy() const;

    // Start: asks the core; accepts the dialog once it agreed. False when nothing was asked (the
    // related people are still being read, or a start is on its way).
    bool tryStart();

signals:
    // The related people were read, or a start was answered.
    void readDone();

public slots:
    // Not while a start is on its way: its outcome is awaited.
    void reject() override;

private:
    void readPeople();
    void updateButtons();

    DpContext m_context;
    qint64 m_childId;
    qint64 m_episodeId = 0;
    qint64 m_referralStepId = 0;
    bool m_readingPeople = false;
    bool m_starting = false;
    QDateEdit *m_startDate;
    QComboBox *m_paymentFor;
    InlineMessage *m_message;
    InlineMessage *m_startDateMessage;
    BusyNote *m_busy;
    QFormLayout *m_form = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace casedesk
