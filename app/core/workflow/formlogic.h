#pragma once

#include "definitions/definitions.h"
#include "records.h"

#include <QCoreApplication>

namespace casedesk {

class DefinitionRegistry;

// The rules a form's definition implies, evaluated against answers: which sections, questions
// and next actions show, and which mandatory answers are missing. Shared by the engine and the
// form editors so the screen and the rules can never disagree.
class FormLogic
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::FormLogic)

public:
    static bool isSatisfied(const Condition &condition, const QString &formCode,
                            const AnswerValues &answers);
    // A condition on a question of `form` (its formCode empty or form.code), met only while that
    // question and its section are shown.
    static bool isMet(const Condition &condition, const FormDefinition &form,
                      const AnswerValues &answers);
    static bool isSectionVisible(const FormDefinition &form, const SectionDefinition &section,
                                 const AnswerValues &answers);
    static bool isQuestionVisible(const FormDefinition &form, const SectionDefinition &section,
                                  const QuestionDefinition &question, const AnswerValues &answers);
    // Whether an answer counts as given: ticks must be ticked, text must not be blank.
    static bool isAnswered(const QuestionDefinition &question, const QString &value);
    // Each visible mandatory question without an answer.
    // `actingRole`: whoever is finishing; a question another role owns (the PS/Manager's decision,
    // when the Social Worker finishes) is said to wait for that role rather than to need an
    // answer from them.
    static QList<Problem> missingAnswers(const FormDefinition &form, const AnswerValues &answers,
                                         const QString &actingRole = QString(),
                                         const DefinitionRegistry *definitions = nullptr);
    // The next action options of a section that show for these answers.
    static QList<NextActionOption> visibleNextActions(const FormDefinition &form,
                                                      const SectionDefinition &section,
                                                      const AnswerValues &answers);
    // Checks an answer's shape: a choice among its choices, a date, a number, not too long.
    static QString invalidValueMessage(const QuestionDefinition &question, const QString &value);
    // The longest answer kept for a question of this type, in characters; the server is given
    // the same (RuleSync) and refuses longer ones.
    static int maxLength(const QuestionDefinition &question);
};

} // namespace casedesk
