#include "startdirectpaymentsdialog.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "domain/sensibledates.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace casedesk {

namespace {

std::function<int(StartDirectPaymentsDialog &)> &nextResponder()
{
    static std::function<int(StartDirectPaymentsDialog &)> responder;
    return responder;
}

} // namespace

StartDirectPaymentsDialog::StartDirectPaymentsDialog(DirectPayments &dp, qint64 childId,
                                                     const Actor &actor, QWidget *parent)
    : QDialog(parent), m_dp(dp), m_childId(childId), m_actor(actor),
      m_startDate(new QDateEdit(dp.today(), this)), m_paymentFor(new QComboBox(this)),
      m_message(new InlineMessage(this)), m_startDateMessage(new InlineMessage(this))
{
    setObjectName(QStringLiteral("startDirectPaymentsDialog"));
    setWindowTitle(tr("Start Direct Payments"));
    setAccessibleName(windowTitle());
    m_startDate->setObjectName(QStringLiteral("startDate"));
    m_startDate->setCalendarPopup(true);
    m_startDate->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    m_startDate->setAccessibleName(tr("Start Date"));
    m_startDate->setDateRange(SensibleDates::earliest(), SensibleDates::latest());
    m_startDateMessage->setObjectName(QStringLiteral("startDateMessage"));
    m_startDateMessage->setBoxed(false);
    m_message->setObjectName(QStringLiteral("startMessage"));

    m_paymentFor->setObjectName(QStringLiteral("paymentFor"));
    m_paymentFor->setAccessibleName(tr("Person the payment is for / made to"));
    const QList<RelatedPerson> people = dp.relatedPeople(childId);
    m_paymentFor->addItem(tr("Not chosen yet"), qint64(0));
    for (const RelatedPerson &person : people) {
        QString text = tr("%1 – %2").arg(person.name, person.relationship);
        if (person.parentalResponsibility)
            text += tr(" (parental responsibility)");
        m_paymentFor->addItem(text, person.personId);
    }
    // The first related person (a parent, by family name) is the usual choice; the young person
    // themself comes last.
    if (people.size() > 1 && people.first().personId != childId)
        m_paymentFor->setCurrentIndex(1);

    auto *intro = new QLabel(
        tr("Opens a Direct Payments episode and a Direct Payments Referral assigned to you."),
        this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Start Date:"), m_startDate);
    form->addRow(QString(), m_startDateMessage);
    if (people.isEmpty()) {
        m_paymentFor->setVisible(false);
    } else {
        form->addRow(tr("Payment &for / made to:"), m_paymentFor);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_start = buttons->addButton(tr("S&tart"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setAccessibleDescription(
        tr("Opens the episode and the Direct Payments Referral (Alt+T)"));
    m_start->setDefault(true);
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { tryStart(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(buttons);
    // The fields top to bottom, then Start before Cancel (the button box puts Cancel first on
    // some styles).
    setTabOrder(m_startDate, m_paymentFor);
    setTabOrder(m_paymentFor, m_start);
    setTabOrder(m_start, cancel);
    m_startDate->setFocus(Qt::OtherFocusReason);
    setMinimumWidth(460);
}

bool StartDirectPaymentsDialog::tryStart()
{
    m_message->clearMessage();
    m_startDateMessage->clearMessage();
    Status status;
    const qint64 episode = m_dp.startDirectPayments(m_childId, m_startDate->date(),
                                                    m_paymentFor->currentData().toLongLong(),
                                                    m_actor, &status, &m_referralStepId);
    if (episode <= 0) {
        if (status.field() == dp::Field::StartDate) {
            m_startDateMessage->showError(status.message());
            m_startDate->setFocus();
        } else {
            m_message->showError(status.message());
        }
        return false;
    }
    m_episodeId = episode;
    accept();
    return true;
}

int StartDirectPaymentsDialog::ask()
{
    if (auto responder = std::exchange(nextResponder(), {}))
        return responder(*this);
    return exec();
}

void StartDirectPaymentsDialog::setNextResponder(
    std::function<int(StartDirectPaymentsDialog &)> responder)
{
    nextResponder() = std::move(responder);
}

qint64 StartDirectPaymentsDialog::run(QWidget *parent, DirectPayments &dp, qint64 childId,
                                      const Actor &actor)
{
    StartDirectPaymentsDialog dialog(dp, childId, actor, parent);
    if (dialog.ask() != QDialog::Accepted)
        return 0;
    return dialog.referralStepId();
}

} // namespace casedesk
