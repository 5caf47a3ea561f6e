#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QAction;
class QMenu;

namespace casedesk {

class EpisodeWorkspaceView;
class MainWindow;
class PanelMeetingMode;
class PanelTimetableView;
class ReportsView;
class StepEditor;
class WorkOpener;
struct Session;

// Workflow B in the main window: the "Direct Payments" menu (Panel timetable, Panel meeting,
// Reports, shown to the roles that use them and re-evaluated when the acting role changes), the
// screens as work tabs, and Direct Payments steps opened from the workviews started through
// DirectPayments::startStep (offering Copy forward) and finalised through
// DirectPayments::finishStep. Owned by the window.
class DirectPaymentsScreens : public QObject
{
    Q_OBJECT

public:
    DirectPaymentsScreens(MainWindow *window, Session &session, WorkOpener &opener);
    ~DirectPaymentsScreens() override;

    DirectPayments &directPayments() { return *m_dp; }
    DpContext context() const;
    static bool isDirectPaymentsStep(const QString &stepType);

    QMenu *menu() const { return m_menu; }
    QAction *timetableAction() const { return m_timetable; }
    QAction *meetingAction() const { return m_meeting; }
    QAction *reportsAction() const { return m_reports; }

    // Each opens its screen as a work tab (or brings an open one forward).
    PanelTimetableView *openTimetable();
    PanelMeetingMode *openMeeting(qint64 panelId = 0);
    ReportsView *openReports();
    EpisodeWorkspaceView *openWorkspace(qint64 episodeId);
    // Start Direct Payments on a child (the dialog), then opens the new referral. Returns the
    // referral's step id, or 0.
    qint64 startDirectPayments(qint64 childId);
    // For screenshots (casedesk --screenshot … --screen <name>): timetable, meeting, reports,
    // declines (the reports' decline reasons) or workspace (the episode with the most steps on a
    // panel's agenda, looked for on the database thread). The future ends once the screen's tab
    // is there, false for another name or no such episode.
    QFuture<bool> openScreen(const QString &name);

private:
    void updateMenu();
    template <typename View> View *existingTab() const;
    // Incoming Workflow B steps are started here (offering Copy forward), not by the engine.
    static bool startsItself(const StepRecord &step);
    QFuture<Status> startStep(const StepRecord &step, const Actor &actor);
    void prepareEditor(StepEditor *editor);

    MainWindow *m_window;
    Session &m_session;
    WorkOpener &m_opener;
    // The window may delete the opener first (its children go in the order they were made).
    QPointer<WorkOpener> m_openerAlive;
    std::unique_ptr<DirectPayments> m_dp;
    QMenu *m_menu = nullptr;
    QAction *m_menuAction = nullptr;
    QAction *m_timetable = nullptr;
    QAction *m_meeting = nullptr;
    QAction *m_reports = nullptr;
};

} // namespace casedesk
