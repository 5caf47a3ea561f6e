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
        const QString why = refusalToRespond(record, step.status, reading.holdsRole,
                                             reading.isRecipient.at(i), actor);
        view.whyCannotRespond.insert(record.id, why);
    }
    return view;
}

} // namespace casedesk
