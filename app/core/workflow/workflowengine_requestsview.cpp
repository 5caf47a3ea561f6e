// The requests dialog's read: over a slow link every statement is a round trip, and asking
// requests() and whyCannotRespond() for each request costs several per request. readStep()
// already reads the step, its requests and the facts about the actor the rules look at.
#include "workflowengine.h"

#include "decisiongate.h"

namespace casedesk {

WorkflowEngine::RequestsView WorkflowEngine::requestsView(qint64 stepId, const Actor &actor) const
{
    // The answers come in the same statement: they decide which requests may be sent.
    const StepReading reading = readStep(stepId, actor, StepAndRequests | Answers);
    RequestsView view;
    view.step = reading.step;
    view.requests = reading.requests;
    view.whyCannotEdit = refusalToEdit(reading);
    const StepRecord &step = reading.step;
    if (const StepTypeDefinition *type = m_definitions.stepType(step.stepType)) {
        for (const QString &name : type->requestTypes) {
            const RequestTypeDefinition *requestType = m_definitions.requestType(name);
            const QString why =
                requestType
                    ? DecisionGate::requestRefused(*requestType, reading.values, m_definitions)
                    : QString();
            if (!why.isEmpty())
                view.whyCannotSend.insert(name, why);
        }
    }
    for (qsizetype i = 0; i < reading.requests.size(); ++i) {
        const RequestRecord &record = reading.requests.at(i);
        // As whyCannotRespond(), in its order, on what was read.
        QString why;
        if (record.status == RequestStatus::Completed) {
            why = tr("This request was already completed by %1.").arg(record.respondedByName);
        } else if (record.status == RequestStatus::Declined) {
            why = tr("This request was already declined by %1.").arg(record.respondedByName);
        } else if (step.status == StepStatus::Finished || step.status == StepStatus::Cancelled) {
            why = tr("The step this request is about has been closed.");
        } else if (!reading.holdsRole) {
            why = tr("You do not hold the role you are acting in.");
        } else if (!reading.isRecipient.at(i)) {
            why = tr("This request was sent to %1, so only they can complete it.")
                      .arg(record.recipientName);
        } else if (const RequestTypeDefinition *type =
                       m_definitions.requestType(record.requestType);
                   type && !type->completedByRoles.isEmpty() &&
                   !type->completedByRoles.contains(actor.role)) {
            QStringList names;
            for (const QString &role : type->completedByRoles)
                names << m_definitions.roleName(role);
            why = tr("Only a %1 can complete this request.").arg(names.join(tr(" or ")));
        }
        view.whyCannotRespond.insert(record.id, why);
    }
    return view;
}

} // namespace casedesk
