#include "formlogic.h"

#include "definitions/definitionregistry.h"

#include "domain/sensibledates.h"

#include <QDate>

namespace casedesk {

bool FormLogic::isSatisfied(const Condition &condition, const QString &formCode,
                            const AnswerValues &answers)
{
    if (condition.isAlways())
        return true;
    const QString form = condition.formCode.isEmpty() ? formCode : condition.formCode;
    const QString value = answers.value(form).value(condition.questionId);
    return condition.anyOf.contains(value);
}

namespace {
// A condition on an answer that is itself hidden is not met: switching the placement type from
// Internal to External must hide everything that hung on the Internal type, however deep.
bool isMetInForm(const Condition &condition, const FormDefinition &form,
                 const AnswerValues &answers, int depth)
{
    if (!FormLogic::isSatisfied(condition, form.code, answers))
        return false;
    if (condition.isAlways() || depth > 8 ||
        (!condition.formCode.isEmpty() && condition.formCode != form.code))
        return true;
    const SectionDefinition *section = form.sectionOfQuestion(condition.questionId);
    const QuestionDefinition *question = form.question(condition.questionId);
    if (!section || !question)
        return true;
    return isMetInForm(section->visibleWhen, form, answers, depth + 1) &&
           isMetInForm(question->visibleWhen, form, answers, depth + 1);
}
} // namespace

bool FormLogic::isMet(const Condition &condition, const FormDefinition &form,
                      const AnswerValues &answers)
{
    Condition own = condition;
    own.formCode = form.code;
    return isMetInForm(own, form, answers, 0);
}

bool FormLogic::isSectionVisible(const FormDefinition &form, const SectionDefinition &section,
                                 const AnswerValues &answers)
{
    return isMetInForm(section.visibleWhen, form, answers, 0);
}

bool FormLogic::isQuestionVisible(const FormDefinition &form, const SectionDefinition &section,
                                  const QuestionDefinition &question, const AnswerValues &answers)
{
    return isSectionVisible(form, section, answers) &&
           isMetInForm(question.visibleWhen, form, answers, 0);
}

bool FormLogic::isAnswered(const QuestionDefinition &question, const QString &value)
{
    if (question.type == QuestionType::Boolean)
        return value == QLatin1String("true") || value == QLatin1String("false");
    if (question.type == QuestionType::Confirmation)
        return !value.trimmed().isEmpty() && value != QLatin1String("false");
    return !value.trimmed().isEmpty();
}

QList<Problem> FormLogic::missingAnswers(const FormDefinition &form, const AnswerValues &answers,
                                         const QString &actingRole,
                                         const DefinitionRegistry *definitions)
{
    QList<Problem> problems;
    for (const SectionDefinition &section : form.sections) {
        if (!isSectionVisible(form, section, answers))
            continue;
        for (const QuestionDefinition &question : section.questions) {
            if (!question.mandatory || !isQuestionVisible(form, section, question, answers))
                continue;
            if (isAnswered(question, answers.value(form.code).value(question.id)))
                continue;
            Problem problem;
            problem.formCode = form.code;
            problem.sectionId = section.id;
            problem.questionId = question.id;
            const QString owner =
                question.ownerRole.isEmpty() ? section.ownerRole : question.ownerRole;
            if (!actingRole.isEmpty() && !owner.isEmpty() && owner != actingRole)
                problem.message =
                    tr("%1, Section %2. %3: \"%4\" is for the %5 to answer; the step can be "
                       "finished once they have.")
                        .arg(form.code)
                        .arg(section.number)
                        .arg(section.title, question.label,
                             definitions ? definitions->roleName(owner) : owner);
            else
                problem.message = tr("%1, Section %2. %3: \"%4\" needs an answer.")
                                      .arg(form.code)
                                      .arg(section.number)
                                      .arg(section.title, question.label);
            problems << problem;
        }
    }
    return problems;
}

QList<NextActionOption> FormLogic::visibleNextActions(const FormDefinition &form,
                                                      const SectionDefinition &section,
                                                      const AnswerValues &answers)
{
    QList<NextActionOption> visible;
    if (!isSectionVisible(form, section, answers))
        return visible;
    for (const NextActionOption &option : section.nextActions) {
        if (isMetInForm(option.visibleWhen, form, answers, 0))
            visible << option;
    }
    return visible;
}

int FormLogic::maxLength(const QuestionDefinition &question)
{
    switch (question.type) {
    case QuestionType::Text:
        return 200000; // some eighty pages: far more than any account a form asks for
    case QuestionType::Line:
    case QuestionType::Choice:
    case QuestionType::Confirmation: // the confirming worker's name
        return 1000;
    case QuestionType::Number:
        return 40;
    case QuestionType::Date:
        return 10;
    case QuestionType::Boolean:
        return 5;
    }
    return 1000;
}

QString FormLogic::invalidValueMessage(const QuestionDefinition &question, const QString &value)
{
    if (value.isEmpty())
        return QString();
    switch (question.type) {
    case QuestionType::Choice:
        if (!question.choices.contains(value))
            return tr("\"%1\" is not one of the choices for \"%2\".").arg(value, question.label);
        break;
    case QuestionType::Boolean:
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return tr("\"%1\" must be ticked or not ticked.").arg(question.label);
        break;
    case QuestionType::Date: {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        if (!date.isValid())
            return tr("\"%1\" must be a date, for example 23/11/2026.").arg(question.label);
        if (!SensibleDates::contains(date))
            return tr("\"%1\" must be a date %2; check the year.")
                .arg(question.label, SensibleDates::rangeText());
        break;
    }
    case QuestionType::Number: {
        bool ok = false;
        value.toDouble(&ok);
        if (!ok)
            return tr("\"%1\" must be a number, for example 120 or 45.50.").arg(question.label);
        break;
    }
    case QuestionType::Text:
    case QuestionType::Line:
    case QuestionType::Confirmation:
        break;
    }
    if (value.size() > maxLength(question))
        return tr("\"%1\" is too long: at most %2 characters are kept (this is %3).")
            .arg(question.label)
            .arg(maxLength(question))
            .arg(value.size());
    return QString();
}

} // namespace casedesk
