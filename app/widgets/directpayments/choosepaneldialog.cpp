#include "choosepaneldialog.h"

#include "common/inlinemessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimeEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QString panelText(const PanelRecord &panel)
{
    return ChoosePanelDialog::tr("%1 – %2 (last submission %3, %n case(s))", nullptr,
                                 panel.itemCount)
        .arg(DirectPayments::formatDateTime(panel.meetingAt),
             panel.location.isEmpty() ? ChoosePanelDialog::tr("no location") : panel.location,
             DirectPayments::formatDate(panel.lastSubmissionDate));
}

QLabel *introLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

// OK and Cancel, after `last` in the tab order (OK first, whatever the style's button order).
QDialogButtonBox *okCancel(QDialog *dialog, const std::function<void()> &ok, QWidget *last,
                           ApplyWait *wait)
{
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, ok);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QPushButton *okButton = buttons->button(QDialogButtonBox::Ok);
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    okButton->setObjectName(QStringLiteral("okButton"));
    cancel->setObjectName(QStringLiteral("cancelButton"));
    QWidget::setTabOrder(last, okButton);
    QWidget::setTabOrder(okButton, cancel);
    wait->setOkButton(okButton);
    return buttons;
}

} // namespace

ApplyWait::ApplyWait(QDialog *dialog, const QString &text)
    : QObject(dialog), m_label(new QLabel(text, dialog)), m_delay(new QTimer(this))
{
    m_label->setObjectName(QStringLiteral("applyBusy"));
    m_label->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    m_label->hide();
    m_delay->setSingleShot(true);
    m_delay->setInterval(300); // quick answers never flash a busy sign
    connect(m_delay, &QTimer::timeout, m_label, &QWidget::show);
}

void ApplyWait::wait(const QFuture<Status> &answer, std::function<void(const Status &)> outcome)
{
    m_applying = true;
    if (m_ok)
        m_ok->setEnabled(false);
    m_delay->start();
    QFuture<Status>(answer).then(this, [this, outcome](const Status &status) {
        m_applying = false;
        m_delay->stop();
        m_label->hide();
        if (m_ok)
            m_ok->setEnabled(true);
        outcome(status);
    });
}

ChoosePanelDialog::ChoosePanelDialog(const QString &title, const QString &intro,
                                     const QList<PanelRecord> &panels, Apply apply, QWidget *parent)
    : QDialog(parent), m_apply(std::move(apply)), m_panels(new QComboBox(this)),
      m_reason(new QPlainTextEdit(this)), m_message(new InlineMessage(this)),
      m_wait(new ApplyWait(this, tr("Saving\u2026")))
{
    setObjectName(QStringLiteral("choosePanelDialog"));
    setWindowTitle(title);
    for (const PanelRecord &panel : panels)
        m_panels->addItem(panelText(panel), panel.id);
    m_panels->setObjectName(QStringLiteral("panelChoice"));
    m_panels->setAccessibleName(tr("Panel"));
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setTabChangesFocus(true);
    m_reason->setMaximumHeight(90);
    m_message->setObjectName(QStringLiteral("choosePanelMessage"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Panel:"), m_panels);
    form->addRow(tr("&Reason:"), m_reason);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(introLabel(intro, this));
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_wait->label());
    layout->addWidget(okCancel(
        this, [this] { tryAccept(); }, m_reason, m_wait));
    setTabOrder(m_panels, m_reason);
    setAccessibleName(title);
    setMinimumWidth(520);
}

bool ChoosePanelDialog::tryAccept()
{
    if (m_wait->isApplying())
        return false;
    m_message->clearMessage();
    m_wait->wait(m_apply(m_panels->currentData().toLongLong(), m_reason->toPlainText().trimmed()),
                 [this](const Status &status) {
                     if (status)
                         accept();
                     else
                         m_message->showError(status.message());
                 });
    return true;
}

ScheduleReviewDialog::ScheduleReviewDialog(const QString &intro, const QList<PanelRecord> &panels,
                                           const QList<QPair<qint64, QString>> &workers,
                                           qint64 suggestedWorker, const QDate &reviewDue,
                                           Apply apply, QWidget *parent)
    : QDialog(parent), m_apply(std::move(apply)), m_panelList(panels),
      m_panels(new QComboBox(this)), m_time(new QTimeEdit(this)), m_workers(new QComboBox(this)),
      m_message(new InlineMessage(this)),
      m_wait(new ApplyWait(this, tr("Scheduling the review\u2026")))
{
    setObjectName(QStringLiteral("scheduleReviewDialog"));
    setWindowTitle(tr("Schedule Direct Payments Review"));
    for (const PanelRecord &panel : panels)
        m_panels->addItem(panelText(panel), panel.id);
    m_panels->setObjectName(QStringLiteral("reviewPanelChoice"));
    m_panels->setAccessibleName(tr("Date of the review meeting (a panel)"));
    m_time->setObjectName(QStringLiteral("reviewTime"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));
    m_time->setAccessibleName(tr("Time of the review meeting"));
    const auto panelChosen = [this](int index) {
        if (index >= 0 && index < m_panelList.size())
            m_time->setTime(m_panelList.at(index).meetingAt.time());
    };
    connect(m_panels, &QComboBox::currentIndexChanged, this, panelChosen);
    for (qsizetype i = 0; reviewDue.isValid() && i < panels.size(); ++i) {
        if (panels.at(i).meetingDate() >= reviewDue) {
            m_panels->setCurrentIndex(int(i));
            break;
        }
    }
    panelChosen(m_panels->currentIndex());
    for (const auto &worker : workers)
        m_workers->addItem(worker.second, worker.first);
    m_workers->setObjectName(QStringLiteral("allocatedWorker"));
    m_workers->setAccessibleName(tr("Allocated worker (writes the pre-meeting report)"));
    m_workers->setPlaceholderText(tr("Choose who writes the report"));
    m_workers->setCurrentIndex(m_workers->findData(suggestedWorker));
    m_message->setObjectName(QStringLiteral("scheduleReviewMessage"));

    auto *form = new QFormLayout;
    form->addRow(tr("Review meeting at &panel:"), m_panels);
    form->addRow(tr("&Time:"), m_time);
    form->addRow(tr("&Allocated worker:"), m_workers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(introLabel(intro, this));
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_wait->label());
    layout->addWidget(okCancel(
        this, [this] { tryAccept(); }, m_workers, m_wait));
    setTabOrder(m_panels, m_time);
    setTabOrder(m_time, m_workers);
    setAccessibleName(windowTitle());
    setMinimumWidth(520);
}

bool ScheduleReviewDialog::tryAccept()
{
    if (m_wait->isApplying())
        return false;
    m_message->clearMessage();
    const int index = m_panels->currentIndex();
    if (index < 0 || index >= m_panelList.size()) {
        m_message->showError(tr("There is no panel in the timetable to hold the review at: add "
                                "a panel first."));
        return false;
    }
    if (m_workers->currentIndex() < 0) {
        m_message->showError(tr("Choose the allocated worker who writes the pre-meeting report."));
        m_workers->setFocus(Qt::OtherFocusReason);
        return false;
    }
    const QDateTime meetingAt(m_panelList.at(index).meetingAt.date(), m_time->time());
    m_wait->wait(m_apply(meetingAt, m_workers->currentData().toLongLong()),
                 [this](const Status &status) {
                     if (status)
                         accept();
                     else
                         m_message->showError(status.message());
                 });
    return true;
}

} // namespace casedesk
