#include "requestsdialog.h"

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "storage/databasethread.h"
#include "workflow/casedefaults.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QString shortDateTime(const QDateTime &when)
{
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm"))
                          : QString();
}

// A selected row keeps its own colours, lightly tinted, so an outstanding request stays red
// while selected (the default selection colour would hide the highlight).
class KeepColoursDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!(option->state & QStyle::State_Selected))
            return;
        const QVariant foreground = index.data(Qt::ForegroundRole);
        const QColor text = foreground.canConvert<QBrush>() ? foreground.value<QBrush>().color()
                                                            : option->palette.color(QPalette::Text);
        const QVariant background = index.data(Qt::BackgroundRole);
        const QColor base = background.canConvert<QBrush>()
                                ? background.value<QBrush>().color().darker(112)
                                : QColor(QLatin1String(Style::SelectedBackground));
        for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
            option->palette.setColor(group, QPalette::Highlight, base);
            option->palette.setColor(group, QPalette::HighlightedText, text);
        }
    }
};

QLabel *mutedLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    return label;
}

} // namespace

RequestsDialog::RequestsDialog(WorkflowEngine &engine, const Directory &directory, qint64 stepId,
                               const Actor &actor, DatabaseThread *background, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_directory(directory), m_background(background),
      m_stepId(stepId), m_actor(actor)
{
    setObjectName(QStringLiteral("requestsDialog"));
    // The step's name and type come with the first read.
    setWindowTitle(tr("Requests"));
    resize(900, 620);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    m_heading = new QLabel(tr("Requests"), this);
    m_heading->setObjectName(QStringLiteral("requestsHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_heading->setWordWrap(true);
    layout->addWidget(m_heading);
    // Said only when the server is slow to answer: a quick read never flashes it.
    m_busy = mutedLabel(this);
    m_busy->setObjectName(QStringLiteral("requestsBusy"));
    m_busy->hide();
    layout->addWidget(m_busy);
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        if (isBusy())
            m_busy->show();
    });

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("requestsTable"));
    m_table->setAccessibleName(tr("Requests"));
    m_table->setHorizontalHeaderLabels(
        {tr("Request"), tr("Required"), tr("To"), tr("From"), tr("Sent"), tr("Status")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(false);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setMinimumHeight(150);
    m_table->setItemDelegate(new KeepColoursDelegate(m_table));
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            &RequestsDialog::updateResponseButtons);
    layout->addWidget(m_table, 1);

    m_details = mutedLabel(this);
    m_details->setObjectName(QStringLiteral("requestDetails"));
    m_details->setStyleSheet(QString());
    layout->addWidget(m_details);
    layout->addSpacing(4);

    auto *respondRow = new QHBoxLayout;
    m_complete = new QPushButton(tr("&Completed"), this);
    m_complete->setObjectName(QStringLiteral("completedButton"));
    m_complete->setAccessibleDescription(tr("Marks the selected request Completed"));
    m_decline = new QPushButton(tr("&Declined"), this);
    m_decline->setObjectName(QStringLiteral("declinedButton"));
    m_decline->setAccessibleDescription(tr("Declines the selected request, with a reason"));
    respondRow->addWidget(m_complete);
    respondRow->addWidget(m_decline);
    m_why = mutedLabel(this);
    m_why->setObjectName(QStringLiteral("whyCannotRespond"));
    respondRow->addWidget(m_why, 1);
    layout->addLayout(respondRow);
    connect(m_complete, &QPushButton::clicked, this, &RequestsDialog::complete);
    connect(m_decline, &QPushButton::clicked, this, &RequestsDialog::startDecline);

    m_declineArea = new QFrame(this);
    m_declineArea->setObjectName(QStringLiteral("declineArea"));
    auto *declineLayout = new QHBoxLayout(m_declineArea);
    declineLayout->setContentsMargins(0, 0, 0, 0);
    auto *reasonLabel = new QLabel(tr("Reason for declining:"), m_declineArea);
    m_declineReason = new QLineEdit(m_declineArea);
    m_declineReason->setObjectName(QStringLiteral("declineReason"));
    m_declineReason->setAccessibleName(tr("Reason for declining"));
    m_declineReason->setPlaceholderText(tr("So the sender knows what to do next"));
    reasonLabel->setBuddy(m_declineReason);
    m_confirmDecline = new QPushButton(tr("Decline request"), m_declineArea);
    m_confirmDecline->setObjectName(QStringLiteral("confirmDecline"));
    auto *cancelDecline = new QPushButton(tr("Cancel"), m_declineArea);
    declineLayout->addWidget(reasonLabel);
    declineLayout->addWidget(m_declineReason, 1);
    declineLayout->addWidget(m_confirmDecline);
    declineLayout->addWidget(cancelDecline);
    m_declineArea->setVisible(false);
    layout->addWidget(m_declineArea);
    connect(m_confirmDecline, &QPushButton::clicked, this, &RequestsDialog::confirmDecline);
    connect(m_declineReason, &QLineEdit::returnPressed, this, &RequestsDialog::confirmDecline);
    connect(cancelDecline, &QPushButton::clicked, this, &RequestsDialog::cancelDecline);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("requestsMessage"));
    layout->addWidget(m_message);

    m_sendBox = new QGroupBox(tr("Send a request"), this);
    m_sendBox->setObjectName(QStringLiteral("sendRequestBox"));
    auto *sendLayout = new QVBoxLayout(m_sendBox);
    m_sendWhy = mutedLabel(m_sendBox);
    sendLayout->addWidget(m_sendWhy);
    // A grid rather than a form layout: it sizes the wrapped guidance line properly.
    auto *sendForm = new QGridLayout;
    sendForm->setColumnStretch(1, 1);
    sendForm->setHorizontalSpacing(10);
    auto addRow = [this, sendForm](const QString &text, QWidget *field) {
        const int row = sendForm->rowCount();
        if (!text.isEmpty()) {
            auto *label = new QLabel(text, m_sendBox);
            label->setBuddy(field);
            sendForm->addWidget(label, row, 0);
        }
        sendForm->addWidget(field, row, 1,
                            qobject_cast<QComboBox *>(field) ? Qt::AlignLeft : Qt::Alignment());
    };
    m_requestType = new QComboBox(m_sendBox);
    m_requestType->setObjectName(QStringLiteral("requestType"));
    m_requestType->setAccessibleName(tr("Request"));
    addRow(tr("&Request:"), m_requestType);
    m_requestGuidance = mutedLabel(m_sendBox);
    m_requestGuidance->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addRow(QString(), m_requestGuidance);
    m_recipient = new QComboBox(m_sendBox);
    m_recipient->setObjectName(QStringLiteral("recipient"));
    m_recipient->setAccessibleName(tr("Send to"));
    m_recipient->setPlaceholderText(tr("Choose who to send it to"));
    addRow(tr("Send &to:"), m_recipient);
    m_note = new QLineEdit(m_sendBox);
    m_note->setObjectName(QStringLiteral("requestNote"));
    m_note->setAccessibleName(tr("Note (optional)"));
    m_note->setPlaceholderText(tr("Optional"));
    addRow(tr("&Note:"), m_note);
    sendLayout->addLayout(sendForm);
    m_send = new QPushButton(tr("&Send Request"), m_sendBox);
    m_send->setObjectName(QStringLiteral("sendRequestButton"));
    auto *sendRow = new QHBoxLayout;
    sendRow->addStretch(1);
    sendRow->addWidget(m_send);
    sendLayout->addLayout(sendRow);
    layout->addWidget(m_sendBox);
    connect(m_requestType, &QComboBox::currentIndexChanged, this,
            &RequestsDialog::updateRecipients);
    connect(m_requestType, &QComboBox::currentIndexChanged, this, &RequestsDialog::updateSendArea);
    connect(m_send, &QPushButton::clicked, this, &RequestsDialog::send);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // The pickers fill once the directory is in (it is read once per session, off this thread).
    if (!directory.isLoaded())
        connect(&directory, &Directory::loaded, this, &RequestsDialog::updateRecipients);
    updateRecipients();
    updateSendArea();
    updateResponseButtons();
    reload();
}

template <typename Work> auto RequestsDialog::ask(Work work)
{
    using Result = std::invoke_result_t<Work &, WorkflowEngine &>;
    if (!m_background)
        return QtFuture::makeReadyFuture(work(m_engine));
    const DefinitionRegistry *definitions = &m_engine.definitions();
    return m_background->run([definitions, work](Database &db) mutable -> Result {
        WorkflowEngine engine(db, *definitions);
        return work(engine);
    });
}

void RequestsDialog::reload()
{
    const quint64 asked = m_reading = ++m_readsAsked;
    updateBusy();
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    ask([stepId, actor](WorkflowEngine &engine) {
        return engine.requestsView(stepId, actor);
    }).then(this, [this, asked](const View &view) {
        if (asked != m_reading) // a later read or an action's read supersedes this one
            return;
        m_reading = 0;
        showView(view);
        updateBusy();
        emit readDone();
    });
}

void RequestsDialog::showView(const View &view)
{
    if (view.step.unreadable) {
        // What was shown stays; nothing can be done until the server answers again.
        m_unreachable = true;
        m_message->showError(tr("CaseDesk cannot reach the server just now, so the requests "
                                "could not be read. Close this and open Requests again once "
                                "the server is back."));
        updateSendArea();
        updateResponseButtons();
        return;
    }
    m_unreachable = false;
    if (!m_loaded) {
        const StepRecord &step = view.step;
        setWindowTitle(tr("Requests – %1 – %2").arg(step.stepType, step.personName));
        m_heading->setText(tr("Requests about %1 for %2").arg(step.stepType, step.personName));
        const QSignalBlocker blocker(m_requestType);
        const StepTypeDefinition *stepType = m_engine.definitions().stepType(step.stepType);
        for (const QString &name : stepType ? stepType->requestTypes : QStringList()) {
            const RequestTypeDefinition *type = m_engine.definitions().requestType(name);
            m_requestType->addItem(type ? type->displayName() : name, name);
        }
        m_loaded = true;
        m_allocatedWorkerId = step.allocatedWorkerId;
        updateRecipients();
    }
    m_whyCannotEdit = view.whyCannotEdit;
    m_whyCannotRespond = view.whyCannotRespond;
    m_whyCannotSend = view.whyCannotSend;

    const qint64 selected = selectedRequestId();
    {
        // Filling the table changes the selection row by row: settle the buttons once, below.
        const QSignalBlocker blocker(m_table);
        m_requests = view.requests;
        m_table->setRowCount(int(m_requests.size()));
        const QColor errorText(QLatin1String(Style::ErrorText));
        const QColor errorBackground(QLatin1String(Style::ErrorBackground));
        for (int row = 0; row < m_requests.size(); ++row) {
            const RequestRecord &request = m_requests.at(row);
            QString status;
            if (request.status == RequestStatus::Outstanding)
                status = tr("Outstanding");
            else if (request.status == RequestStatus::Completed)
                status = tr("Completed by %1 on %2")
                             .arg(request.respondedByName, shortDateTime(request.respondedAt));
            else if (request.status == RequestStatus::Declined)
                status =
                    tr("Declined by %1: %2").arg(request.respondedByName, request.declineReason);
            const QStringList cells{
                request.requestType,           request.required ? tr("REQUIRED") : QString(),
                request.recipientName,         request.senderName,
                shortDateTime(request.sentAt), status};
            for (int column = 0; column < ColumnCount; ++column) {
                auto *item = new QTableWidgetItem(cells.at(column));
                item->setData(Qt::UserRole, request.id);
                if (request.isOutstanding()) {
                    item->setForeground(errorText);
                    item->setBackground(errorBackground);
                    if (column == StatusColumn || column == RequiredColumn) {
                        QFont font = item->font();
                        font.setBold(true);
                        item->setFont(font);
                    }
                }
                if (column == StatusColumn || column == RequestColumn)
                    item->setToolTip(cells.at(column));
                m_table->setItem(row, column, item);
            }
        }
        if (selected > 0) {
            selectRequest(selected);
        } else {
            // Start on what most likely needs doing: the first outstanding request.
            qint64 first = 0;
            for (const RequestRecord &request : std::as_const(m_requests)) {
                if (request.isOutstanding() && !first)
                    first = request.id;
            }
            if (!first && !m_requests.isEmpty())
                first = m_requests.constFirst().id;
            selectRequest(first);
        }
    }
    updateSendArea();
    updateResponseButtons();
}

void RequestsDialog::updateSendArea()
{
    QString why = m_whyCannotEdit;
    if (m_loaded && why.isEmpty() && m_requestType->count() == 0)
        why = tr("No requests can be sent from this step.");
    const bool usable = m_loaded && !m_unreachable && why.isEmpty() && !m_acting;
    for (QWidget *widget :
         QList<QWidget *>{m_requestType, m_recipient, m_note, m_send, m_requestGuidance})
        widget->setEnabled(usable);
    // The decision on the step stops this request (another type may still be chosen).
    const QString decision = m_whyCannotSend.value(m_requestType->currentData().toString());
    if (usable && !decision.isEmpty()) {
        m_send->setEnabled(false);
        why = decision;
    }
    m_sendWhy->setText(why);
    m_sendWhy->setVisible(!why.isEmpty());
    m_send->setToolTip(m_acting ? m_actingText : why);
}

void RequestsDialog::updateBusy()
{
    if (!isBusy()) {
        m_busyDelay->stop();
        m_busy->hide();
        return;
    }
    m_busy->setText(m_acting ? m_actingText : tr("Reading the requests\u2026"));
    if (m_busy->isHidden() && !m_busyDelay->isActive())
        m_busyDelay->start();
}

void RequestsDialog::selectRequest(qint64 requestId)
{
    for (int row = 0; row < m_requests.size(); ++row) {
        if (m_requests.at(row).id == requestId) {
            m_table->selectRow(row);
            m_table->setCurrentCell(row, RequestColumn);
            return;
        }
    }
    m_table->clearSelection();
}

qint64 RequestsDialog::selectedRequestId() const
{
    const QList<QTableWidgetItem *> selected =
        m_table ? m_table->selectedItems() : QList<QTableWidgetItem *>();
    return selected.isEmpty() ? 0 : selected.constFirst()->data(Qt::UserRole).toLongLong();
}

void RequestsDialog::updateResponseButtons()
{
    const qint64 id = selectedRequestId();
    QString why;
    if (!m_loaded)
        why = QString(); // nothing to say until the read lands (the busy note says it is coming)
    else if (!id)
        why = m_requests.isEmpty() ? tr("No requests have been sent about this step yet.")
                                   : tr("Select a request to complete or decline it.");
    else
        why = m_whyCannotRespond.value(id, tr("This request no longer exists."));
    const bool usable = m_loaded && !m_unreachable && !m_acting && why.isEmpty();
    for (QPushButton *button : {m_complete, m_decline}) {
        button->setEnabled(usable);
        button->setToolTip(m_acting ? m_actingText : why);
    }
    // A notice (CS Notification of Panel Decision) is cleared once read, never declined.
    QString requestType;
    for (const RequestRecord &request : std::as_const(m_requests)) {
        if (request.id == id)
            requestType = request.requestType;
    }
    const RequestTypeDefinition *type = m_engine.definitions().requestType(requestType);
    const bool notice = type && type->notice;
    m_complete->setText(notice ? tr("&Clear notice") : tr("&Completed"));
    if (notice) {
        m_decline->setEnabled(false);
        m_decline->setToolTip(tr("A notice is cleared once read; there is nothing to decline."));
    }
    m_confirmDecline->setEnabled(usable && !notice);
    m_why->setText(why);
    m_why->setVisible(!why.isEmpty());
    if (!why.isEmpty())
        m_declineArea->setVisible(false);

    QString details;
    for (const RequestRecord &request : std::as_const(m_requests)) {
        if (request.id != id)
            continue;
        QStringList lines;
        lines << tr("%1, sent by %2 to %3.")
                     .arg(request.workviewTitle(), request.senderName, request.recipientName);
        if (!request.note.isEmpty())
            lines << tr("Note: %1").arg(request.note);
        if (const RequestTypeDefinition *type =
                m_engine.definitions().requestType(request.requestType);
            type && request.isOutstanding() && !type->guidance.isEmpty())
            lines << type->guidance;
        details = lines.join(QLatin1Char('\n'));
    }
    m_details->setText(details);
    m_details->setVisible(!details.isEmpty());
}

void RequestsDialog::updateRecipients()
{
    const RequestTypeDefinition *type =
        m_engine.definitions().requestType(m_requestType->currentData().toString());
    // Asked before the picker is cleared: a directory read at first use says loaded() at once,
    // which calls this again.
    const QList<DirectoryEntry> inboxes =
        type && type->recipientKind == RecipientKind::VirtualWorker
            ? m_directory.virtualWorkers(type->recipientVirtualWorkers)
            : QList<DirectoryEntry>();
    QList<DirectoryEntry> workers = type && type->recipientKind != RecipientKind::VirtualWorker
                                        ? m_directory.workers(type->recipientRoles)
                                        : QList<DirectoryEntry>();
    m_recipient->clear();
    m_requestGuidance->setText(type ? type->guidance : QString());
    m_requestGuidance->setVisible(type && !type->guidance.isEmpty());
    if (!type)
        return;
    if (type->recipientKind == RecipientKind::VirtualWorker) {
        for (const DirectoryEntry &entry : inboxes)
            m_recipient->addItem(entry.name, entry.id);
        return;
    }
    // Preselected from the case (the allocated worker, or their manager), first in the list;
    // when the case names no one, nobody is preselected: the sender chooses.
    const CaseContacts contacts{m_allocatedWorkerId, m_directory.managerOf(m_allocatedWorkerId),
                                m_directory.managerOf(m_actor.workerId)};
    QList<qint64> offered;
    for (const DirectoryEntry &entry : std::as_const(workers))
        offered << entry.id;
    const qint64 preferred = defaultWorker(type->recipientRoles, contacts, offered);
    std::stable_sort(workers.begin(), workers.end(),
                     [preferred](const DirectoryEntry &a, const DirectoryEntry &b) {
                         return a.id == preferred && b.id != preferred;
                     });
    for (const DirectoryEntry &entry : std::as_const(workers)) {
        QString text =
            entry.detail.isEmpty() ? entry.name : tr("%1 (%2)").arg(entry.name, entry.detail);
        if (entry.id == m_actor.workerId)
            text = tr("%1 – you").arg(text);
        m_recipient->addItem(text, entry.id);
    }
    m_recipient->setCurrentIndex(preferred ? 0 : -1);
}

template <typename Work>
void RequestsDialog::act(Work work, std::function<void(const Outcome &)> succeeded,
                         std::function<void(const Outcome &)> refused)
{
    if (m_acting)
        return; // one at a time: nothing is sent or answered twice
    m_acting = true;
    m_reading = 0; // the read after the action supersedes one on its way
    updateBusy();
    updateSendArea();
    updateResponseButtons();
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    ask([work, stepId, actor](WorkflowEngine &engine) mutable {
        Outcome outcome = work(engine, actor);
        outcome.view = engine.requestsView(stepId, actor);
        return outcome;
    }).then(this, [this, succeeded, refused](const Outcome &outcome) {
        m_acting = false;
        showView(outcome.view);
        const bool ok = outcome.status.isOk();
        if (ok)
            succeeded(outcome);
        else
            refused(outcome);
        updateBusy();
        emit readDone();
        if (ok) {
            emit requestsChanged();
            // The session's engine tells the workviews and the step; a job's engine told no one.
            if (m_background)
                emit m_engine.workChanged();
        }
        emit actionDone(ok);
    });
}

void RequestsDialog::complete()
{
    const qint64 id = selectedRequestId();
    if (!id || m_acting)
        return;
    QString requestType;
    for (const RequestRecord &request : std::as_const(m_requests)) {
        if (request.id == id)
            requestType = request.requestType;
    }
    m_actingText = tr("Marking the request Completed\u2026");
    act(
        [id](WorkflowEngine &engine, const Actor &actor) {
            return Outcome{engine.completeRequest(id, actor), 0, {}};
        },
        [this, requestType](const Outcome &) {
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("\"%1\" is marked Completed.").arg(requestType));
        },
        [this](const Outcome &outcome) { m_message->showError(outcome.status.message()); });
}

void RequestsDialog::startDecline()
{
    m_declineArea->setVisible(true);
    m_declineReason->setFocus(Qt::OtherFocusReason);
}

void RequestsDialog::cancelDecline()
{
    m_declineReason->clear();
    m_declineArea->setVisible(false);
    m_decline->setFocus(Qt::OtherFocusReason);
}

void RequestsDialog::confirmDecline()
{
    const qint64 id = selectedRequestId();
    if (!id || m_acting)
        return;
    RequestRecord record;
    for (const RequestRecord &request : std::as_const(m_requests)) {
        if (request.id == id)
            record = request;
    }
    const QString reason = m_declineReason->text();
    m_actingText = tr("Declining the request\u2026");
    act(
        [id, reason](WorkflowEngine &engine, const Actor &actor) {
            return Outcome{engine.declineRequest(id, reason, actor), 0, {}};
        },
        [this, record](const Outcome &) {
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("\"%1\" is declined; %2 will see your reason.")
                                       .arg(record.requestType, record.senderName));
            m_declineReason->clear();
            m_declineArea->setVisible(false);
        },
        [this](const Outcome &outcome) {
            m_message->showError(outcome.status.message());
            if (m_declineArea->isVisible())
                m_declineReason->setFocus(Qt::OtherFocusReason);
        });
}

void RequestsDialog::send()
{
    if (m_acting)
        return;
    const QString name = m_requestType->currentData().toString();
    const RequestTypeDefinition *type = m_engine.definitions().requestType(name);
    if (!type)
        return;
    if (m_recipient->currentIndex() < 0) {
        m_message->showError(m_recipient->count() > 0
                                 ? tr("Choose who to send \"%1\" to.").arg(type->name)
                                 : tr("There is no one this request can be sent to."));
        m_recipient->setFocus(Qt::OtherFocusReason);
        return;
    }
    const qint64 id = m_recipient->currentData().toLongLong();
    const Assignee recipient = type->recipientKind == RecipientKind::VirtualWorker
                                   ? Assignee::virtualWorker(id)
                                   : Assignee::worker(id);
    const QString note = m_note->text().trimmed();
    const QString displayName = type->displayName();
    const qint64 stepId = m_stepId;
    m_actingText = tr("Sending the request\u2026");
    act(
        [stepId, name, recipient, note](WorkflowEngine &engine, const Actor &actor) {
            Outcome outcome{Status::ok(), 0, {}};
            outcome.sentId =
                engine.sendRequest(stepId, name, recipient, actor, note, &outcome.status);
            if (outcome.status.isOk() && outcome.sentId <= 0)
                outcome.status = Status::failure(tr("The request was not sent."));
            return outcome;
        },
        [this, displayName](const Outcome &outcome) {
            QString recipientName;
            for (const RequestRecord &request : std::as_const(m_requests)) {
                if (request.id == outcome.sentId)
                    recipientName = request.recipientName;
            }
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("\"%1\" was sent to %2.").arg(displayName, recipientName));
            m_note->clear();
            selectRequest(outcome.sentId);
        },
        [this](const Outcome &outcome) { m_message->showError(outcome.status.message()); });
}

} // namespace casedesk
