#include "paneltimetableview.h"

#include "choosepaneldialog.h"
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "dptables.h"
#include "firstreviewdialog.h"
#include "paneldialog.h"
#include "workview/workerdirectory.h"
#include "workview/workviewquery.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QWidget *section(QWidget *parent, const QString &title, QWidget *body,
                 const QList<QWidget *> &buttons, QWidget *extra = nullptr,
                 QLabel **headingLabel = nullptr)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 6, 0, 0);
    auto *top = new QHBoxLayout;
    auto *label = new QLabel(dpui::heading(title), box);
    label->setBuddy(body);
    if (headingLabel)
        *headingLabel = label;
    top->addWidget(label, 1);
    for (QWidget *button : buttons)
        top->addWidget(button);
    layout->addLayout(top);
    if (extra)
        layout->addWidget(extra);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

PanelTimetableView::PanelTimetableView(const DpContext &context, QWidget *parent)
    : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("panelTimetableView"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("timetableMessage"));

    m_panels = dpui::table(
        this, QStringLiteral("panelTable"), tr("Direct Payments panels"),
        {tr("Meets"), tr("Location"), tr("Last submission"), tr("Submissions"), tr("Cases")});
    m_add =
        dpui::button(this, QStringLiteral("addPanelButton"), tr("&Add panel…"),
                     tr("Add a Direct Payments panel to the timetable"), QStringLiteral("Ctrl+N"));
    m_move = dpui::button(this, QStringLiteral("movePanelButton"), tr("&Move panel…"),
                          tr("Move the selected panel to another date"), QStringLiteral("Ctrl+M"));
    m_meeting = dpui::button(this, QStringLiteral("meetingButton"), tr("Panel &meeting mode"),
                             tr("Walk the selected panel's agenda case by case"),
                             QStringLiteral("Ctrl+Return"));

    m_agenda =
        dpui::table(this, QStringLiteral("agendaTable"), tr("Agenda of the selected panel"),
                    {tr("Item"), tr("Child"), tr("Case"), tr("Worker"), tr("Team"), tr("Submitted"),
                     tr("Review meeting"), tr("Pre-meeting report"), tr("Outcome")});
    m_moveCase =
        dpui::button(this, QStringLiteral("moveCaseButton"), tr("Move &case…"),
                     tr("Move the selected case to another panel"), QStringLiteral("Ctrl+Shift+M"));
    m_bringBack = dpui::button(this, QStringLiteral("bringBackButton"), tr("&Bring back…"),
                               tr("Bring the selected declined case back to a later panel"),
                               QStringLiteral("Ctrl+B"));

    m_waiting = dpui::table(this, QStringLiteral("waitingTable"), tr("Cases waiting for a panel"),
                            {tr("Child"), tr("Case"), tr("Worker"), tr("Team"), tr("Submitted")});
    m_waitingMessage = new InlineMessage(this);
    m_waitingMessage->setObjectName(QStringLiteral("waitingMessage"));
    m_place = dpui::button(this, QStringLiteral("placeButton"), tr("&Place on next panel"),
                           tr("Put the selected case on the next panel for its submission date"),
                           QStringLiteral("Ctrl+P"));

    m_schedule = dpui::table(this, QStringLiteral("scheduleTable"), tr("Reviews to schedule"),
                             {tr("Child"), tr("Step"), tr("Received"), tr("Status")});
    m_scheduleButton = dpui::button(
        this, QStringLiteral("scheduleReviewButton"), tr("&Schedule review meeting…"),
        tr("Set the date and time of the review meeting and assign the pre-meeting report"),
        QStringLiteral("Ctrl+R"));
    m_firstReviewButton = dpui::button(
        this, QStringLiteral("scheduleFirstReviewButton"), tr("Schedule &first review…"),
        tr("An existing direct payment never reviewed at panel: find the child and schedule "
           "their first review"),
        QStringLiteral("Ctrl+Alt+R"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(section(splitter, tr("Direct Payments panel timetable"), m_panels,
                                {m_add, m_move, m_meeting}));
    splitter->addWidget(section(splitter, tr("Agenda"), m_agenda, {m_moveCase, m_bringBack},
                                nullptr, &m_agendaHeading));
    auto *bottom = new QSplitter(Qt::Horizontal, splitter);
    bottom->addWidget(
        section(bottom, tr("Waiting for a panel"), m_waiting, {m_place}, m_waitingMessage));
    bottom->addWidget(section(bottom, tr("Reviews to schedule (Direct Payments Group tray)"),
                              m_schedule, {m_scheduleButton, m_firstReviewButton}));
    splitter->addWidget(bottom);
    splitter->setSizes({320, 240, 220});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    // Each table, then the buttons that act on its selected row (shown above it, on the right).
    const QList<QWidget *> order{m_panels, m_add,      m_move,           m_meeting,
                                 m_agenda, m_moveCase, m_bringBack,      m_waiting,
                                 m_place,  m_schedule, m_scheduleButton, m_firstReviewButton};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));

    connect(m_panels, &QTableWidget::itemSelectionChanged, this, [this] {
        showAgenda();
        updateButtons();
    });
    connect(m_agenda, &QTableWidget::itemSelectionChanged, this,
            &PanelTimetableView::updateButtons);
    connect(m_waiting, &QTableWidget::itemSelectionChanged, this,
            &PanelTimetableView::updateButtons);
    connect(m_schedule, &QTableWidget::itemSelectionChanged, this,
            &PanelTimetableView::updateButtons);
    connect(m_add, &QPushButton::clicked, this, [this] { addPanel(); });
    connect(m_move, &QPushButton::clicked, this, [this] { moveSelectedPanel(); });
    connect(m_meeting, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedPanelId())
            emit meetingRequested(id);
    });
    connect(m_moveCase, &QPushButton::clicked, this, [this] { moveSelectedCase(); });
    connect(m_bringBack, &QPushButton::clicked, this, [this] { bringBackSelectedCase(); });
    connect(m_place, &QPushButton::clicked, this, [this] { placeSelectedWaitingCase(); });
    connect(m_scheduleButton, &QPushButton::clicked, this, [this] { scheduleSelectedReview(); });
    connect(m_firstReviewButton, &QPushButton::clicked, this, [this] { scheduleFirstReview(); });
    connect(m_panels, &QTableWidget::doubleClicked, m_meeting, &QPushButton::click);
    reload();
}

void PanelTimetableView::reload()
{
    const qint64 selected = selectedPanelId();
    showPanels();
    if (!selectPanel(selected)) {
        // The first panel that has not met yet.
        for (const PanelRecord &panel : std::as_const(m_panelList)) {
            if (panel.meetingDate() >= m_context.dp.today()) {
                selectPanel(panel.id);
                break;
            }
        }
    }
    showAgenda();
    showWaiting();
    showReviewsToSchedule();
    updateButtons();
}

void PanelTimetableView::showPanels()
{
    const QDate today = m_context.dp.today();
    m_panelList = m_context.dp.timetable(today.addMonths(-6), today.addYears(2));
    QList<QStringList> rows;
    QList<qint64> ids;
    for (const PanelRecord &panel : std::as_const(m_panelList)) {
        const bool met = panel.meetingDate() < today;
        rows << QStringList{DirectPayments::formatDateTime(panel.meetingAt), panel.location,
                            DirectPayments::formatDate(panel.lastSubmissionDate),
                            met ? tr("Met") : panel.submissionCountdown,
                            QString::number(panel.itemCount)};
        ids << panel.id;
    }
    dpui::fill(m_panels, rows, ids);
    for (int row = 0; row < m_panelList.size(); ++row) {
        if (m_panelList.at(row).meetingDate() >= today)
            continue;
        for (int column = 0; column < m_panels->columnCount(); ++column)
            m_panels->item(row, column)->setForeground(QColor(QLatin1String(Style::MutedText)));
    }
}

qint64 PanelTimetableView::selectedPanelId() const
{
    return dpui::selectedId(m_panels);
}

bool PanelTimetableView::selectPanel(qint64 panelId)
{
    for (int row = 0; row < m_panelList.size(); ++row) {
        if (m_panelList.at(row).id == panelId && panelId > 0) {
            dpui::selectRow(m_panels, row);
            m_panels->scrollToItem(m_panels->item(row, 0));
            return true;
        }
    }
    return false;
}

void PanelTimetableView::showAgenda()
{
    const qint64 panelId = selectedPanelId();
    m_agendaList = panelId > 0 ? m_context.dp.agenda(panelId) : QList<AgendaItem>();
    const PanelRecord panel = m_context.dp.panel(panelId);
    m_agendaHeading->setText(dpui::heading(
        panel.isValid()
            ? tr("Agenda of the panel of %1").arg(DirectPayments::formatDateTime(panel.meetingAt))
            : tr("Agenda (select a panel)")));
    QList<QStringList> rows;
    QList<qint64> ids;
    for (const AgendaItem &item : std::as_const(m_agendaList)) {
        QString report = item.preMeetingStatus;
        if (!item.preMeetingCountdown.isEmpty() && item.panelStepStatus != StepStatus::Finished)
            report += QStringLiteral(" (%1)").arg(item.preMeetingCountdown);
        rows << QStringList{QString::number(item.position),
                            QStringLiteral("%1 (%2)").arg(item.personName, item.personRef),
                            item.kindName,
                            item.workerName,
                            item.teamName,
                            DirectPayments::formatDate(item.submittedOn),
                            DirectPayments::formatDateTime(item.reviewAt),
                            report,
                            item.outcome};
        ids << item.id;
    }
    dpui::fill(m_agenda, rows, ids);
}

void PanelTimetableView::showWaiting()
{
    m_waitingList = m_context.dp.waitingForPanel();
    QList<QStringList> rows;
    for (const AgendaItem &item : std::as_const(m_waitingList))
        rows << QStringList{QStringLiteral("%1 (%2)").arg(item.personName, item.personRef),
                            item.kindName, item.workerName, item.teamName,
                            DirectPayments::formatDate(item.submittedOn)};
    dpui::fill(m_waiting, rows, {});
    // A case waits because no panel takes it: say so in the core's words.
    m_waitingMessage->clearMessage();
    for (const AgendaItem &item : std::as_const(m_waitingList)) {
        if (!m_context.dp.nextPanelFor(item.submittedOn).isValid()) {
            m_waitingMessage->showMessage(InlineMessage::Kind::Warning,
                                          m_context.dp.noPanelMessage(item.submittedOn));
            break;
        }
    }
}

void PanelTimetableView::showReviewsToSchedule()
{
    m_scheduleList.clear();
    const WorkerIdentity me = WorkerDirectory(m_context.db).identity(m_context.actor.workerId);
    const WorkviewQuery query(m_context.db, m_context.dp.today());
    for (const VirtualWorkerRef &inbox : me.virtualWorkers) {
        if (inbox.code != dp::GroupTray)
            continue;
        const WorkviewOwner owner = WorkviewOwner::virtualWorker(inbox.id, inbox.name, inbox.code);
        for (WorkviewCategory category :
             {WorkviewCategory::IncomingWork, WorkviewCategory::CurrentWork}) {
            for (const WorkviewItem &item : query.page(owner, category).items) {
                if (!item.isRequest() && item.stepType == dp::ScheduleReview)
                    m_scheduleList << item;
            }
        }
    }
    QList<QStringList> rows;
    QList<qint64> ids;
    for (const WorkviewItem &item : std::as_const(m_scheduleList)) {
        rows << QStringList{item.personLabel(), item.stepType,
                            item.received.toLocalTime().toString(QStringLiteral("dd/MM/yyyy")),
                            item.status == StepStatus::Started ? tr("Started") : tr("Incoming")};
        ids << item.stepId;
    }
    dpui::fill(m_schedule, rows, ids);
}

const AgendaItem *PanelTimetableView::selectedAgendaItem() const
{
    const int row = dpui::selectedRow(m_agenda);
    return row >= 0 && row < m_agendaList.size() ? &m_agendaList.at(row) : nullptr;
}

void PanelTimetableView::updateButtons()
{
    const PanelRecord panel = m_context.dp.panel(selectedPanelId());
    const bool future = panel.isValid() && panel.meetingDate() >= m_context.dp.today();
    m_move->setEnabled(future);
    m_meeting->setEnabled(panel.isValid());
    const AgendaItem *item = selectedAgendaItem();
    const bool decided = item && item->panelStepStatus == StepStatus::Finished;
    m_moveCase->setEnabled(item && !decided);
    m_bringBack->setEnabled(
        item && decided &&
        (item->outcome == dp::Declined || item->outcome == dp::AnotherSuggestion));
    m_place->setEnabled(dpui::selectedRow(m_waiting) >= 0);
    m_scheduleButton->setEnabled(dpui::selectedRow(m_schedule) >= 0);
}

void PanelTimetableView::done(const QString &what)
{
    reload();
    m_message->showMessage(InlineMessage::Kind::Success, what);
    emit changed();
}

QList<PanelRecord> PanelTimetableView::futurePanels(const QDate &after) const
{
    QList<PanelRecord> result;
    const QDate today = m_context.dp.today();
    for (const PanelRecord &panel : m_context.dp.timetable(today, today.addYears(2))) {
        if (!after.isValid() || panel.meetingDate() > after)
            result << panel;
    }
    return result;
}

PanelDialog *PanelTimetableView::addPanel()
{
    m_message->clearMessage();
    auto *dialog = new PanelDialog(
        tr("Add a Direct Payments panel"),
        [this](const QDateTime &meetingAt, const QDate &lastSubmission, const QString &location) {
            Status status;
            const qint64 id = m_context.dp.addPanel(meetingAt, lastSubmission, location,
                                                    m_context.actor, &status);
            if (id > 0)
                selectPanel(id); // reload() keeps it selected
            m_addedPanel = id;
            return status;
        },
        this);
    // Suggest four weeks after the last panel, the last submission a week before.
    QDate day = m_panelList.isEmpty() ? m_context.dp.today().addDays(28)
                                      : m_panelList.last().meetingDate().addDays(28);
    day = qMax(day, m_context.dp.today());
    const QString location = m_panelList.isEmpty() ? QString() : m_panelList.last().location;
    dialog->setValues(QDateTime(day, QTime(10, 0)), day.addDays(-7), location);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        reload();
        selectPanel(m_addedPanel);
        const PanelRecord panel = m_context.dp.panel(m_addedPanel);
        done(tr("Added the panel of %1.").arg(DirectPayments::formatDateTime(panel.meetingAt)));
        selectPanel(m_addedPanel);
    });
    dialog->open();
    return dialog;
}

PanelDialog *PanelTimetableView::moveSelectedPanel()
{
    const PanelRecord panel = m_context.dp.panel(selectedPanelId());
    if (!panel.isValid())
        return nullptr;
    m_message->clearMessage();
    const qint64 panelId = panel.id;
    auto *dialog = new PanelDialog(
        tr("Move the panel of %1").arg(DirectPayments::formatDateTime(panel.meetingAt)),
        [this, panelId](const QDateTime &meetingAt, const QDate &lastSubmission, const QString &) {
            return m_context.dp.movePanel(panelId, meetingAt, lastSubmission, m_context.actor);
        },
        this);
    dialog->setValues(panel.meetingAt, panel.lastSubmissionDate, panel.location);
    dialog->setLocationEditable(false);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, panelId] {
        const PanelRecord moved = m_context.dp.panel(panelId);
        done(tr("The panel now meets on %1; its cases moved with it.")
                 .arg(DirectPayments::formatDateTime(moved.meetingAt)));
    });
    dialog->open();
    return dialog;
}

ChoosePanelDialog *PanelTimetableView::moveSelectedCase()
{
    const AgendaItem *item = selectedAgendaItem();
    if (!item)
        return nullptr;
    m_message->clearMessage();
    const qint64 itemId = item->id;
    const QString child = item->personName;
    QList<PanelRecord> panels;
    for (const PanelRecord &panel : futurePanels()) {
        if (panel.id != item->panelId)
            panels << panel;
    }
    auto *dialog = new ChoosePanelDialog(
        tr("Move a case to another panel"),
        tr("Move %1 (%2) from the panel of %3 to:")
            .arg(child, item->kindName, DirectPayments::formatDateTime(item->panelMeetingAt)),
        panels,
        [this, itemId](qint64 panelId, const QString &reason) {
            Status status;
            m_context.dp.moveToPanel(itemId, panelId, reason, m_context.actor, &status);
            return status;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, child] { done(tr("Moved %1 to another panel.").arg(child)); });
    dialog->open();
    return dialog;
}

ChoosePanelDialog *PanelTimetableView::bringBackSelectedCase()
{
    const AgendaItem *item = selectedAgendaItem();
    if (!item)
        return nullptr;
    m_message->clearMessage();
    const qint64 episodeId = item->episodeId;
    const QString child = item->personName;
    auto *dialog = new ChoosePanelDialog(
        tr("Bring a case back to a later panel"),
        tr("The panel of %1 recorded \"%2\" for %3. Bring the case back to:")
            .arg(DirectPayments::formatDateTime(item->panelMeetingAt), item->outcome, child),
        futurePanels(item->panelMeetingAt.date()),
        [this, episodeId](qint64 panelId, const QString &reason) {
            Status status;
            m_context.dp.bringBackToPanel(episodeId, panelId, reason, m_context.actor, &status);
            return status;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, child] { done(tr("%1 is back on a later panel's agenda.").arg(child)); });
    dialog->open();
    return dialog;
}

bool PanelTimetableView::placeSelectedWaitingCase()
{
    const int row = dpui::selectedRow(m_waiting);
    if (row < 0 || row >= m_waitingList.size())
        return false;
    const AgendaItem item = m_waitingList.at(row);
    Status status;
    const qint64 placed = m_context.dp.placeOnNextPanel(item.panelStepId, m_context.actor, &status);
    if (placed <= 0) {
        m_waitingMessage->showError(status.message());
        return false;
    }
    done(tr("Placed %1 on the next panel.").arg(item.personName));
    return true;
}

QList<QPair<qint64, QString>> PanelTimetableView::socialWorkers() const
{
    QList<QPair<qint64, QString>> workers;
    for (const DirectoryEntry &entry : m_context.directory.workers({dp::SocialWorker}))
        workers << qMakePair(entry.id, entry.detail.isEmpty() ? entry.name
                                                              : QStringLiteral("%1 – %2").arg(
                                                                    entry.name, entry.detail));
    return workers;
}

FirstReviewDialog *PanelTimetableView::scheduleFirstReview()
{
    m_message->clearMessage();
    auto *dialog = new FirstReviewDialog(m_context, futurePanels(), socialWorkers(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        done(tr("Scheduled the first review for %1; the pre-meeting report has gone to the "
                "allocated worker.")
                 .arg(dialog->scheduledChildName()));
    });
    dialog->open();
    dialog->searchBox()->setFocus(Qt::OtherFocusReason);
    return dialog;
}

ScheduleReviewDialog *PanelTimetableView::scheduleSelectedReview()
{
    const int row = dpui::selectedRow(m_schedule);
    if (row < 0 || row >= m_scheduleList.size())
        return nullptr;
    m_message->clearMessage();
    const WorkviewItem item = m_scheduleList.at(row);
    auto *dialog = new ScheduleReviewDialog(
        tr("Review of the direct payment for %1: the review is held at a panel; the allocated "
           "worker writes the pre-meeting report before it.")
            .arg(item.personLabel()),
        futurePanels(), socialWorkers(), 0,
        [this, stepId = item.stepId](const QDateTime &meetingAt, qint64 workerId) {
            Status status;
            m_context.dp.scheduleReview(stepId, meetingAt, workerId, m_context.actor, &status);
            return status;
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, person = item.personName] {
        done(tr("Scheduled the review for %1; the pre-meeting report has gone to the allocated "
                "worker.")
                 .arg(person));
    });
    dialog->open();
    return dialog;
}

} // namespace casedesk
