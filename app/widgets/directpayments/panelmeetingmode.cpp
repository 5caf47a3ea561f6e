#include "panelmeetingmode.h"

#include "invitationbutton.h"
#include "panelpaper.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "dpbusy.h"
#include "dptables.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <optional>

namespace casedesk {

namespace {

QString row(const QString &label, const QString &value)
{
    if (value.trimmed().isEmpty())
        return QString();
    return QStringLiteral("<tr><td style=\"padding-right:16px; color:%1\">%2</td><td>%3</td></tr>")
        .arg(QLatin1String(Style::MutedText), label.toHtmlEscaped(),
             value.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

// What was submitted for a case: the latest referral (new requests) or pre-meeting report
// (reviews) of its episode. On the database thread.
EpisodeWorkspace submissionOf(DirectPayments &dp, const AgendaItem &item, const Actor &actor)
{
    return dp.submission(item.episodeId,
                         item.kind == PanelCaseKind::Review ? dp::PreMeetingReport : dp::Referral,
                         actor);
}

} // namespace

PanelMeetingMode::PanelMeetingMode(const DpContext &context, qint64 panelId, QWidget *parent)
    : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("panelMeetingMode"));
    m_panels = new QComboBox(this);
    m_panels->setObjectName(QStringLiteral("meetingPanelChoice"));
    m_panels->setAccessibleName(tr("Panel"));
    auto *panelLabel = new QLabel(tr("&Panel:"), this);
    panelLabel->setBuddy(m_panels);
    m_counter = new QLabel(this);
    m_counter->setObjectName(QStringLiteral("caseCounter"));
    QFont big = m_counter->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_counter->setFont(big);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("caseTitle"));
    m_title->setFont(big);
    m_title->setTextFormat(Qt::PlainText);
    m_summary = new QTextBrowser(this);
    m_summary->setObjectName(QStringLiteral("caseSummary"));
    m_summary->setAccessibleName(tr("Case summary"));
    m_summary->setOpenLinks(false);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("meetingMessage"));
    m_busy = new BusyNote(QStringLiteral("meetingBusy"), this);

    m_previous = dpui::button(this, QStringLiteral("previousCase"), tr("&Previous"),
                              tr("The previous case on the agenda (Page Up)"));
    m_next = dpui::button(this, QStringLiteral("nextCase"), tr("&Next"),
                          tr("The next case on the agenda (Page Down)"));
    // Page Up/Down anywhere in meeting mode (not only when this window's other tabs are hidden).
    for (const auto &[key, forward] :
         {std::pair{Qt::Key_PageUp, false}, {Qt::Key_PageDown, true}}) {
        auto *shortcut = new QShortcut(QKeySequence(key), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this,
                [this, forward = forward] { forward ? next() : previous(); });
    }
    m_record =
        dpui::button(this, QStringLiteral("recordOutcome"), tr("&Record outcome…"),
                     tr("Open the panel form of this case to record the discussion and outcome"),
                     QStringLiteral("Ctrl+Return"));
    m_record->setDefault(true);

    auto *top = new QHBoxLayout;
    top->addWidget(panelLabel);
    top->addWidget(m_panels, 1);
    top->addWidget(PanelPaper::button(
        this, m_context, [this] { return this->panelId(); }, m_message));
    top->addWidget(InvitationButton::button(
        this, m_context, [this] { return this->panelId(); },
        [this] {
            const AgendaItem *item = currentItem();
            return item ? item->id : qint64(0);
        },
        [this] {
            const AgendaItem *item = currentItem();
            return item && item->kind == PanelCaseKind::Review ? item->panelCaseId : qint64(0);
        },
        m_message));
    auto *nav = new QHBoxLayout;
    nav->addWidget(m_counter);
    nav->addWidget(m_busy);
    nav->addStretch(1);
    nav->addWidget(m_previous);
    nav->addWidget(m_next);
    nav->addWidget(m_record);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(nav);
    layout->addWidget(m_title);
    layout->addWidget(m_message);
    layout->addWidget(m_summary, 1);
    setTabOrder(m_panels, m_previous);
    setTabOrder(m_previous, m_next);
    setTabOrder(m_next, m_record);
    setTabOrder(m_record, m_summary);

    connect(m_previous, &QPushButton::clicked, this, [this] { previous(); });
    connect(m_next, &QPushButton::clicked, this, [this] { next(); });
    connect(m_record, &QPushButton::clicked, this, [this] { recordOutcome(); });
    connect(m_panels, &QComboBox::currentIndexChanged, this, [this] {
        // Another panel: its agenda from the first case; the old one's cases are gone.
        m_items.clear();
        m_index = -1;
        read(false, this->panelId(), 0);
    });
    read(true, panelId, 0);
}

// What one read of the meeting brings back.
struct PanelMeetingMode::Reading
{
    quint64 asked = 0;
    bool withPanels = false;
    QList<PanelRecord> panels;
    qint64 panelId = 0; // 0: no panel chosen
    QList<AgendaItem> agenda;
    int index = -1;
    EpisodeWorkspace submission; // of the case at `index`
    bool lost = false;
};

void PanelMeetingMode::read(bool withPanels, qint64 panelId, qint64 keepCaseId)
{
    const quint64 asked = ++m_readsAsked;
    m_readingAgenda = true;
    m_busy->begin(tr("Reading the agenda\u2026"));
    if (!currentItem())
        updateCase(); // the case shown stays (its summary unscrolled) until the answer lands
    const Actor actor = m_context.actor;
    // On the database thread (copies in, values out): the timetable, the agenda and what was
    // submitted for the case to show, in one request.
    m_context
        .ask([asked, withPanels, panelId, keepCaseId, actor](DirectPayments &dp) {
            Reading reading;
            reading.asked = asked;
            reading.withPanels = withPanels;
            reading.panelId = panelId;
            if (withPanels) {
                const QDate today = dp.today();
                reading.panels = dp.timetable(today.addMonths(-6), today.addYears(2));
                reading.panelId = 0;
                for (const PanelRecord &panel : std::as_const(reading.panels)) {
                    if (panel.id == panelId) {
                        reading.panelId = panel.id;
                        break;
                    }
                    if (panelId == 0 && reading.panelId == 0 && panel.meetingDate() >= today)
                        reading.panelId = panel.id;
                }
            }
            if (reading.panelId > 0)
                reading.agenda = dp.agenda(reading.panelId);
            reading.index = reading.agenda.isEmpty() ? -1 : 0;
            for (int i = 0; i < reading.agenda.size(); ++i) {
                if (keepCaseId > 0 && reading.agenda.at(i).panelCaseId == keepCaseId)
                    reading.index = i;
            }
            if (reading.index >= 0)
                reading.submission = submissionOf(dp, reading.agenda.at(reading.index), actor);
            reading.lost = dp.connectionLost();
            return reading;
        })
        .then(this, [this](const Reading &reading) {
            m_busy->end();
            showReading(reading);
        });
}

void PanelMeetingMode::showReading(const Reading &reading)
{
    if (reading.asked != m_readsAsked)
        return; // a later read is on its way
    m_readingAgenda = false;
    if (reading.lost) {
        m_readFailed = true;
        m_message->showError(
            tr("The agenda could not be read. %1").arg(DirectPayments::connectionLostMessage()));
        updateCase();
        emit readDone();
        return;
    }
    if (reading.withPanels) {
        QSignalBlocker blocker(m_panels);
        m_panels->clear();
        for (const PanelRecord &panel : reading.panels)
            m_panels->addItem(
                tr("%1 – %2 (%n case(s))", nullptr, panel.itemCount)
                    .arg(DirectPayments::formatDateTime(panel.meetingAt), panel.location),
                panel.id);
        m_panels->setCurrentIndex(m_panels->findData(reading.panelId));
    }
    const qint64 shown = currentItem() ? currentItem()->panelCaseId : 0;
    m_items = reading.agenda;
    m_index = reading.index;
    m_submissions.clear();
    m_submissionsAsked.clear();
    const AgendaItem *item = currentItem();
    if (item)
        m_submissions.insert(item->episodeId, reading.submission);
    // A message about the case shown stays while it is shown; one about reading goes.
    if (!item || item->panelCaseId != shown || std::exchange(m_readFailed, false))
        m_message->clearMessage();
    updateCase();
    emit readDone();
}

bool PanelMeetingMode::setPanel(qint64 panelId)
{
    if (m_panels->count() == 0 && m_readingAgenda) {
        read(true, panelId, 0); // the timetable is still on its way: read it for this panel
        return true;
    }
    const int index = m_panels->findData(panelId);
    if (index < 0)
        return false;
    if (index != m_panels->currentIndex())
        m_panels->setCurrentIndex(index); // reads its agenda
    return true;
}

qint64 PanelMeetingMode::panelId() const
{
    return m_panels->currentData().toLongLong();
}

void PanelMeetingMode::reload()
{
    read(true, panelId(), currentItem() ? currentItem()->panelCaseId : 0);
}

bool PanelMeetingMode::isBusy() const
{
    return m_busy->isWaiting();
}

QLabel *PanelMeetingMode::busyNote() const
{
    return m_busy;
}

const AgendaItem *PanelMeetingMode::currentItem() const
{
    return m_index >= 0 && m_index < m_items.size() ? &m_items.at(m_index) : nullptr;
}

bool PanelMeetingMode::showCase(int index)
{
    if (index < 0 || index >= m_items.size())
        return false;
    m_index = index;
    m_message->clearMessage();
    updateCase();
    return true;
}

void PanelMeetingMode::updateCase()
{
    const AgendaItem *item = currentItem();
    m_previous->setEnabled(m_index > 0);
    m_next->setEnabled(m_index >= 0 && m_index + 1 < m_items.size());
    // Nothing opened twice: Record waits for the opening on its way.
    m_record->setEnabled(item != nullptr && !m_opening);
    if (!item) {
        if (m_readingAgenda)
            m_counter->clear(); // the busy note says what is awaited
        else
            m_counter->setText(panelId() > 0 ? tr("No cases on this panel's agenda")
                                             : tr("No panel chosen"));
        m_title->clear();
        m_summary->clear();
        return;
    }
    m_counter->setText(tr("Case %1 of %2").arg(m_index + 1).arg(m_items.size()));
    m_counter->setAccessibleName(m_counter->text());
    m_title->setText(tr("%1 (%2) – %3").arg(item->personName, item->personRef, item->kindName));
    m_record->setText(item->panelStepStatus == StepStatus::Finished ? tr("&Open outcome…")
                                                                    : tr("&Record outcome…"));
    m_summary->setHtml(summaryHtml(*item));
    if (!m_submissions.contains(item->episodeId))
        readSubmission(*item);
}

// What was submitted for a case shown for the first time since the agenda was read.
void PanelMeetingMode::readSubmission(const AgendaItem &item)
{
    const qint64 episodeId = item.episodeId;
    if (m_submissionsAsked.contains(episodeId))
        return;
    m_submissionsAsked.insert(episodeId);
    m_busy->begin(tr("Reading what was submitted\u2026"));
    const quint64 agenda = m_readsAsked;
    const Actor actor = m_context.actor;
    m_context
        .ask([item, actor](DirectPayments &dp) {
            std::optional<EpisodeWorkspace> workspace = submissionOf(dp, item, actor);
            if (dp.connectionLost())
                workspace.reset();
            return workspace;
        })
        .then(this, [this, episodeId, agenda](const std::optional<EpisodeWorkspace> &workspace) {
            m_busy->end();
            if (agenda != m_readsAsked)
                return; // the agenda was read again since (with what is shown then)
            m_submissionsAsked.remove(episodeId);
            const AgendaItem *item = currentItem();
            if (!workspace) {
                m_readFailed = true;
                if (item && item->episodeId == episodeId)
                    m_message->showError(tr("What was submitted could not be read. %1")
                                             .arg(DirectPayments::connectionLostMessage()));
                emit readDone();
                return;
            }
            m_submissions.insert(episodeId, *workspace);
            if (item && item->episodeId == episodeId)
                m_summary->setHtml(summaryHtml(*item));
            emit readDone();
        });
}

QString PanelMeetingMode::summaryHtml(const AgendaItem &item) const
{
    QString html = QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("Child"), QStringLiteral("%1 (%2)").arg(item.personName, item.personRef));
    html += row(tr("Case"), item.kindName);
    html += row(tr("Worker"), item.workerName);
    html += row(tr("Team"), item.teamName);
    html += row(tr("Submitted"), DirectPayments::formatDate(item.submittedOn));
    html += row(tr("Review meeting"), DirectPayments::formatDateTime(item.reviewAt));
    if (!item.preMeetingStatus.isEmpty())
        html += row(tr("Pre-meeting report"),
                    item.preMeetingCountdown.isEmpty()
                        ? item.preMeetingStatus
                        : tr("%1 (%2)").arg(item.preMeetingStatus, item.preMeetingCountdown));
    html += row(tr("Outcome"), item.outcome.isEmpty() ? tr("Not yet recorded") : item.outcome);
    html += QStringLiteral("</table>");

    // What was submitted: the answers of the latest referral (new requests) or pre-meeting
    // report (reviews) of the episode, as the worker finalised them. Shown once read.
    const auto found = m_submissions.constFind(item.episodeId);
    if (found == m_submissions.cend())
        return html;
    const EpisodeWorkspace &workspace = *found;
    const QString submittedType =
        item.kind == PanelCaseKind::Review ? dp::PreMeetingReport : dp::Referral;
    const WorkspaceStep *submitted = nullptr;
    for (const WorkspaceStep &step : workspace.steps) {
        if (step.step.stepType == submittedType)
            submitted = &step;
    }
    if (workspace.episode.paymentForName.size())
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Payment for / made to: %1 (%2)")
                             .arg(workspace.episode.paymentForName,
                                  workspace.episode.paymentForRelationship)
                             .toHtmlEscaped());
    if (!submitted) {
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("Nothing has been submitted for this case yet.").toHtmlEscaped());
        return html;
    }
    html += QStringLiteral("<h3>%1</h3><table cellspacing=\"2\">")
                .arg(tr("What was submitted: %1 (%2)")
                         .arg(submittedType,
                              submitted->step.status == StepStatus::Finished
                                  ? tr("finalised %1")
                                        .arg(DirectPayments::formatDate(
                                            submitted->step.finishedAt.toLocalTime().date()))
                                  : tr("not finalised"))
                         .toHtmlEscaped());
    for (const WorkspaceAnswer &answer : submitted->answers) {
        if (answer.value == QLatin1String("true"))
            html += row(answer.label, tr("Yes"));
        else
            html += row(answer.label, answer.value);
    }
    html += QStringLiteral("</table>");
    return html;
}

bool PanelMeetingMode::recordOutcome()
{
    const AgendaItem *item = currentItem();
    if (!item || m_opening)
        return false;
    const qint64 itemId = item->id;
    const qint64 stepId = item->panelStepId;
    const Actor actor = m_context.actor;
    m_opening = true;
    m_message->clearMessage();
    m_busy->begin(tr("Opening the panel form\u2026"));
    updateCase();
    m_context
        .ask([itemId, actor](DirectPayments &dp) {
            Status opened = dp.openAgendaItem(itemId, actor);
            if (!opened && dp.connectionLost() && opened.code() != Status::Code::ServerUnreachable)
                opened = Status::failure(opened.message() + QLatin1Char(' ') +
                                             DirectPayments::connectionLostMessage(),
                                         Status::Code::ServerUnreachable);
            return opened;
        })
        .then(this, [this, stepId](const Status &opened) {
            m_busy->end();
            m_opening = false;
            updateCase();
            if (!opened) {
                m_message->showError(opened.message());
                return;
            }
            emit recordOutcomeRequested(stepId);
        });
    return true;
}

} // namespace casedesk
