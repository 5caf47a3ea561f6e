#pragma once

#include "directpayments/directpayments.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QDateEdit;
class QPushButton;

namespace casedesk {

class InlineMessage;

// The event Start Direct Payments on a child's record: the Start Date (today unless changed)
// and, where the child has relationships, who the payment is for / made to. Start opens the
// episode and creates the Direct Payments Referral for the worker; a refusal shows in the dialog
// and nothing chosen is lost.
class StartDirectPaymentsDialog : public QDialog
{
    Q_OBJECT

public:
    StartDirectPaymentsDialog(DirectPayments &dp, qint64 childId, const Actor &actor,
                              QWidget *parent = nullptr);

    // For the person record: asks, starts, and returns the new referral's step id (0 when
    // cancelled). The caller opens the referral (e.g. WorkOpener::open).
    static qint64 run(QWidget *parent, DirectPayments &dp, qint64 childId, const Actor &actor);

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
    qint64 episodeId() const { return m_episodeId; }
    qint64 referralStepId() const { return m_referralStepId; }

    // Start: accepts the dialog when the core agreed.
    bool tryStart();

private:
    DirectPayments &m_dp;
    qint64 m_childId;
    Actor m_actor;
    qint64 m_episodeId = 0;
    qint64 m_referralStepId = 0;
    QDateEdit *m_startDate;
    QComboBox *m_paymentFor;
    InlineMessage *m_message;
    InlineMessage *m_startDateMessage;
    QPushButton *m_start = nullptr;
};

} // namespace casedesk
