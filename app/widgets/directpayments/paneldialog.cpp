#include "paneldialog.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "domain/sensibledates.h"

#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace casedesk {

namespace {

InlineMessage *fieldMessage(QWidget *parent, const QString &name)
{
    auto *message = new InlineMessage(parent);
    message->setObjectName(name);
    message->setBoxed(false);
    return message;
}

QDateEdit *dateEdit(QWidget *parent, const QString &name, const QString &accessibleName)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    edit->setAccessibleName(accessibleName);
    // Typing 0001 or 9999 is a slip: the dates CaseDesk accepts anywhere.
    edit->setDateRange(SensibleDates::earliest(), SensibleDates::latest());
    return edit;
}

} // namespace

PanelDialog::PanelDialog(const QString &title, Apply apply, QWidget *parent)
    : QDialog(parent), m_apply(std::move(apply))
{
    setObjectName(QStringLiteral("panelDialog"));
    setWindowTitle(title);
    m_date = dateEdit(this, QStringLiteral("meetingDate"), tr("Date of the panel"));
    m_time = new QTimeEdit(QTime(10, 0), this);
    m_time->setObjectName(QStringLiteral("meetingTime"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));
    m_time->setAccessibleName(tr("Time the panel meets"));
    m_lastSubmission =
        dateEdit(this, QStringLiteral("lastSubmissionDate"), tr("Last submission date"));
    m_lastSubmission->setToolTip(
        tr("New requests authorised up to and including this day go to this panel"));
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("location"));
    m_location->setAccessibleName(tr("Where the panel meets"));
    m_location->setPlaceholderText(tr("e.g. Civic Centre, Room 2.14, or Online (Teams)"));
    m_meetingMessage = fieldMessage(this, QStringLiteral("meetingMessage"));
    m_lastSubmissionMessage = fieldMessage(this, QStringLiteral("lastSubmissionMessage"));
    m_generalMessage = new InlineMessage(this);
    m_generalMessage->setObjectName(QStringLiteral("panelDialogMessage"));
    m_busy = new QLabel(tr("Saving\u2026"), this);
    m_busy->setObjectName(QStringLiteral("panelDialogBusy"));
    m_busy->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    m_busy->hide();
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300); // quick answers never flash a busy sign
    connect(m_busyDelay, &QTimer::timeout, m_busy, &QWidget::show);

    auto *when = new QHBoxLayout;
    when->addWidget(m_date, 1);
    when->addWidget(m_time);
    auto *form = new QFormLayout;
    form->addRow(tr("&Date and time:"), when);
    form->addRow(QString(), m_meetingMessage);
    form->addRow(tr("&Last submission date:"), m_lastSubmission);
    form->addRow(QString(), m_lastSubmissionMessage);
    form->addRow(tr("L&ocation:"), m_location);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(when)))
        label->setBuddy(m_date);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] { tryAccept(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_generalMessage);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_buttons);
    setTabOrder(m_date, m_time);
    setTabOrder(m_time, m_lastSubmission);
    setTabOrder(m_lastSubmission, m_location);
    setTabOrder(m_location, m_buttons->button(QDialogButtonBox::Ok));
    setTabOrder(m_buttons->button(QDialogButtonBox::Ok),
                m_buttons->button(QDialogButtonBox::Cancel));
    setAccessibleName(title);
    setMinimumWidth(460);
}

void PanelDialog::setValues(const QDateTime &meetingAt, const QDate &lastSubmission,
                            const QString &location)
{
    m_date->setDate(meetingAt.date());
    m_time->setTime(meetingAt.time());
    m_lastSubmission->setDate(lastSubmission);
    m_location->setText(location);
}

void PanelDialog::setLocationEditable(bool editable)
{
    m_location->setReadOnly(!editable);
}

void PanelDialog::setBusyText(const QString &text)
{
    m_busy->setText(text);
}

QPushButton *PanelDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

bool PanelDialog::tryAccept()
{
    if (m_applying)
        return false; // one answer at a time: the same panel is never added twice
    m_meetingMessage->clearMessage();
    m_lastSubmissionMessage->clearMessage();
    m_generalMessage->clearMessage();
    const QDateTime meetingAt(m_date->date(), m_time->time());
    m_applying = true;
    okButton()->setEnabled(false);
    m_busyDelay->start();
    m_apply(meetingAt, m_lastSubmission->date(), m_location->text())
        .then(this, [this](const Status &status) { showOutcome(status); });
    return true;
}

void PanelDialog::showOutcome(const Status &status)
{
    m_applying = false;
    m_busyDelay->stop();
    m_busy->hide();
    okButton()->setEnabled(true);
    if (status) {
        accept();
        return;
    }
    // Under the field the refusal is about.
    const QString text = status.message();
    if (status.field() == dp::Field::LastSubmission) {
        m_lastSubmissionMessage->showError(text);
        m_lastSubmission->setFocus();
    } else if (status.field() == dp::Field::MeetingAt) {
        m_meetingMessage->showError(text);
        m_date->setFocus();
    } else {
        m_generalMessage->showError(text);
    }
}

} // namespace casedesk
