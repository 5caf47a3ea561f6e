#include "paneltimetableview.h"

#include "invitationbutton.h"
#include "panelpaper.h"

#include "choosepaneldialog.h"
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "dptables.h"
#include "firstreviewdialog.h"
#include "paneldialog.h"
#include "records/personrecordquery.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
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
    m_busy = new QLabel(this);
    m_busy->setObjectName(QStringLiteral("timetableBusy"));
    m_busy->setTextFormat(Qt::PlainText);
    m_busy->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    m_busy->hide();
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300); // quick answers never flash a busy sign
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        m_busy->setText(m_waitingFor);
        m_busy->show();
    });
    m_readAgain = dpui::button(this, QStringLiteral("readTimetableAgainButton"), tr("Read &again"),
                               tr("Read the timetable again once the connection is back"));
    m_readAgain->hide();

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
    splitter->addWidget(
        section(splitter, tr("Direct Payments panel timetable"), m_panels,
                {m_add, m_move, m_meeting,
                 PanelPaper::button(
                     this, m_context, [this] { return selectedPanelId(); }, m_message)}));
    QPushButton *invitation = InvitationButton::button(
        this, m_context, [this] { return selectedPanelId(); },
        [this] {
            const AgendaItem *item = selectedAgendaItem();
            return item ? item->id : qint64(0);
        },
        [this] {
            const AgendaItem *item = selectedAgendaItem();
            return item && item->kind == PanelCaseKind::Review ? item->panelCaseId : qint64(0);
        },
        m_message);
    splitter->addWidget(section(splitter, tr("Agenda"), m_agenda,
                                {m_moveCase, m_bringBack, invitation}, nullptr, &m_agendaHeading));
    auto *bottom = new QSplitter(Qt::Horizontal, splitter);
    bottom->addWidget(
        section(bottom, tr("Waiting for a panel"), m_waiting, {m_place}, m_waitingMessage));
    bottom->addWidget(section(bottom, tr("Reviews to schedule (Direct Payments Group tray)"),
                              m_schedule, {m_scheduleButton, m_firstReviewButton}));
    splitter->addWidget(bottom);
    splitter->setSizes({320, 240, 220});

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_message, 1);
    top->addWidget(m_readAgain);
    top->addWidget(m_busy);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    // Each table, then the buttons that act on its selected row (shown above it, on the right).
    const QList<QWidget *> order{m_panels, m_add,      m_move,           m_meeting,
                                 m_agenda, m_moveCase, m_bringBack,      m_waiting,
                                 m_place,  m_schedule, m_scheduleButton, m_firstReviewButton};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));

    connect(m_panels, &QTableWidget::itemSelectionChanged, this, [this] {
        if (!m_filling)
            readSelectedAgenda();
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
    connect(m_readAgain, &QPushButton::clicked, this, &PanelTimetableView::reload);
    updateButtons();
    reload();
}

template <typename Work> auto PanelTimetableView::onDatabaseThread(Work work) const
{
    const DefinitionRegistry *definitions = &m_context.dp.engine().definitions();
    const QDate today = m_context.dp.today();
    return m_context.background.run(
        [definitions, today, work = std::move(work)](Database &db) mutable {
            WorkflowEngine engine(db, *definitions);
            DirectPayments service(db, engine);
            service.setClock([today] { return today; });
            return work(db, service);
        });
}

void PanelTimetableView::beginWaiting(const QString &text)
{
    ++m_pending;
    m_waitingFor = text;
    if (m_busy->isVisible())
        m_busy->setText(text);
    else if (!m_busyDelay->isActive())
        m_busyDelay->start();
}

void PanelTimetableView::endWaiting()
{
    if (--m_pending > 0)
        return;
    m_pending = 0;
    m_busyDelay->stop();
    m_busy->hide();
}

QString PanelTimetableView::busyText() const
{
    return m_busy->isVisibleTo(this) ? m_busy->text() : QString();
}

void PanelTimetableView::reload()
{
    if (m_reading) {
        // Our own change announced to the other screens: the read asked for it is on its way.
        if (!m_announcing)
            m_readOnceMore = true;
        return;
    }
    startRead();
}

void PanelTimetableView::startRead()
{
    m_reading = true;
    m_readAgain->hide();
    const quint64 asked = ++m_asked;
    const qint64 panelId = m_wantedPanel > 0 ? m_wantedPanel : selectedPanelId();
    m_wantedPanel = 0;
    const qint64 workerId = m_context.actor.workerId;
    beginWaiting(tr("Reading the timetable\u2026"));
    // One request: the timetable, the selected panel's agenda, the waiting cases, the reviews to
    // schedule and who may write a pre-meeting report.
    onDatabaseThread([workerId, panelId](Database &db, DirectPayments &service) {
        Reading reading;
        reading.timetable = TimetableQuery(db, service).read(workerId, panelId);
        if (reading.timetable.status) {
            const Directory directory(db, service.engine().definitions());
            for (const DirectoryEntry &entry : directory.workers({dp::SocialWorker}))
                reading.workers << qMakePair(
                    entry.id, entry.detail.isEmpty()
                                  ? entry.name
                                  : QStringLiteral("%1 – %2").arg(entry.name, entry.detail));
        }
        return reading;
    }).then(this, [this, asked](const Reading &reading) {
        // A panel chosen meanwhile keeps its own agenda read (it lands after this).
        showReading(reading, asked == m_asked);
        m_reading = false;
        endWaiting();
        if (std::exchange(m_readOnceMore, false))
            reload();
        else
            emit readDone();
    });
}

void PanelTimetableView::showReading(const Reading &reading, bool agendaToo)
{
    const TimetableReading &read = reading.timetable;
    if (!read.status) {
        // What was shown stays; the change buttons wait for a good read.
        m_message->showError(read.status.message());
        m_readFailed = true;
        m_readAgain->show();
        updateButtons();
        return;
    }
    if (std::exchange(m_readFailed, false))
        m_message->clearMessage();
    m_loaded = true;
    const qint64 selected = agendaToo ? read.agendaPanelId : selectedPanelId();
    m_panelList = read.panels;
    m_workers = reading.workers;
    m_filling = true;
    showPanels();
    if (!selectPanel(selected))
        m_panels->clearSelection();
    m_filling = false;
    if (agendaToo)
        showAgenda(read.agenda);
    m_waitingList = read.waiting;
    showWaiting(read.waitingWarning);
    m_scheduleList = read.reviews;
    m_scheduleAllocatedWorkers = read.reviewAllocatedWorkers;
    showReviewsToSchedule();
    updateButtons();
}

void PanelTimetableView::showPanels()
{
    const QDate today = m_context.dp.today();
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

PanelRecord PanelTimetableView::panelOf(qint64 panelId) const
{
    for (const PanelRecord &panel : m_panelList) {
        if (panel.id == panelId && panelId > 0)
            return panel;
    }
    return PanelRecord();
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

void PanelTimetableView::readSelectedAgenda()
{
    const qint64 panelId = selectedPanelId();
    // The previous panel's cases go at once: nothing is done to them by mistake meanwhile.
    showAgenda({});
    updateButtons();
    if (panelId <= 0)
        return;
    const quint64 asked = ++m_asked;
    beginWaiting(tr("Reading the agenda\u2026"));
    struct Read
    {
        QList<AgendaItem> agenda;
        Status status;
    };
    onDatabaseThread([panelId](Database &db, DirectPayments &dp) {
        Read read;
        read.agenda = dp.agenda(panelId);
        if (PersonRecordQuery::isConnectionLost(db))
            read.status = Status::failure(PersonRecordQuery::connectionLostMessage(),
                                          Status::Code::ServerUnreachable);
        return read;
    }).then(this, [this, asked](const Read &read) {
        endWaiting();
        if (asked != m_asked)
            return; // another panel was chosen, or the timetable is read again
        if (!read.status) {
            m_message->showError(read.status.message());
            m_readFailed = true;
            m_readAgain->show();
        }
        showAgenda(read.agenda);
        updateButtons();
        emit readDone();
    });
}

void PanelTimetableView::showAgenda(const QList<AgendaItem> &agenda)
{
    m_agendaList = agenda;
    const PanelRecord panel = panelOf(selectedPanelId());
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

void PanelTimetableView::showWaiting(const QString &warning)
{
    QList<QStringList> rows;
    for (const AgendaItem &item : std::as_const(m_waitingList))
        rows << QStringList{QStringLiteral("%1 (%2)").arg(item.personName, item.personRef),
                            item.kindName, item.workerName, item.teamName,
                            DirectPayments::formatDate(item.submittedOn)};
    dpui::fill(m_waiting, rows, {});
    // A case waits because no panel takes it: say so in the core's words.
    if (warning.isEmpty())
        m_waitingMessage->clearMessage();
    else
        m_waitingMessage->showMessage(InlineMessage::Kind::Warning, warning);
}

void PanelTimetableView::showReviewsToSchedule()
{
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
    // While a change is on its way nothing else is changed (nor the same thing twice).
    const bool free = m_writing == 0 && m_loaded;
    const PanelRecord panel = panelOf(selectedPanelId());
    const bool future = panel.isValid() && panel.meetingDate() >= m_context.dp.today();
    m_add->setEnabled(free);
    m_firstReviewButton->setEnabled(free);
    m_move->setEnabled(free && future);
    m_meeting->setEnabled(panel.isValid());
    const AgendaItem *item = selectedAgendaItem();
    const bool decided = item && item->panelStepStatus == StepStatus::Finished;
    m_moveCase->setEnabled(free && item && !decided);
    m_bringBack->setEnabled(
        free && item && decided &&
        (item->outcome == dp::Declined || item->outcome == dp::AnotherSuggestion));
    m_place->setEnabled(free && dpui::selectedRow(m_waiting) >= 0);
    m_scheduleButton->setEnabled(free && dpui::selectedRow(m_schedule) >= 0);
}

void PanelTimetableView::changedHere()
{
    reload();
    m_announcing = true;
    // The change was written by the database thread's engine: the other screens (workviews,
    // panel meeting mode) learn of it as they would from this session's engine.
    emit m_context.dp.engine().workChanged();
    m_announcing = false;
    emit changed();
}

QFuture<Status> PanelTimetableView::write(const QString &waitingFor, Change change,
                                          std::function<QString(const Written &)> success)
{
    ++m_writing;
    beginWaiting(waitingFor);
    updateButtons();
    const Actor actor = m_context.actor;
    return onDatabaseThread([change, actor](Database &db, DirectPayments &dp) {
               Written written = change(dp, actor);
               // Not a refusal: the link went while the change was on its way, and whether the
               // server made it is not known until it answers again.
               if (!written.status && PersonRecordQuery::isConnectionLost(db))
                   written.status = Status::failure(
                       tr("CaseDesk lost the connection to the server, so it cannot tell "
                          "whether this was done. Once the connection is back, the timetable is "
                          "read again: check it before trying again."),
                       Status::Code::ServerUnreachable);
               return written;
           })
        .then(this, [this, success](const Written &written) {
            --m_writing;
            if (written.status) {
                m_message->showMessage(InlineMessage::Kind::Success, success(written));
                m_readFailed = false;
                changedHere();
            } else if (written.status.code() == Status::Code::ServerUnreachable) {
                // Kept when the timetable is read again (it shows whether it was done).
                m_message->showError(written.status.message());
                m_readFailed = false;
                reload();
            }
            endWaiting();
            updateButtons();
            return written.status;
        });
}

QList<PanelRecord> PanelTimetableView::futurePanels(const QDate &after) const
{
    QList<PanelRecord> result;
    const QDate today = m_context.dp.today();
    for (const PanelRecord &panel : m_panelList) {
        if (panel.meetingDate() >= today && (!after.isValid() || panel.meetingDate() > after))
            result << panel;
    }
    return result;
}

PanelDialog *PanelTimetableView::addPanel()
{
    if (m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
    auto *dialog = new PanelDialog(
        tr("Add a Direct Payments panel"),
        [this](const QDateTime &meetingAt, const QDate &lastSubmission, const QString &location) {
            return write(
                tr("Adding the panel\u2026"),
                [meetingAt, lastSubmission, location](DirectPayments &dp, const Actor &actor) {
                    Written written;
                    written.id =
                        dp.addPanel(meetingAt, lastSubmission, location, actor, &written.status);
                    return written;
                },
                [this, meetingAt](const Written &written) {
                    m_wantedPanel = written.id; // selected when the timetable is read again
                    return tr("Added the panel of %1.")
                        .arg(DirectPayments::formatDateTime(meetingAt));
                });
        },
        this);
    dialog->setBusyText(tr("Adding the panel\u2026"));
    // Suggest four weeks after the last panel, the last submission a week before.
    QDate day = m_panelList.isEmpty() ? m_context.dp.today().addDays(28)
                                      : m_panelList.last().meetingDate().addDays(28);
    day = qMax(day, m_context.dp.today());
    const QString location = m_panelList.isEmpty() ? QString() : m_panelList.last().location;
    dialog->setValues(QDateTime(day, QTime(10, 0)), day.addDays(-7), location);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

PanelDialog *PanelTimetableView::moveSelectedPanel()
{
    const PanelRecord panel = panelOf(selectedPanelId());
    if (!panel.isValid() || m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
    const qint64 panelId = panel.id;
    auto *dialog = new PanelDialog(
        tr("Move the panel of %1").arg(DirectPayments::formatDateTime(panel.meetingAt)),
        [this, panelId](const QDateTime &meetingAt, const QDate &lastSubmission, const QString &) {
            return write(
                tr("Moving the panel\u2026"),
                [panelId, meetingAt, lastSubmission](DirectPayments &dp, const Actor &actor) {
                    return Written{dp.movePanel(panelId, meetingAt, lastSubmission, actor),
                                   panelId};
                },
                [meetingAt](const Written &) {
                    return tr("The panel now meets on %1; its cases moved with it.")
                        .arg(DirectPayments::formatDateTime(meetingAt));
                });
        },
        this);
    dialog->setBusyText(tr("Moving the panel\u2026"));
    dialog->setValues(panel.meetingAt, panel.lastSubmissionDate, panel.location);
    dialog->setLocationEditable(false);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

ChoosePanelDialog *PanelTimetableView::moveSelectedCase()
{
    const AgendaItem *item = selectedAgendaItem();
    if (!item || m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
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
        [this, itemId, child](qint64 panelId, const QString &reason) {
            return write(
                tr("Moving %1 to another panel\u2026").arg(child),
                [itemId, panelId, reason](DirectPayments &dp, const Actor &actor) {
                    Written written;
                    written.id = dp.moveToPanel(itemId, panelId, reason, actor, &written.status);
                    return written;
                },
                [child](const Written &) { return tr("Moved %1 to another panel.").arg(child); });
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

ChoosePanelDialog *PanelTimetableView::bringBackSelectedCase()
{
    const AgendaItem *item = selectedAgendaItem();
    if (!item || m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
    const qint64 episodeId = item->episodeId;
    const QString child = item->personName;
    auto *dialog = new ChoosePanelDialog(
        tr("Bring a case back to a later panel"),
        tr("The panel of %1 recorded \"%2\" for %3. Bring the case back to:")
            .arg(DirectPayments::formatDateTime(item->panelMeetingAt), item->outcome, child),
        futurePanels(item->panelMeetingAt.date()),
        [this, episodeId, child](qint64 panelId, const QString &reason) {
            return write(
                tr("Bringing %1 back to a later panel\u2026").arg(child),
                [episodeId, panelId, reason](DirectPayments &dp, const Actor &actor) {
                    Written written;
                    written.id =
                        dp.bringBackToPanel(episodeId, panelId, reason, actor, &written.status);
                    return written;
                },
                [child](const Written &) {
                    return tr("%1 is back on a later panel's agenda.").arg(child);
                });
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

bool PanelTimetableView::placeSelectedWaitingCase()
{
    const int row = dpui::selectedRow(m_waiting);
    if (row < 0 || row >= m_waitingList.size() || m_writing > 0)
        return false;
    m_waitingMessage->clearMessage();
    const AgendaItem item = m_waitingList.at(row);
    const qint64 stepId = item.panelStepId;
    write(
        tr("Placing %1 on the next panel\u2026").arg(item.personName),
        [stepId](DirectPayments &dp, const Actor &actor) {
            Written written;
            written.id = dp.placeOnNextPanel(stepId, actor, &written.status);
            return written;
        },
        [this, name = item.personName](const Written &) {
            return tr("Placed %1 on the next panel.").arg(name);
        })
        .then(this, [this](const Status &status) {
            // A refusal is shown above the waiting cases, as before.
            if (!status && status.code() != Status::Code::ServerUnreachable)
                m_waitingMessage->showError(status.message());
        });
    return true;
}

FirstReviewDialog *PanelTimetableView::scheduleFirstReview()
{
    if (m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
    auto *dialog = new FirstReviewDialog(m_context, futurePanels(), socialWorkers(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_message->showMessage(
            InlineMessage::Kind::Success,
            tr("Scheduled the first review for %1; the pre-meeting report has gone to the "
               "allocated worker.")
                .arg(dialog->scheduledChildName()));
        changedHere();
    });
    dialog->open();
    dialog->searchBox()->setFocus(Qt::OtherFocusReason);
    return dialog;
}

ScheduleReviewDialog *PanelTimetableView::scheduleSelectedReview()
{
    const int row = dpui::selectedRow(m_schedule);
    if (row < 0 || row >= m_scheduleList.size() || m_writing > 0)
        return nullptr;
    m_message->clearMessage();
    m_readFailed = false;
    const WorkviewItem item = m_scheduleList.at(row);
    // Offered from the case: the panel the review date falls to, and the child's allocated
    // worker.
    const QString due = item.due.isValid()
                            ? tr(" The panel set the review for %1.")
                                  .arg(item.due.toString(QStringLiteral("dd/MM/yyyy")))
                            : QString();
    auto *dialog = new ScheduleReviewDialog(
        tr("Review of the direct payment for %1: the review is held at a panel; the allocated "
           "worker writes the pre-meeting report before it.%2")
            .arg(item.personLabel(), due),
        futurePanels(), socialWorkers(), m_scheduleAllocatedWorkers.value(item.stepId), item.due,
        [this, stepId = item.stepId, person = item.personName](const QDateTime &meetingAt,
                                                               qint64 workerId) {
            return write(
                tr("Scheduling the review for %1\u2026").arg(person),
                [stepId, meetingAt, workerId](DirectPayments &dp, const Actor &actor) {
                    Written written;
                    written.id =
                        dp.scheduleReview(stepId, meetingAt, workerId, actor, &written.status);
                    return written;
                },
                [person](const Written &) {
                    return tr("Scheduled the review for %1; the pre-meeting report has gone to "
                              "the allocated worker.")
                        .arg(person);
                });
        },
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace casedesk
