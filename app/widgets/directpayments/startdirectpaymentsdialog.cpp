#include "startdirectpaymentsdialog.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "directpaymentsscreens.h"
#include "domain/sensibledates.h"
#include "dpbusy.h"

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

struct People
{
    QList<RelatedPerson> people;
    bool lost = false;
};

struct Started
{
    qint64 episodeId = -1;
    qint64 referralStepId = 0;
    Status status;
};

} // namespace

StartDirectPaymentsDialog::StartDirectPaymentsDialog(const DpContext &context, qint64 childId,
                                                     QWidget *parent)
    : QDialog(parent), m_context(context), m_childId(childId),
      m_startDate(new QDateEdit(context.dp.today(), this)), m_paymentFor(new QComboBox(this)),
      m_message(new InlineMessage(this)), m_startDateMessage(new InlineMessage(this)),
      m_busy(new BusyNote(QStringLiteral("startBusy"), this))
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
    m_paymentFor->addItem(tr("Not chosen yet"), qint64(0));

    auto *intro = new QLabel(
        tr("Opens a Direct Payments episode and a Direct Payments Referral assigned to you."),
        this);
    intro->setWordWrap(true);
    m_form = new QFormLayout;
    m_form->addRow(tr("&Start Date:"), m_startDate);
    m_form->addRow(QString(), m_startDateMessage);
    m_form->addRow(tr("Payment &for / made to:"), m_paymentFor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_start = buttons->addButton(tr("S&tart"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_start->setAccessibleDescription(
        tr("Opens the episode and the Direct Payments Referral (Alt+T)"));
    m_start->setDefault(true);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { tryStart(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &StartDirectPaymentsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_message);
    layout->addLayout(m_form);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);
    // The fields top to bottom, then Start before Cancel (the button box puts Cancel first on
    // some styles).
    setTabOrder(m_startDate, m_paymentFor);
    setTabOrder(m_paymentFor, m_start);
    setTabOrder(m_start, m_cancel);
    m_startDate->setFocus(Qt::OtherFocusReason);
    setMinimumWidth(460);
    readPeople();
}

void StartDirectPaymentsDialog::readPeople()
{
    m_readingPeople = true;
    m_busy->begin(tr("Reading who the payment can be for\u2026"));
    updateButtons();
    const qint64 childId = m_childId;
    m_context
        .ask([childId](DirectPayments &dp) {
            People read;
            read.people = dp.relatedPeople(childId);
            read.lost = dp.connectionLost();
            return read;
        })
        .then(this, [this, childId](const People &read) {
            m_busy->end();
            m_readingPeople = false;
            if (read.lost)
                m_message->showError(tr("Who the payment can be for could not be read. %1")
                                         .arg(DirectPayments::connectionLostMessage()));
            for (const RelatedPerson &person : read.people) {
                QString text = tr("%1 – %2").arg(person.name, person.relationship);
                if (person.parentalResponsibility)
                    text += tr(" (parental responsibility)");
                m_paymentFor->addItem(text, person.personId);
            }
            // The first related person (a parent, by family name) is the usual choice; the
            // young person themself comes last.
            if (read.people.size() > 1 && read.people.first().personId != childId)
                m_paymentFor->setCurrentIndex(1);
            m_form->setRowVisible(m_paymentFor, read.lost || !read.people.isEmpty());
            updateButtons();
            emit readDone();
        });
}

void StartDirectPaymentsDialog::updateButtons()
{
    m_start->setEnabled(!m_readingPeople && !m_starting);
    m_cancel->setEnabled(!m_starting);
    m_paymentFor->setEnabled(!m_readingPeople && !m_starting);
    m_startDate->setEnabled(!m_starting);
}

bool StartDirectPaymentsDialog::isBusy() const
{
    return m_busy->isWaiting();
}

QLabel *StartDirectPaymentsDialog::busyNote() const
{
    return m_busy;
}

bool StartDirectPaymentsDialog::tryStart()
{
    if (m_readingPeople || m_starting)
        return false;
    m_message->clearMessage();
    m_startDateMessage->clearMessage();
    m_starting = true;
    updateButtons();
    m_busy->begin(tr("Starting Direct Payments\u2026"));
    const qint64 childId = m_childId;
    const QDate startDate = m_startDate->date();
    const qint64 paymentFor = m_paymentFor->currentData().toLongLong();
    const Actor actor = m_context.actor;
    m_context
        .ask([childId, startDate, paymentFor, actor](DirectPayments &dp) {
            Started started;
            started.episodeId = dp.startDirectPayments(childId, startDate, paymentFor, actor,
                                                       &started.status, &started.referralStepId);
            if (started.episodeId <= 0 && dp.connectionLost())
                started.status = Status::failure(started.status.message() + QLatin1Char(' ') +
                                                     DirectPayments::connectionLostMessage(),
                                                 Status::Code::ServerUnreachable);
            return started;
        })
        .then(this, [this](const Started &started) {
            m_busy->end();
            m_starting = false;
            updateButtons();
            if (started.episodeId <= 0) {
                if (started.status.field() == dp::Field::StartDate) {
                    m_startDateMessage->showError(started.status.message());
                    m_startDate->setFocus();
                } else {
                    m_message->showError(started.status.message());
                }
                emit readDone();
                return;
            }
            m_episodeId = started.episodeId;
            m_referralStepId = started.referralStepId;
            emit readDone();
            accept();
        });
    return true;
}

void StartDirectPaymentsDialog::reject()
{
    if (!m_starting)
        QDialog::reject();
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

qint64 StartDirectPaymentsDialog::run(QWidget *parent, const DpContext &context, qint64 childId)
{
    StartDirectPaymentsDialog dialog(context, childId, parent);
    if (dialog.ask() != QDialog::Accepted)
        return 0;
    return dialog.referralStepId();
}

} // namespace casedesk
