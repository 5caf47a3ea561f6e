#include "episodeworkspaceview.h"

#include "common/elidedlabel.h"
#include "common/inlinemessage.h"
#include "csvexport.h"
#include "dpbusy.h"
#include "dptables.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <optional>

namespace casedesk {

namespace {

QString stepStatusText(const QString &status)
{
    if (status == StepStatus::Incoming)
        return EpisodeWorkspaceView::tr("Incoming");
    if (status == StepStatus::Started)
        return EpisodeWorkspaceView::tr("Started");
    if (status == StepStatus::Finished)
        return EpisodeWorkspaceView::tr("Finalised");
    if (status == StepStatus::Cancelled)
        return EpisodeWorkspaceView::tr("Cancelled");
    return status;
}

QTreeWidgetItem *line(QTreeWidgetItem *parent, const QStringList &texts)
{
    auto *item = new QTreeWidgetItem(parent, texts);
    for (int column = 0; column < texts.size(); ++column)
        item->setToolTip(column, texts.at(column));
    return item;
}

// As a worker reads it: ticks as Yes, ISO dates as dd/MM/yyyy.
QString displayValue(const QString &value)
{
    if (value == QLatin1String("true"))
        return EpisodeWorkspaceView::tr("Yes");
    const QDate date = QDate::fromString(value, Qt::ISODate);
    return value.size() == 10 && date.isValid() ? DirectPayments::formatDate(date) : value;
}

QTreeWidget *tree(QWidget *parent, const QString &name, const QString &accessibleName,
                  const QStringList &header)
{
    auto *view = new QTreeWidget(parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->setHeaderLabels(header);
    view->setAlternatingRowColors(true);
    view->setUniformRowHeights(false);
    view->setWordWrap(true);
    return view;
}

} // namespace

EpisodeWorkspaceView::EpisodeWorkspaceView(const DpContext &context, qint64 episodeId,
                                           QWidget *parent)
    : QWidget(parent), m_context(context), m_episodeId(episodeId)
{
    setObjectName(QStringLiteral("episodeWorkspaceView"));
    m_heading = new ElidedLabel(this);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setTextFormat(Qt::PlainText);
    m_details = new QLabel(this);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    m_export = dpui::button(this, QStringLiteral("exportChronology"), tr("&Export chronology…"),
                            tr("Save the child's whole chronology as a CSV file"),
                            QStringLiteral("Ctrl+E"));
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("workspaceMessage"));
    m_busy = new BusyNote(QStringLiteral("workspaceBusy"), this);

    m_timeline = tree(this, QStringLiteral("workspaceTimeline"), tr("Timeline of the episode"),
                      {tr("When"), tr("What"), tr("Details"), tr("By"), tr("Role")});
    m_timeline->setRootIsDecorated(false);
    m_steps = tree(this, QStringLiteral("workspaceSteps"), tr("Steps of the episode"),
                   {tr("Step, form or answer"), tr("Value"), tr("Saved by"), tr("When"),
                    tr("Copied forward")});

    auto *top = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->addWidget(m_heading);
    titles->addWidget(m_details);
    top->addLayout(titles, 1);
    top->addWidget(m_export, 0, Qt::AlignTop);
    auto *timelineLabel = new QLabel(dpui::heading(tr("&Timeline")), this);
    timelineLabel->setBuddy(m_timeline);
    auto *stepsLabel = new QLabel(dpui::heading(tr("&Steps, forms and answers")), this);
    stepsLabel->setBuddy(m_steps);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *upper = new QWidget(splitter);
    auto *upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(timelineLabel);
    upperLayout->addWidget(m_timeline);
    auto *lower = new QWidget(splitter);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(stepsLabel);
    lowerLayout->addWidget(m_steps);
    splitter->addWidget(upper);
    splitter->addWidget(lower);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_busy);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    setTabOrder(m_export, m_timeline);
    setTabOrder(m_timeline, m_steps);

    connect(m_export, &QPushButton::clicked, this, [this] { exportChronology(); });
    m_export->setEnabled(false); // until the workspace says whose chronology it is
    reload();
}

QString EpisodeWorkspaceView::title() const
{
    if (!m_read)
        return tr("Opening the workspace\u2026");
    return tr("Workspace – %1").arg(m_workspace.episode.personName);
}

bool EpisodeWorkspaceView::isBusy() const
{
    return m_busy->isWaiting();
}

QLabel *EpisodeWorkspaceView::busyNote() const
{
    return m_busy;
}

// What one read of the workspace brings back.
struct EpisodeWorkspaceView::Reading
{
    quint64 asked = 0;
    EpisodeWorkspace workspace;
    QHash<qint64, QList<CopiedAnswer>> copied;
    bool lost = false;
};

void EpisodeWorkspaceView::reload()
{
    const quint64 asked = ++m_readsAsked;
    const qint64 episodeId = m_episodeId;
    const Actor actor = m_context.actor;
    m_busy->begin(tr("Reading the workspace\u2026"));
    // On the database thread (copies in, values out): the workspace with each step's copied
    // answers, in one request.
    m_context
        .ask([asked, episodeId, actor](DirectPayments &dp) {
            Reading reading;
            reading.asked = asked;
            reading.workspace = dp.workspace(episodeId, actor);
            for (const WorkspaceStep &step : std::as_const(reading.workspace.steps))
                reading.copied.insert(step.step.id, dp.copiedAnswers(step.step.id));
            reading.lost = dp.connectionLost();
            return reading;
        })
        .then(this, [this](const Reading &reading) {
            m_busy->end();
            showReading(reading);
        });
}

void EpisodeWorkspaceView::showReading(const Reading &reading)
{
    if (reading.asked != m_readsAsked)
        return; // a later read is on its way
    if (reading.lost) {
        m_message->showError(
            tr("The workspace could not be read. %1").arg(DirectPayments::connectionLostMessage()));
        emit readDone();
        return;
    }
    if (m_message->kind() == InlineMessage::Kind::Error)
        m_message->clearMessage();
    const bool first = !m_read;
    m_read = true;
    m_workspace = reading.workspace;
    m_copied = reading.copied;
    const EpisodeRecord &episode = m_workspace.episode;
    m_heading->setText(
        tr("%1 – %2 (%3)").arg(episode.episodeType, episode.personName, episode.personRef));
    QStringList details{tr("Start Date %1").arg(DirectPayments::formatDate(episode.startDate))};
    details << (episode.isOpen() ? tr("open")
                                 : tr("ended %1").arg(DirectPayments::formatDate(episode.endDate)));
    if (!episode.paymentForName.isEmpty())
        details << tr("payment for / made to %1 (%2)")
                       .arg(episode.paymentForName, episode.paymentForRelationship);
    if (!episode.createdByName.isEmpty())
        details << tr("started by %1").arg(episode.createdByName);
    m_details->setText(details.join(QStringLiteral(" · ")));
    showTimeline();
    showSteps();
    m_export->setEnabled(!m_exporting);
    if (first)
        emit titleChanged(title());
    emit readDone();
}

void EpisodeWorkspaceView::showTimeline()
{
    m_timeline->clear();
    for (const TimelineEntry &entry : std::as_const(m_workspace.timeline))
        line(m_timeline->invisibleRootItem(), {DirectPayments::formatDateTime(entry.at), entry.what,
                                               entry.details, entry.byName, entry.role});
    for (int column = 0; column < 2; ++column)
        m_timeline->resizeColumnToContents(column);
    m_timeline->setColumnWidth(2, 360);
}

void EpisodeWorkspaceView::showSteps()
{
    m_steps->clear();
    for (const WorkspaceStep &step : std::as_const(m_workspace.steps)) {
        const StepRecord &record = step.step;
        QStringList parts{stepStatusText(record.status)};
        if (!record.assigneeName.isEmpty())
            parts << tr("assigned to %1").arg(record.assigneeName);
        if (step.dueDate.isValid())
            parts << tr("due %1").arg(DirectPayments::formatDate(step.dueDate));
        if (!step.decision.isEmpty())
            parts << tr("decision: %1").arg(step.decision);
        QTreeWidgetItem *top =
            line(m_steps->invisibleRootItem(),
                 {record.stepType, parts.join(QStringLiteral(", ")), record.finishedByName,
                  DirectPayments::formatDateTime(
                      (record.finishedAt.isValid() ? record.finishedAt : record.createdAt)
                          .toLocalTime())});
        QFont bold = top->font(0);
        bold.setBold(true);
        top->setFont(0, bold);
        top->setData(0, Qt::UserRole, record.id);

        // Where each copied answer came from, and whether it was checked since.
        QHash<QString, CopiedAnswer> copied;
        for (const CopiedAnswer &answer : m_copied.value(record.id))
            copied.insert(answer.formCode + QLatin1Char('/') + answer.questionId, answer);
        QString form;
        QTreeWidgetItem *formItem = nullptr;
        for (const WorkspaceAnswer &answer : step.answers) {
            if (!formItem || answer.formCode != form) {
                form = answer.formCode;
                formItem = line(top, {tr("%1 %2").arg(answer.formCode, answer.formTitle)});
            }
            QString provenance;
            const auto found =
                copied.constFind(answer.formCode + QLatin1Char('/') + answer.questionId);
            if (found != copied.cend()) {
                // "Copied forward from … – not yet checked" names its source already.
                provenance = found->state == CopyState::Copied
                                 ? found->stateText
                                 : tr("From %1 of %2 – %3")
                                       .arg(found->sourceStepType,
                                            DirectPayments::formatDate(
                                                found->sourceFinishedAt.toLocalTime().date()),
                                            found->stateText);
            }
            QTreeWidgetItem *item =
                line(formItem,
                     {answer.label, displayValue(answer.value), answer.savedByName,
                      DirectPayments::formatDateTime(answer.savedAt.toLocalTime()), provenance});
            if (found != copied.cend() && found->state == CopyState::Copied)
                item->setForeground(4, QColor(QLatin1String(Style::ErrorText)));
        }
        for (const RequestRecord &request : step.requests) {
            QString status = request.status;
            if (!request.respondedByName.isEmpty())
                status = tr("%1 by %2").arg(request.status, request.respondedByName);
            line(top, {tr("Request: %1").arg(request.requestType),
                       tr("to %1 – %2").arg(request.recipientName, status), request.senderName,
                       DirectPayments::formatDateTime(request.sentAt.toLocalTime())});
        }
        for (const NextActionRecord &action : step.nextActions)
            line(top, {tr("Next action: %1").arg(action.stepType),
                       tr("to %1%2").arg(action.assigneeName,
                                         action.createdStepId > 0 ? tr(" (sent)") : QString())});
        top->setExpanded(true);
        for (int i = 0; i < top->childCount(); ++i)
            top->child(i)->setExpanded(true);
    }
    m_steps->setColumnWidth(0, 320);
    m_steps->setColumnWidth(1, 420);
    m_steps->setColumnWidth(2, 140);
    m_steps->setColumnWidth(3, 130);
}

bool EpisodeWorkspaceView::exportChronology()
{
    if (!m_read || m_exporting)
        return false;
    m_message->clearMessage();
    const QString path =
        CsvExport::saveFileName(this, tr("Export the chronology as CSV"),
                                tr("chronology-%1.csv").arg(m_workspace.episode.personRef));
    if (path.isEmpty())
        return false; // cancelled: nothing read, nothing recorded
    // Nothing exported twice: Export waits for this one.
    m_exporting = true;
    m_export->setEnabled(false);
    m_busy->begin(tr("Reading the chronology\u2026"));
    const qint64 personId = m_workspace.episode.personId;
    const Actor actor = m_context.actor;
    m_context
        .ask([personId, actor](DirectPayments &dp) {
            std::optional<ReportTable> table = dp.chronology(personId, actor);
            if (dp.connectionLost())
                table.reset();
            return table;
        })
        .then(this, [this, path](const std::optional<ReportTable> &table) {
            m_busy->end();
            m_exporting = false;
            m_export->setEnabled(true);
            QString error;
            if (!table) {
                m_message->showError(tr("The chronology could not be read. %1")
                                         .arg(DirectPayments::connectionLostMessage()));
            } else if (!table->writeCsv(path, &error)) {
                m_message->showError(tr("The chronology could not be saved: %1").arg(error));
            } else {
                m_message->showMessage(
                    InlineMessage::Kind::Success,
                    tr("Saved the chronology (%n entries) to %1.", nullptr, int(table->rows.size()))
                        .arg(QDir::toNativeSeparators(path)));
            }
            emit readDone();
        });
    return true;
}

} // namespace casedesk
