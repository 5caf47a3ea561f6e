#include "definitions.h"

namespace casedesk {

const SectionDefinition *FormDefinition::section(const QString &sectionId) const
{
    for (const SectionDefinition &candidate : sections) {
        if (candidate.id == sectionId)
            return &candidate;
    }
    return nullptr;
}

const QuestionDefinition *FormDefinition::question(const QString &questionId) const
{
    for (const SectionDefinition &candidate : sections) {
        for (const QuestionDefinition &question : candidate.questions) {
            if (question.id == questionId)
                return &question;
        }
    }
    return nullptr;
}

const SectionDefinition *FormDefinition::sectionOfQuestion(const QString &questionId) const
{
    for (const SectionDefinition &candidate : sections) {
        for (const QuestionDefinition &question : candidate.questions) {
            if (question.id == questionId)
                return &candidate;
        }
    }
    return nullptr;
}

QString FormDefinition::ownerRoleOf(const QString &questionId) const
{
    const SectionDefinition *owner = sectionOfQuestion(questionId);
    if (!owner)
        return QString();
    const QuestionDefinition *found = question(questionId);
    return found->ownerRole.isEmpty() ? owner->ownerRole : found->ownerRole;
}

} // namespace casedesk
