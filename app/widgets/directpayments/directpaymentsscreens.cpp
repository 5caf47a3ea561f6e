#include "directpaymentsscreens.h"

#include "app/workopener.h"
#include "common/messagebox.h"
#include "directpayments/dpnames.h"
#include "episodeworkspaceview.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "panelmeetingmode.h"
#include "paneltimetableview.h"
#include "reportsview.h"
#include "startdirectpaymentsdialog.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

namespace casedesk {

namespace {

// Who sees which screen: the panel administrator keeps the timetable and runs the meetings;
// managers read the reports too. Switching role changes the menu, never what the core allows.
bool seesTimetable(const QString &role)
{
    return role == dp::PanelAdministrator;
}

bool seesReports(const QString &role)
{
    return role == dp::PanelAdministrator || role == dp::Manager;
}

} // namespace

DirectPaymentsScreens::DirectPaymentsScreens(MainWindow *window, Session &session,
                                             WorkOpener &opener)
    : QObject(window), m_window(window), m_session(session), m_opener(opener),
      m_openerAlive(&opener),
      m_dp(std::make_unique<DirectPayments>(*session.database, opener.engine()))
{
    m_menu = new QMenu(tr("Direct &Payments"), window);
    m_menu->setObjectName(QStringLiteral("directPaymentsMenu"));
    m_timetable = m_menu->addAction(tr("Panel &timetable"), this, [this] { openTimetable(); });
    m_timetable->setObjectName(QStringLiteral("panelTimetableAction"));
    m_timetable->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+T")));
    m_meeting = m_menu->addAction(tr("Panel &meeting"), this, [this] { openMeeting(); });
    m_meeting->setObjectName(QStringLiteral("panelMeetingAction"));
    m_meeting->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+G")));
    m_reports = m_menu->addAction(tr("&Reports"), this, [this] { openReports(); });
    m_reports->setObjectName(QStringLiteral("dpReportsAction"));
    // Ctrl+Shift+R is the step's Requests.
    m_reports->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    // Before Help, the last menu.
    const QList<QAction *> menus = window->menuBar()->actions();
    m_menuAction = menus.isEmpty() ? window->menuBar()->addMenu(m_menu)
                                   : window->menuBar()->insertMenu(menus.last(), m_menu);
    connect(window, &MainWindow::actingRoleChanged, this, &DirectPaymentsScreens::updateMenu);
    opener.setStepHooks(
        {&DirectPaymentsScreens::startsItself,
         [this](const StepRecord &step, const Actor &actor) { return startStep(step, actor); },
         [this](StepEditor *editor) { prepareEditor(editor); }});
    updateMenu();
}

DirectPaymentsScreens::~DirectPaymentsScreens()
{
    if (m_openerAlive)
        m_opener.setStepHooks({});
}

DpContext DirectPaymentsScreens::context() const
{
    return DpContext{*m_session.database, *m_dp, m_opener.directory(),
                     Actor{m_session.worker.id, m_session.actingRole}, m_session.background()};
}

bool DirectPaymentsScreens::isDirectPaymentsStep(const QString &stepType)
{
    static const QStringList types{
        dp::Referral,         dp::EnquiryUpdate,           dp::PanelStep,  dp::ScheduleReview,
        dp::PreMeetingReport, dp::ApprovePreMeetingReport, dp::PanelReview};
    return types.contains(stepType);
}

void DirectPaymentsScreens::updateMenu()
{
    const QString role = m_session.actingRole;
    m_timetable->setVisible(seesTimetable(role));
    m_meeting->setVisible(seesTimetable(role));
    m_reports->setVisible(seesReports(role));
    m_menuAction->setVisible(seesTimetable(role) || seesReports(role));
}

template <typename View> View *DirectPaymentsScreens::existingTab() const
{
    QTabWidget *tabs = m_window->workArea();
    for (int i = 0; i < tabs->count(); ++i) {
        if (auto *view = qobject_cast<View *>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            return view;
        }
    }
    return nullptr;
}

PanelTimetableView *DirectPaymentsScreens::openTimetable()
{
    if (auto *open = existingTab<PanelTimetableView>()) {
        open->reload();
        return open;
    }
    auto *view = new PanelTimetableView(context());
    connect(view, &PanelTimetableView::meetingRequested, this,
            [this](qint64 panelId) { openMeeting(panelId); });
    connect(&m_opener.engine(), &WorkflowEngine::workChanged, view, &PanelTimetableView::reload);
    m_window->addWorkTab(view, tr("Panel timetable"));
    return view;
}

PanelMeetingMode *DirectPaymentsScreens::openMeeting(qint64 panelId)
{
    if (auto *open = existingTab<PanelMeetingMode>()) {
        if (panelId > 0)
            open->setPanel(panelId);
        return open;
    }
    auto *view = new PanelMeetingMode(context(), panelId);
    connect(view, &PanelMeetingMode::recordOutcomeRequested, this,
            [this](qint64 stepId) { m_opener.open(stepId); });
    connect(&m_opener.engine(), &WorkflowEngine::workChanged, view, &PanelMeetingMode::reload);
    m_window->addWorkTab(view, tr("Panel meeting"));
    return view;
}

ReportsView *DirectPaymentsScreens::openReports()
{
    if (auto *open = existingTab<ReportsView>()) {
        open->reload();
        return open;
    }
    auto *view = new ReportsView(context());
    m_window->addWorkTab(view, tr("Direct Payments reports"));
    return view;
}

EpisodeWorkspaceView *DirectPaymentsScreens::openWorkspace(qint64 episodeId)
{
    auto *view = new EpisodeWorkspaceView(context(), episodeId);
    view->setProperty("episodeId", episodeId);
    // Its title (the child's name) is known once the workspace has been read.
    connect(
        view, &EpisodeWorkspaceView::titleChanged, m_window,
        [window = m_window, view](const QString &title) { window->setWorkTabTitle(view, title); });
    connect(&m_opener.engine(), &WorkflowEngine::workChanged, view, &EpisodeWorkspaceView::reload);
    m_window->addWorkTab(view, view->title());
    return view;
}

qint64 DirectPaymentsScreens::startDirectPayments(qint64 childId)
{
    const qint64 referral = StartDirectPaymentsDialog::run(m_window, context(), childId);
    if (referral > 0)
        m_opener.open(referral);
    return referral;
}

QFuture<bool> DirectPaymentsScreens::openScreen(const QString &name)
{
    if (name == QLatin1String("timetable"))
        return QtFuture::makeReadyFuture(openTimetable() != nullptr);
    if (name == QLatin1String("meeting"))
        return QtFuture::makeReadyFuture(openMeeting() != nullptr);
    if (name == QLatin1String("reports"))
        return QtFuture::makeReadyFuture(openReports() != nullptr);
    if (name == QLatin1String("declines")) {
        ReportsView *reports = openReports();
        reports->tabs()->setCurrentIndex(reports->tabs()->count() - 1);
        return QtFuture::makeReadyFuture(true);
    }
    if (name != QLatin1String("workspace"))
        return QtFuture::makeReadyFuture(false);
    return context()
        .ask([](DirectPayments &dp) {
            const QDate today = dp.today();
            qint64 fullest = 0;
            qsizetype most = -1;
            for (const PanelRecord &panel : dp.timetable(today.addYears(-1), today.addYears(1))) {
                for (const AgendaItem &item : dp.agenda(panel.id)) {
                    const qsizetype steps = dp.episodeSteps(item.episodeId).size();
                    if (steps > most) {
                        most = steps;
                        fullest = item.episodeId;
                    }
                }
            }
            return fullest;
        })
        .then(this, [this](qint64 fullest) { return fullest > 0 && openWorkspace(fullest); });
}

bool DirectPaymentsScreens::startsItself(const StepRecord &step)
{
    return isDirectPaymentsStep(step.stepType) && step.status == StepStatus::Incoming;
}

QFuture<Status> DirectPaymentsScreens::startStep(const StepRecord &step, const Actor &actor)
{
    const qint64 stepId = step.id;
    return context()
        .ask([stepId](DirectPayments &dp) { return dp.copyForwardSources(stepId); })
        .then(
            this,
            [this, step, actor](const QList<StepRecord> &sources) {
                bool copy = false;
                if (!sources.isEmpty()) {
                    const StepRecord &source = sources.first();
                    const QMessageBox::StandardButton answer = MessageBox::question(
                        m_window, tr("Copy forward?"),
                        tr("Copy forward the answers of the %1 finalised on %2 into this "
                           "%3?\n\nYes: copy them forward; you then check or change each "
                           "one.\nNo: start blank.")
                            .arg(source.stepType,
                                 DirectPayments::formatDate(source.finishedAt.toLocalTime().date()),
                                 step.stepType),
                        QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, QMessageBox::Yes);
                    if (answer == QMessageBox::Cancel)
                        return QtFuture::makeReadyFuture(
                            Status::failure(tr("%1 was not started.").arg(step.stepType)));
                    copy = answer == QMessageBox::Yes;
                }
                struct Started
                {
                    Status status;
                    bool startedAnyway = false; // started, but the copy failed
                };
                const qint64 stepId = step.id;
                return context()
                    .ask([stepId, actor, copy](DirectPayments &dp) {
                        Started done{dp.startStep(stepId, actor, copy)};
                        done.startedAnyway =
                            !done.status && dp.engine().step(stepId).status == StepStatus::Started;
                        return done;
                    })
                    .then(this, [this](const Started &done) {
                        if (!done.startedAnyway)
                            return done.status;
                        // Open it blank and say why.
                        m_window->statusBar()->showMessage(done.status.message(), 10000);
                        return Status::ok();
                    });
            })
        .unwrap();
}

void DirectPaymentsScreens::prepareEditor(StepEditor *editor)
{
    if (!isDirectPaymentsStep(editor->step().stepType))
        return;
    // Finalised on the database thread, by a DirectPayments of its own on that connection.
    editor->setFinisher([this](qint64 stepId, const Actor &actor) {
        return context()
            .ask([stepId, actor](DirectPayments &dp) {
                StepEditor::FinishOutcome outcome;
                outcome.status = dp.finishStep(stepId, actor, &outcome.problems, &outcome.notice);
                return outcome;
            })
            .then(this, [this](const StepEditor::FinishOutcome &outcome) {
                if (outcome.status && !outcome.notice.isEmpty())
                    m_window->statusBar()->showMessage(outcome.notice, 10000);
                return outcome;
            });
    });
}

} // namespace casedesk
