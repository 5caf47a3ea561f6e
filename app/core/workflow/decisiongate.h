#pragma once

#include "definitions/definitionregistry.h"
#include "records.h"

#include <QCoreApplication>

namespace casedesk {

// Decisions as data (forms/README.md, "allowedWhen"): a next action or request is released or
// sent only while the answer that decides it allows it. Shared by the engine and the screens so
// that a disabled control and a refusal give the same reason; the server checks the same
// condition (019_decision_gates.postgres.sql).
class DecisionGate
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DecisionGate)

public:
    // Empty when `gate` allows it (or there is no gate); otherwise why not, naming the decision:
    //   the PS/Manager decided "Do not agree - no further action"
    //   the PS/Manager has not recorded "Decision and Required Actions" yet
    // `ownerForm` is the form the gate belongs to (used when gate.formCode is empty).
    // `awaited` is set when the deciding answer is not recorded yet (the decision is still to
    // come) rather than recorded otherwise.
    static QString refusal(const Condition &gate, const QString &ownerForm,
                           const AnswerValues &answers, const DefinitionRegistry &definitions,
                           bool *awaited = nullptr);
    // "SC Panel will not be released: <refusal>." and the like, for a next action.
    static QString nextActionHeldBack(const NextActionOption &option, const QString &ownerForm,
                                      const AnswerValues &answers,
                                      const DefinitionRegistry &definitions);
    // "CS Request for CWD Panel cannot be sent: <refusal>." for a request type; empty if allowed.
    static QString requestRefused(const RequestTypeDefinition &type, const AnswerValues &answers,
                                  const DefinitionRegistry &definitions);
};

} // namespace casedesk
