#include "cancelstepdialog.h"

#include "common/inlinemessage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace casedesk {

CancelStepDialog::CancelStepDialog(const QString &stepType, const QString &personName,
                                   bool unsavedAnswers, QWidget *parent)
    : QDialog(parent), m_reason(new QPlainTextEdit(this)), m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("cancelStepDialog"));
    setWindowTitle(tr("Cancel step"));
    QString text = tr("Cancel %1 for %2? A cancelled step stays in the history, read-only, with "
                      "your reason; it cannot be started again.")
                       .arg(stepType, personName);
    if (unsavedAnswers)
        text += QLatin1Char(' ') + tr("Answers not yet saved are not kept.");
    auto *intro = new QLabel(text, this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    auto *label = new QLabel(tr("&Why is it cancelled?"), this);
    label->setBuddy(m_reason);
    m_reason->setObjectName(QStringLiteral("cancelReason"));
    m_reason->setAccessibleName(tr("Why the step is cancelled"));
    m_reason->setPlaceholderText(tr("For example: started for the wrong child"));
    m_reason->setTabChangesFocus(true);
    m_message->setObjectName(QStringLiteral("cancelStepMessage"));

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("Cancel &step"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmCancelStep"));
    m_confirm->setEnabled(false);
    QPushButton *keep = buttons->addButton(tr("&Keep the step"), QDialogButtonBox::RejectRole);
    keep->setDefault(true);
    connect(m_reason, &QPlainTextEdit::textChanged, this,
            [this] { m_confirm->setEnabled(!reason().isEmpty()); });
    // Not accept(): the dialog closes only once the step is cancelled.
    connect(m_confirm, &QPushButton::clicked, this, [this] { emit cancelAsked(reason()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(label);
    layout->addWidget(m_reason, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(460, 260);
}

QString CancelStepDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

void CancelStepDialog::setWorking(bool working)
{
    m_reason->setReadOnly(working);
    m_confirm->setEnabled(!working && !reason().isEmpty());
    if (working)
        m_message->showMessage(InlineMessage::Kind::Information, tr("Cancelling…"));
}

void CancelStepDialog::showRefusal(const QString &message)
{
    m_message->showError(message);
}

} // namespace casedesk
