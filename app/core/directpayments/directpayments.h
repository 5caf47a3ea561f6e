#pragma once

#include "reporttable.h"
#include "workflow/workflowengine.h"
#include "workingdays.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <functional>

namespace casedesk {

// Workflow B, Direct Payments (DOMAIN.md; the LCS crib sheet), on the workflow engine. The steps
// and forms are defined in forms/ (DP-*.json); this class adds what the engine does not know:
// the Direct Payments episode and its workspace, the panel timetable and agendas, review
// scheduling, copy forward with provenance, working days, and the reports.
//
// The screens of Workflow B use these calls instead of the engine's for starting a referral and
// for finishing ("finalising") a step: finishStep() adds the next action the step implies when it
// is missing (the manager, the Direct Payments Group tray, the worker), checks the Direct Payments
// rules, and after the engine has finished the step places the case on a panel, schedules the
// review or ends the episode. Every refusal is a Status with a message for the user.

struct RelatedPerson
{
    qint64 personId = 0;
    QString name;
    QString relationship; // "Mother"; "Child (the young person)" for the child themself
    bool parentalResponsibility = false;
};

struct EpisodeRecord
{
    qint64 id = 0;
    qint64 personId = 0;
    QString personName;
    QString personRef;
    QString episodeType;
    QDate startDate;
    QDate endDate;
    qint64 paymentForPersonId = 0;
    QString paymentForName;         // "Jo Testparent"
    QString paymentForRelationship; // "Mother"
    QString createdByName;
    QDateTime createdAt;

    bool isOpen() const { return !endDate.isValid(); }
};

struct PanelRecord
{
    qint64 id = 0;
    QDateTime meetingAt; // local time
    QDate lastSubmissionDate;
    QString location;
    int itemCount = 0;           // cases on its agenda now
    QString submissionCountdown; // "3 working days left", "Due today", "Closed for new requests"

    bool isValid() const { return id > 0; }
    QDate meetingDate() const { return meetingAt.date(); }
};

enum class PanelCaseKind
{
    New,
    BroughtBack,
    Review
};

// A case on (or waiting for) a panel's agenda.
struct AgendaItem
{
    qint64 id = 0; // panel_agenda_items.id; 0 while the case waits for a panel
    qint64 panelId = 0;
    QDateTime panelMeetingAt;
    int position = 0;
    qint64 panelCaseId = 0;
    PanelCaseKind kind = PanelCaseKind::New;
    QString kindName; // "New request", "Brought back", "Review"
    qint64 episodeId = 0;
    qint64 personId = 0;
    QString personName;
    QString personRef;
    QString workerName; // the child's allocated worker
    QString teamName;
    QDate submittedOn;
    QDateTime reviewAt;     // reviews: date and time of the review meeting
    qint64 panelStepId = 0; // where the outcome is recorded
    QString panelStepType;
    QString panelStepStatus;
    QString outcome;             // the panel's outcome once recorded
    qint64 preMeetingStepId = 0; // reviews: the latest pre-meeting report
    QString preMeetingStatus;    // reviews: "Being written", "Awaiting manager approval", ...
    QDate preMeetingDue;
    QString preMeetingCountdown;
    QDateTime removedAt; // a placement that was moved off this panel
    QString removedReason;
};

struct ReviewDue
{
    qint64 episodeId = 0;
    qint64 personId = 0;
    QString personName;
    QString personRef;
    QString workerName;
    QString teamName;
    QDate reviewDate;    // set by the panel (or the scheduled meeting's date, for a first review)
    QDateTime meetingAt; // the review meeting, once scheduled
    QString status;      // "Overdue", "Due", "Scheduled"
    int workingDays = 0; // working days until the review date (negative: overdue by)
    QString countdown;
};

struct DeclineReasonCount
{
    QString group; // "2027-03" (by month) or the team's name (by team)
    QString reason;
    int count = 0;
};

enum class CopyState
{
    Copied,
    Confirmed,
    Changed
};

// Provenance of one answer that was copied forward.
struct CopiedAnswer
{
    QString formCode;
    QString questionId;
    QString label;
    QString copiedValue;
    QString currentValue;
    qint64 sourceStepId = 0;
    QString sourceStepType;
    QDateTime sourceFinishedAt;
    QDateTime copiedAt;
    CopyState state = CopyState::Copied;
    QString stateText; // "Copied – not yet checked", "Confirmed by …", "Changed by …"
    QString byName;    // who confirmed or changed it
    QDateTime at;
};

struct WorkspaceAnswer
{
    QString formCode;
    QString formTitle;
    int sectionNumber = 0;
    QString sectionTitle;
    QString questionId;
    QString label;
    QString value;
    int version = 0;
    QString savedByName;
    QString savedAsRole;
    QDateTime savedAt;
    qint64 copiedFromStepId = 0;
};

struct WorkspaceStep
{
    StepRecord step;
    QDate dueDate;
    QString decision; // "Authorise", "Agreed", "Continue with the direct payment", ...
    QList<WorkspaceAnswer> answers; // current answers, in form, section and question order
    QList<RequestRecord> requests;
    QList<NextActionRecord> nextActions;
};

struct TimelineEntry
{
    QDateTime at; // local time
    QString what; // "Started Direct Payments Referral", "Placed on the panel of 14/04/2027"
    QString details;
    QString byName;
    QString role;
    qint64 stepId = 0;
};

// Everything of one episode, in order: what the workspace shows.
struct EpisodeWorkspace
{
    EpisodeRecord episode;
    QList<WorkspaceStep> steps;    // in the order they were created
    QList<AgendaItem> panelItems;  // every placement on a panel, moved ones too
    QList<TimelineEntry> timeline; // every step, decision, placement and date
};

class DirectPayments
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DirectPayments)

public:
    DirectPayments(Database &db, WorkflowEngine &engine,
                   const WorkingDaysCalendar &calendar = WorkingDaysCalendar::shared());

    // Today, for deadlines and countdowns (tests set a fixed day).
    using Clock = std::function<QDate()>;
    void setClock(Clock clock) { m_clock = std::move(clock); }
    QDate today() const { return m_clock(); }
    const WorkingDaysCalendar &calendar() const { return m_calendar; }
    WorkflowEngine &engine() { return m_engine; }

    // --- episodes ----------------------------------------------------------------------------
    // Who the payment can be for / made to: the child's related people, and the child themself.
    QList<RelatedPerson> relatedPeople(qint64 childId) const;
    // The event Start Direct Payments: opens a Direct Payments episode on the child with the
    // Start Date, records the event and creates the Direct Payments Referral assigned to the
    // Social Worker. `paymentForPersonId` (0: none) must be related to the child. Returns the
    // episode's id (and the referral's in `referralStepId`), or -1 with the reason in `status`.
    qint64 startDirectPayments(qint64 childId, const QDate &startDate, qint64 paymentForPersonId,
                               const Actor &actor, Status *status = nullptr,
                               qint64 *referralStepId = nullptr);
    QList<EpisodeRecord> episodes(qint64 personId) const;
    EpisodeRecord episode(qint64 episodeId) const;
    qint64 episodeOfStep(qint64 stepId) const;
    // Every step of the episode (following the chain of next actions), in order.
    QList<qint64> episodeSteps(qint64 episodeId) const;
    // The workspace: every step, form, decision and date of the episode, in order. Opening it is
    // recorded in the audit log.
    EpisodeWorkspace workspace(qint64 episodeId, const Actor &actor);
    // The child's whole chronology (events, steps, every saved answer, requests, panels) as rows,
    // oldest first; export with toCsv(). Recorded in the audit log.
    ReportTable chronology(qint64 personId, const Actor &actor);

    // --- steps -------------------------------------------------------------------------------
    // Start a Direct Payments Referral (or Pre-Meeting Report) blank, or copying forward the
    // previous one; fills in who the payment is for / made to from the episode.
    Status startStep(qint64 stepId, const Actor &actor, bool copyForward = false);
    // The engine's checks plus the Direct Payments rules (copied answers to check, an updated
    // view in the pre-meeting report, the manager's approval before the review at panel, ...).
    QList<Problem> whatIsMissing(qint64 stepId) const;
    // Finalise: see the class comment. `notice` tells the user what happened next ("Placed on the
    // Direct Payments Panel of 14/04/2027."), or why the case is still waiting for a panel.
    Status finishStep(qint64 stepId, const Actor &actor, QList<Problem> *problems = nullptr,
                      QString *notice = nullptr);

    // --- copy forward ------------------------------------------------------------------------
    // Earlier finished steps of the person whose answers fit this step, most recent first.
    QList<StepRecord> copyForwardSources(qint64 stepId) const;
    // Copies forward from `sourceStepId` (0: the most recent of copyForwardSources()).
    Status copyForward(qint64 stepId, const Actor &actor, qint64 sourceStepId = 0);
    // Each copied answer of the step: from where, and whether it was confirmed or changed since.
    QList<CopiedAnswer> copiedAnswers(qint64 stepId) const;

    // --- panel timetable (panel administrator) ------------------------------------------------
    qint64 addPanel(const QDateTime &meetingAt, const QDate &lastSubmissionDate,
                    const QString &location, const Actor &actor, Status *status = nullptr);
    // Moves a panel that has not met; its reviews move with it (same time of day).
    Status movePanel(qint64 panelId, const QDateTime &meetingAt, const QDate &lastSubmissionDate,
                     const Actor &actor);
    // Direct Payments panels meeting from `from` to `to` (inclusive), in date order.
    QList<PanelRecord> timetable(const QDate &from, const QDate &to) const;
    PanelRecord panel(qint64 panelId) const;
    PanelRecord panelOn(const QDate &date) const;
    // The first panel whose last submission date is on or after `submittedOn` (and which has not
    // met); invalid when there is none.
    PanelRecord nextPanelFor(const QDate &submittedOn) const;
    QString noPanelMessage(const QDate &after) const;

    // --- agendas (panel administrator) --------------------------------------------------------
    QList<AgendaItem> agenda(qint64 panelId) const;
    // Cases in the Direct Payments Group tray that are on no panel's agenda yet.
    QList<AgendaItem> waitingForPanel() const;
    // Places a waiting case (its Direct Payments Panel step) on the next panel for the date it
    // was submitted. Returns the agenda item.
    qint64 placeOnNextPanel(qint64 panelStepId, const Actor &actor, Status *status = nullptr);
    // Moves a case to another panel (a new request only to one whose last submission date it
    // met). Returns the new agenda item; the old one is kept as moved, with the reason.
    qint64 moveToPanel(qint64 agendaItemId, qint64 panelId, const QString &reason,
                       const Actor &actor, Status *status = nullptr);
    // A declined case (or a review where another suggestion was made) brought back to a later
    // panel (0: the next one): a new Direct Payments Panel task in the Group tray, on that
    // panel's agenda. Returns the new step.
    qint64 bringBackToPanel(qint64 episodeId, qint64 panelId, const QString &reason,
                            const Actor &actor, Status *status = nullptr);
    // Panel meeting mode: starts (or resumes) the case's panel step for the administrator and
    // fills in the date of panel.
    Status openAgendaItem(qint64 agendaItemId, const Actor &actor);

    // --- reviews (panel administrator) --------------------------------------------------------
    // Schedule Direct Payments Review: sets the date and time of the review meeting (on a panel
    // of the timetable), assigns the pre-meeting report to the allocated worker and puts the
    // Direct Payments Panel Review on that panel's agenda. Returns the pre-meeting report step.
    qint64 scheduleReview(qint64 scheduleStepId, const QDateTime &meetingAt,
                          qint64 allocatedWorkerId, const Actor &actor, Status *status = nullptr);
    // An existing payment never reviewed at panel: opens its episode (Start Date: when the
    // payment started) unless one is open, and schedules its first review as above.
    qint64 scheduleFirstReview(qint64 childId, const QDate &paymentStartDate,
                               qint64 paymentForPersonId, const QDateTime &meetingAt,
                               qint64 allocatedWorkerId, const Actor &actor,
                               Status *status = nullptr);

    // --- reports -----------------------------------------------------------------------------
    ReportTable agendaReport(qint64 panelId) const;
    // Open Direct Payments due a review within `withinWorkingDays` of `asOf`, overdue, or with a
    // review meeting scheduled; by review date.
    QList<ReviewDue> reviewsDue(const QDate &asOf, int withinWorkingDays = 20) const;
    ReportTable reviewsDueReport(const QDate &asOf, int withinWorkingDays = 20) const;
    // Declined requests from panels held from `from` to `to`, counted by reason.
    QList<DeclineReasonCount> declineReasonsByMonth(const QDate &from, const QDate &to) const;
    QList<DeclineReasonCount> declineReasonsByTeam(const QDate &from, const QDate &to) const;
    ReportTable declineReasonsByMonthReport(const QDate &from, const QDate &to) const;
    ReportTable declineReasonsByTeamReport(const QDate &from, const QDate &to) const;

    static QString formatDate(const QDate &date);
    static QString formatDateTime(const QDateTime &dateTime);
    static QString kindName(PanelCaseKind kind);

private:
    struct Declined
    {
        qint64 stepId;
        QDate panelDate;
        QString team;
        QString reason;
    };

    bool holdsRole(const Actor &actor, const QString &role) const;
    Status requireRole(const Actor &actor, const QString &role, const QString &toDoWhat) const;
    QString personName(qint64 personId) const;
    QString workerName(qint64 workerId) const;
    QString answer(qint64 stepId, const QString &formCode, const QString &questionId) const;
    QList<qint64> descendants(qint64 stepId) const;
    QString decisionOf(qint64 stepId, const QString &stepType) const;
    Status checkPaymentFor(qint64 childId, qint64 paymentForPersonId) const;
    QString paymentForText(qint64 childId, qint64 paymentForPersonId) const;
    qint64 openEpisode(qint64 childId) const;
    qint64 insertEpisode(qint64 childId, const QDate &startDate, qint64 paymentForPersonId,
                         const QString &details, const Actor &actor);
    void audit(const Actor &actor, const QString &action, const QString &entity, qint64 entityId,
               qint64 personId, const QString &details);
    Status failed(const QString &what) const;

    // Panels and agendas
    PanelRecord readPanel(const QString &where, const QVariantList &values) const;
    Status checkPanelDates(const QDateTime &meetingAt, const QDate &lastSubmissionDate,
                           qint64 ignorePanelId) const;
    Status checkReviewMeeting(const QDateTime &meetingAt, qint64 allocatedWorkerId,
                              PanelRecord *panel) const;
    QDate preMeetingDueDate(const PanelRecord &panel) const;
    QDate reportDueDate(qint64 stepId) const;
    QList<AgendaItem> readAgenda(const QString &where, const QVariantList &values) const;
    void completeAgendaItem(AgendaItem &item) const;
    qint64 insertPanelCase(qint64 episodeId, qint64 personId, qint64 panelStepId,
                           PanelCaseKind kind, const QDate &submittedOn, const QDateTime &reviewAt,
                           const QString &note, const Actor &actor,
                           const QDate &reportDueOn = QDate());
    qint64 insertAgendaItem(qint64 panelId, qint64 panelStepId, qint64 panelCaseId,
                            const Actor &actor);

    // Finishing
    void addImpliedNextActions(qint64 stepId, const StepRecord &step, const Actor &actor);
    QList<Problem> ruleProblems(qint64 stepId, const StepRecord &step) const;
    QString afterFinish(qint64 stepId, const StepRecord &step, const Actor &actor);
    qint64 createdStep(qint64 fromStepId, const QString &stepType) const;

    QList<Declined> declinedRequests(const QDate &from, const QDate &to) const;

    Database &m_db;
    WorkflowEngine &m_engine;
    const WorkingDaysCalendar &m_calendar;
    Clock m_clock;

public:
    // --- for the screens' requests on the database thread -----------------------------------
    // Whether the connection was lost (or never opened) by now: an empty list read then means
    // "not known", not "none". The screens say so in place (connectionLostMessage()).
    bool connectionLost() const;
    static QString connectionLostMessage();
    // Panel meeting mode's "what was submitted": the episode and only its latest step of
    // `stepType` (a referral, or a pre-meeting report) with its current answers, as workspace()
    // gives them, in five statements or so instead of the whole workspace's dozens. Recorded in
    // the audit log as opening the workspace, as workspace() is.
    EpisodeWorkspace submission(qint64 episodeId, const QString &stepType, const Actor &actor);
};

} // namespace casedesk
