#pragma once

#include "definitions/definitions.h"
#include "domain/status.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace casedesk {

// Who is acting: a signed-in worker and the role they act in right now. Switching role changes
// the Actor, never the rules: every operation checks that the worker holds the role.
struct Actor
{
    qint64 workerId = 0;
    QString role;
};

// Where a step or request is sent. Me is resolved to the acting worker.
struct Assignee
{
    AssigneeKind kind = AssigneeKind::Me;
    qint64 id = 0; // worker, team or virtual worker id; unused for Me

    static Assignee me() { return {AssigneeKind::Me, 0}; }
    static Assignee worker(qint64 id) { return {AssigneeKind::Worker, id}; }
    static Assignee team(qint64 id) { return {AssigneeKind::Team, id}; }
    static Assignee virtualWorker(qint64 id) { return {AssigneeKind::VirtualWorker, id}; }
    // From the three assignee columns of a row, of which at most one is set.
    static Assignee fromColumns(qint64 workerId, qint64 teamId, qint64 virtualWorkerId)
    {
        if (virtualWorkerId)
            return virtualWorker(virtualWorkerId);
        if (teamId)
            return team(teamId);
        return worker(workerId);
    }
};

namespace StepStatus {
inline const QString Incoming = QStringLiteral("incoming");
inline const QString Started = QStringLiteral("started");
inline const QString Finished = QStringLiteral("finished");
inline const QString Cancelled = QStringLiteral("cancelled");
} // namespace StepStatus

namespace RequestStatus {
inline const QString Outstanding = QStringLiteral("outstanding");
inline const QString Completed = QStringLiteral("completed");
inline const QString Declined = QStringLiteral("declined");
} // namespace RequestStatus

struct StepRecord
{
    qint64 id = 0;
    qint64 personId = 0;
    QString personName;
    QString stepType;
    QString status;
    qint64 assigneeWorkerId = 0;
    qint64 assigneeTeamId = 0;
    qint64 assigneeVirtualWorkerId = 0;
    QString assigneeName;
    qint64 fromStepId = 0;
    // The person's allocated worker: work about them defaults to them (and their manager).
    qint64 allocatedWorkerId = 0;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString finishedByName;
    int revision = 0;
    QStringList openForms; // primary form first, then those opened through forms and letters
    // The server could not be asked (the connection is lost): not the same as "no longer exists".
    bool unreadable = false;

    bool isReadOnly() const
    {
        return status == StepStatus::Finished || status == StepStatus::Cancelled;
    }
};

struct AnswerRecord
{
    QString value;
    int version = 0;
    qint64 savedBy = 0;
    QString savedByName;
    QString savedAsRole;
    QDateTime savedAt;
    qint64 copiedFromStepId = 0; // set when prepopulated from a previous step
};

// formCode -> questionId -> value: what a form's conditions are evaluated against.
using AnswerValues = QHash<QString, QHash<QString, QString>>;

struct RequestRecord
{
    qint64 id = 0;
    qint64 stepId = 0;
    QString requestType;
    QString stepType;
    bool required = false;
    QString status;
    qint64 senderWorkerId = 0;
    QString senderName;
    QString sentAsRole;
    qint64 recipientWorkerId = 0;
    qint64 recipientVirtualWorkerId = 0;
    QString recipientName;
    QString note;
    QDateTime sentAt;
    QString respondedByName;
    QDateTime respondedAt;
    QString declineReason;

    bool isOutstanding() const { return status == RequestStatus::Outstanding; }
    // As it appears in the recipient's workview: "REQUEST NAME: STEP NAME".
    QString workviewTitle() const { return requestType + QStringLiteral(": ") + stepType; }
};

struct NextActionRecord
{
    qint64 id = 0;
    qint64 stepId = 0;
    QString formCode;
    QString stepType;
    Assignee assignee;
    QString assigneeName;
    bool sendImmediately = false;
    qint64 createdStepId = 0; // the incoming step made from it, once sent
    QString addedAsRole;
};

// One thing that stops a step from finishing, or an answer from saving, placed where it belongs.
struct Problem
{
    QString formCode; // with questionId or sectionId: the field it concerns
    QString sectionId;
    QString questionId;
    qint64 requestId = 0; // an outstanding REQUIRED request
    QString message;      // in a social worker's words
};

// Everything a step editor shows of one step for one actor, read together (one round trip on
// PostgreSQL): WorkflowEngine::snapshot(). Each part equals what the separate call gives.
struct StepSnapshot
{
    StepRecord step; // step.unreadable: the connection is lost
    // formCode -> questionId -> current answer, for every form with answers (answers()).
    QHash<QString, QHash<QString, AnswerRecord>> answers;
    AnswerValues values; // answerValues()
    // answerValues()'s status: not ok when the answers could not all be read (then none are
    // given, and an editor must not show blank boxes as the answers).
    Status answersStatus = Status::ok();
    QList<RequestRecord> requests;
    QList<NextActionRecord> nextActions;
    QString whyCannotEdit;          // empty when the actor may edit
    QString whyCannotFinish;        // empty when the actor may finish
    bool serverUnreachable = false; // the reasons above are that the step could not be read
    QList<Problem> whatIsMissing;
};

} // namespace casedesk
