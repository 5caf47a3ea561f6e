#pragma once

#include "definitions/definitionregistry.h"
#include "domain/status.h"
#include "records.h"
#include "storage/database.h"

#include <QObject>

namespace casedesk {

// Runs worksteps, forms, next actions and requests as DOMAIN.md describes, for any workflow whose
// definitions are in forms/. No widget code; every rule the screens show comes from here.
// Every write is one transaction, attributed (who, when, as which role) and audited.
class WorkflowEngine : public QObject
{
    Q_OBJECT

public:
    WorkflowEngine(Database &db, const DefinitionRegistry &definitions, QObject *parent = nullptr);

    const DefinitionRegistry &definitions() const { return m_definitions; }
    // The connection it works on (for a query object asked in the same job: StepContextQuery).
    Database &database() const { return m_db; }

    // --- steps -------------------------------------------------------------------------------
    // Creates an incoming step (a visit started from the record, or work created by an admin).
    // A step type started from records (startedByRoles) is refused to other roles, and one for
    // children (startedFor) on anyone not recorded as a child, as mayStartFromRecord says.
    qint64 createStep(qint64 personId, const QString &stepType, const Assignee &assignee,
                      const Actor &actor, Status *status = nullptr);
    // Start: incoming -> started, by its assignee (or a member of the assigned team or inbox).
    Status startStep(qint64 stepId, const Actor &actor);
    // Whether `actor` may start `stepType` from the person's record (forms/step-types
    // startedByRoles and startedFor); ok for step types nobody starts from a record.
    Status mayStartFromRecord(qint64 personId, const QString &stepType, const Actor &actor) const;
    // Resume: reopen a started step to carry on, or to act on a request sent about it.
    Status resumeStep(qint64 stepId, const Actor &actor);
    // Opens another of the step type's forms ("forms and letters") as part of the step.
    Status openForm(qint64 stepId, const QString &formCode, const Actor &actor);
    // Finish: refuses with every missing answer and outstanding REQUIRED request in `problems`;
    // on success releases the next actions to their assignees, except those the decision on the
    // step does not allow (allowedWhen): they are held back, each with its reason in `heldBack`
    // ("SC Panel will not be released: the PS/Manager decided ...").
    Status finishStep(qint64 stepId, const Actor &actor, QList<Problem> *problems = nullptr,
                      QStringList *heldBack = nullptr);
    // The next actions of a step that its answers do not allow to be released, with the reason
    // (next action id -> "SC Panel will not be released: ..."). Pure: no database.
    QHash<qint64, QString> heldBackNextActions(const QList<NextActionRecord> &actions,
                                               const AnswerValues &answers) const;
    Status cancelStep(qint64 stepId, const QString &reason, const Actor &actor);
    // Reassign (workflowengine_reassign.cpp): gives an incoming or started step to another
    // worker, team or virtual worker, keeping its status and answers. Allowed for whoever holds
    // it (its worker, or a member of its team or inbox) and for a PS/Manager acting as one.
    Status reassignStep(qint64 stepId, const Assignee &to, const Actor &actor);
    // Why `actor` may not reassign the step; empty when they may.
    QString whyCannotReassign(qint64 stepId, const Actor &actor) const;

    StepRecord step(qint64 stepId) const;
    // Everything a step editor shows, as `actor` sees it, in one statement
    // (workflowengine_snapshot.cpp): each part equals its separate call below.
    StepSnapshot snapshot(qint64 stepId, const Actor &actor) const;
    // What would stop the step finishing now (empty when it can finish). `actingRole`: who
    // would finish; another role's unanswered questions are said to wait for that role.
    QList<Problem> whatIsMissing(qint64 stepId, const QString &actingRole = QString()) const;
    // Why `actor` may not edit / finish the step; empty when they may. `serverUnreachable` is set
    // when the reason is that the step could not be read (the connection is lost).
    QString whyCannotEdit(qint64 stepId, const Actor &actor,
                          bool *serverUnreachable = nullptr) const;
    QString whyCannotFinish(qint64 stepId, const Actor &actor,
                            bool *serverUnreachable = nullptr) const;

    // --- answers ------------------------------------------------------------------------------
    // Saves the answers that changed, as new versions. `expectedRevision` (the step's revision
    // when the editor loaded it; -1 to skip the check) refuses a save over someone else's.
    // `saveToken` (made once per press of Save) makes a retried save apply at most once.
    Status saveAnswers(qint64 stepId, const QString &formCode,
                       const QHash<QString, QString> &answers, const Actor &actor,
                       int expectedRevision = -1, QList<Problem> *problems = nullptr,
                       const QString &saveToken = QString());
    bool isSaveApplied(const QString &saveToken) const;
    QHash<QString, AnswerRecord> answers(qint64 stepId, const QString &formCode) const;
    // Every form's current answers. If they cannot all be read, returns none and sets `status`
    // (DatabaseDamaged for a damaged SQLite file): an editor must then not show blank answers.
    AnswerValues answerValues(qint64 stepId, Status *status = nullptr) const;
    // Copies the answers of the person's previous finished step of the same type, for step types
    // that prepopulate; the worker then confirms them with "Checked and completed by".
    Status prepopulate(qint64 stepId, const Actor &actor);

    // --- next actions -------------------------------------------------------------------------
    qint64 addNextAction(qint64 stepId, const QString &formCode, const QString &stepType,
                         const Assignee &assignee, bool sendImmediately, const Actor &actor,
                         Status *status = nullptr);
    Status removeNextAction(qint64 nextActionId, const Actor &actor);
    QList<NextActionRecord> nextActions(qint64 stepId) const;

    // --- requests -----------------------------------------------------------------------------
    qint64 sendRequest(qint64 stepId, const QString &requestType, const Assignee &recipient,
                       const Actor &actor, const QString &note = QString(),
                       Status *status = nullptr);
    Status completeRequest(qint64 requestId, const Actor &actor);
    Status declineRequest(qint64 requestId, const QString &reason, const Actor &actor);
    // Clears a notice (a request type with "notice": CS Notification of Panel Decision) from its
    // recipient's tray once read: it is completed, even if its step has closed. Anything else is
    // refused: it is answered in the requests dialog.
    Status clearNotice(qint64 requestId, const Actor &actor);
    QList<RequestRecord> requests(qint64 stepId) const;
    RequestRecord request(qint64 requestId) const;
    // Why `actor` may not complete or decline the request; empty when they may.
    QString whyCannotRespond(qint64 requestId, const Actor &actor) const;

    // --- episodes (workflowengine_episodes.cpp; the Direct Payments workflow) -----------------
    // Creates an incoming step that belongs to an episode, after `fromStepId` when given; checked
    // and audited like createStep. Runs inside the caller's transaction, so that an episode, its
    // event and its first step are written together: the caller commits, then emits
    // workChanged(). Returns -1, with the reason in `status`, on refusal.
    qint64 createEpisodeStep(qint64 personId, qint64 episodeId, const QString &stepType,
                             const Assignee &assignee, qint64 fromStepId, const Actor &actor,
                             Status *status = nullptr);
    // Copy forward from a chosen earlier step: copies the answers of the person's finished step
    // `sourceStepId` into this step's forms, question by question where the ids match (the same
    // form first, then any form of the source). Confirmations and answers already given are not
    // copied; each copy records its source in form_answers.copied_from_step_id.
    Status copyAnswersFrom(qint64 stepId, qint64 sourceStepId, const Actor &actor);

    // --- the requests dialog's read (workflowengine_requestsview.cpp) -------------------------
    // The step, its requests, why `actor` may not send one and why they may not answer each, in
    // one statement: each part equals its separate call (step(), requests(), whyCannotEdit(),
    // whyCannotRespond()).
    struct RequestsView
    {
        StepRecord step; // step.unreadable: the connection is lost
        QList<RequestRecord> requests;
        QString whyCannotEdit;
        QHash<qint64, QString> whyCannotRespond; // request id -> reason; "" when they may
        // Request type -> why the decision on the step does not allow sending it (allowedWhen);
        // absent when it does.
        QHash<QString, QString> whyCannotSend;
    };
    RequestsView requestsView(qint64 stepId, const Actor &actor) const;

signals:
    // Something in these workers' or virtual workers' work changed.
    void workChanged();

private:
    // What the rules of editing, saving and finishing look at, read in one statement
    // (workflowengine_snapshot.cpp). The parts not asked for are left empty.
    enum ReadPart
    {
        StepAndRequests = 0,
        Answers = 1,
        NextActions = 2
    };
    struct StepReading
    {
        StepRecord step;
        bool holdsRole = false; // the actor holds the role they act in (and is active)
        bool holdsStep = false; // the step is the actor's, their team's or their inbox's
        QList<RequestRecord> requests;
        QList<bool> isRecipient; // per request: sent to the actor or an inbox of theirs
        QHash<QString, QHash<QString, AnswerRecord>> answers;
        AnswerValues values;
        Status answersStatus = Status::ok();
        QList<NextActionRecord> nextActions;
        bool saveApplied = false; // the save token given was applied already
    };
    StepReading readStep(qint64 stepId, const Actor &actor, int parts,
                         const QString &saveToken = QString()) const;
    // The rules themselves, on what was read: whyCannotEdit(), whyCannotFinish(),
    // whatIsMissing() and snapshot() all decide here.
    QString refusalToEdit(const StepReading &reading) const;
    QString refusalToFinish(const StepReading &reading) const;
    // `actingRole`: who is finishing (another role's questions wait for that role).
    QList<Problem> missingIn(const StepReading &reading,
                             const QString &actingRole = QString()) const;
    // At start: the answers the step's forms carry from the step it comes from (carriedFrom).
    void carryDecidedAnswers(const StepRecord &record, const Actor &actor);
    // The step type's noticeOnFinish, to whoever asked; inside the finishing transaction.
    Status sendNoticeOnFinish(const StepRecord &record, const Actor &actor);
    // Inserts and audits a request; the caller checked it and holds the transaction.
    qint64 insertRequest(const StepRecord &record, const RequestTypeDefinition &type,
                         const Assignee &recipient, const Actor &actor, const QString &note);
    // whyCannotRespond() on what was read about the request and its step.
    QString refusalToRespond(const RequestRecord &record, const QString &stepStatus, bool holdsRole,
                             bool isRecipient, const Actor &actor) const;
    // saveAnswers' writes on PostgreSQL: one statement, atomic without BEGIN and COMMIT.
    Status writeAnswersInOneStatement(const StepRecord &record, const QString &formCode,
                                      const QHash<QString, QString> &changed,
                                      const QHash<QString, AnswerRecord> &current,
                                      const Actor &actor, const QString &saveToken);
    Status writeAnswersInTransaction(const StepRecord &record, const QString &formCode,
                                     const QHash<QString, QString> &changed,
                                     const QHash<QString, AnswerRecord> &current,
                                     const Actor &actor, const QString &saveToken);
    // answerValues()' refusal when the answers could not all be read.
    static Status answersUnreadable(const QString &error, bool damaged);
    bool holdsRole(const Actor &actor) const;
    bool isMemberOfVirtualWorker(qint64 workerId, qint64 virtualWorkerId) const;
    bool isInTeam(qint64 workerId, qint64 teamId) const;
    bool holdsStep(const StepRecord &step, qint64 workerId) const;
    bool isRequestRecipient(const RequestRecord &request, qint64 workerId) const;
    QString workerName(qint64 workerId) const;
    QString assigneeName(const Assignee &assignee) const;
    Status checkAssignee(const Assignee &assignee, const QStringList &allowedVirtualWorkers,
                         const QStringList &workerRoles) const;
    qint64 insertStep(qint64 personId, const QString &stepType, const Assignee &assignee,
                      qint64 fromStepId, const Actor &actor);
    void audit(const Actor &actor, const QString &action, const QString &entity, qint64 entityId,
               qint64 personId, const QString &details = QString());
    Status failed(const QString &what) const;
    // After a failed COMMIT: as failed() while the server answers; when the connection is lost,
    // says the outcome is unknown (ServerUnreachable) instead of "nothing was changed".
    Status commitFailed(const QString &what) const;

    Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
