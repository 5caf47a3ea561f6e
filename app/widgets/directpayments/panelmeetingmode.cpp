#include "panelmeetingmode.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "dptables.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTextBrowser>
#include <QVBoxLayout>

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
    auto *nav = new QHBoxLayout;
    nav->addWidget(m_counter);
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
    showPanels(panelId);
    connect(m_panels, &QComboBox::currentIndexChanged, this, [this] {
        m_index = -1;
        reload();
    });
    reload();
}

void PanelMeetingMode::showPanels(qint64 select)
{
    const QDate today = m_context.dp.today();
    const QList<PanelRecord> panels =
        m_context.dp.timetable(today.addMonths(-6), today.addYears(2));
    QSignalBlocker blocker(m_panels);
    m_panels->clear();
    int chosen = -1;
    for (const PanelRecord &panel : panels) {
        m_panels->addItem(tr("%1 – %2 (%n case(s))", nullptr, panel.itemCount)
                              .arg(DirectPayments::formatDateTime(panel.meetingAt), panel.location),
                          panel.id);
        if (panel.id == select || (select == 0 && chosen < 0 && panel.meetingDate() >= today))
            chosen = m_panels->count() - 1;
    }
    m_panels->setCurrentIndex(chosen);
}

bool PanelMeetingMode::setPanel(qint64 panelId)
{
    const int index = m_panels->findData(panelId);
    if (index < 0)
        return false;
    m_panels->setCurrentIndex(index); // reloads
    reload();
    return true;
}

qint64 PanelMeetingMode::panelId() const
{
    return m_panels->currentData().toLongLong();
}

void PanelMeetingMode::reload()
{
    const qint64 current = currentItem() ? currentItem()->panelCaseId : 0;
    m_items = panelId() > 0 ? m_context.dp.agenda(panelId()) : QList<AgendaItem>();
    m_index = m_items.isEmpty() ? -1 : 0;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).panelCaseId == current && current > 0)
            m_index = i;
    }
    updateCase();
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
    m_record->setEnabled(item != nullptr);
    if (!item) {
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
}

QString PanelMeetingMode::summaryHtml(const AgendaItem &item)
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
    // report (reviews) of the episode, as the worker finalised them.
    const EpisodeWorkspace workspace = m_context.dp.workspace(item.episodeId, m_context.actor);
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
    if (!item)
        return false;
    const qint64 stepId = item->panelStepId;
    const Status opened = m_context.dp.openAgendaItem(item->id, m_context.actor);
    if (!opened) {
        m_message->showError(opened.message());
        return false;
    }
    emit recordOutcomeRequested(stepId);
    return true;
}

} // namespace casedesk
