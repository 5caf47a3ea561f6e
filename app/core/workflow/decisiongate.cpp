#include "decisiongate.h"

#include "formlogic.h"

namespace casedesk {

namespace {

QString describe(const Condition &condition, const FormDefinition &form,
                 const AnswerValues &answers, const DefinitionRegistry &definitions, int depth,
                 bool *awaited);

// Why a decision's question is not answered as the gate needs: the decision that hides it, if
// it is hidden (a Direct Payments tick under a panel decision that is now "Not agreed"), else
// what was (or was not) recorded.
QString describeQuestion(const QString &questionId, const FormDefinition &form,
                         const AnswerValues &answers, const DefinitionRegistry &definitions,
                         int depth, bool *awaited)
{
    const SectionDefinition *section = form.sectionOfQuestion(questionId);
    const QuestionDefinition *question = form.question(questionId);
    if (!section || !question)
        return DecisionGate::tr("\"%1\" is not answered").arg(questionId);
    if (depth < 8) {
        for (const Condition *hiding : {&section->visibleWhen, &question->visibleWhen}) {
            if (!hiding->isAlways() &&
                (hiding->formCode.isEmpty() || hiding->formCode == form.code) &&
                !FormLogic::isMet(*hiding, form, answers))
                return describe(*hiding, form, answers, definitions, depth + 1, awaited);
        }
    }
    const QString role = form.ownerRoleOf(questionId);
    const QString who = role.isEmpty() ? DecisionGate::tr("nobody")
                                       : DecisionGate::tr("the %1").arg(definitions.roleName(role));
    const QString value = answers.value(form.code).value(questionId);
    if (!FormLogic::isAnswered(*question, value) ||
        (question->type == QuestionType::Boolean && value.isEmpty())) {
        if (awaited)
            *awaited = true;
        return DecisionGate::tr("%1 has not recorded \"%2\" yet").arg(who, question->label);
    }
    if (question->type == QuestionType::Boolean)
        return DecisionGate::tr("%1 answered \"%2\": %3")
            .arg(who, question->label,
                 value == QLatin1String("true") ? DecisionGate::tr("Yes") : DecisionGate::tr("No"));
    return DecisionGate::tr("%1 decided \"%2\"").arg(who, value);
}

QString describe(const Condition &condition, const FormDefinition &form,
                 const AnswerValues &answers, const DefinitionRegistry &definitions, int depth,
                 bool *awaited)
{
    return describeQuestion(condition.questionId, form, answers, definitions, depth, awaited);
}

} // namespace

QString DecisionGate::refusal(const Condition &gate, const QString &ownerForm,
                              const AnswerValues &answers, const DefinitionRegistry &definitions,
                              bool *awaited)
{
    if (awaited)
        *awaited = false;
    if (gate.isAlways())
        return QString();
    const FormDefinition *form =
        definitions.form(gate.formCode.isEmpty() ? ownerForm : gate.formCode);
    if (!form) // the definitions were validated: only a form CaseDesk does not know
        return tr("the decision on form %1 cannot be read").arg(gate.formCode);
    if (FormLogic::isMet(gate, *form, answers))
        return QString();
    return describe(gate, *form, answers, definitions, 0, awaited);
}

QString DecisionGate::nextActionHeldBack(const NextActionOption &option, const QString &ownerForm,
                                         const AnswerValues &answers,
                                         const DefinitionRegistry &definitions)
{
    const QString why = refusal(option.allowedWhen, ownerForm, answers, definitions);
    return why.isEmpty() ? QString() : tr("%1 will not be released: %2.").arg(option.stepType, why);
}

QString DecisionGate::requestRefused(const RequestTypeDefinition &type, const AnswerValues &answers,
                                     const DefinitionRegistry &definitions)
{
    const QString why = refusal(type.allowedWhen, type.allowedWhen.formCode, answers, definitions);
    return why.isEmpty() ? QString() : tr("%1 cannot be sent: %2.").arg(type.name, why);
}

} // namespace casedesk
