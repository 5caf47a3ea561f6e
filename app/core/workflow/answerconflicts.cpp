#include "answerconflicts.h"

namespace casedesk {

QList<AnswerConflict> compareAnswers(const FormDefinition &form,
                                     const QHash<QString, QString> &whenOpened,
                                     const QHash<QString, AnswerRecord> &current,
                                     const QHash<QString, QString> &mine)
{
    QList<AnswerConflict> conflicts;
    for (const SectionDefinition &section : form.sections) {
        for (const QuestionDefinition &question : section.questions) {
            const QString before = whenOpened.value(question.id);
            const AnswerRecord saved = current.value(question.id);
            AnswerConflict conflict;
            conflict.theyChanged = saved.value != before;
            conflict.iChanged = mine.contains(question.id);
            if (!conflict.theyChanged && !conflict.iChanged)
                continue;
            conflict.questionId = question.id;
            conflict.label = section.number > 0 ? QString::number(section.number) +
                                                      QStringLiteral(". ") + question.label
                                                : question.label;
            conflict.whenOpened = before;
            conflict.theirs = saved.value;
            conflict.mine = conflict.iChanged ? mine.value(question.id) : saved.value;
            conflict.theirsByName = saved.savedByName;
            conflict.theirsAt = saved.savedAt;
            conflicts << conflict;
        }
    }
    return conflicts;
}

QHash<QString, QString> mergedAnswers(const QList<AnswerConflict> &conflicts,
                                      const QSet<QString> &keepTheirs)
{
    QHash<QString, QString> merged;
    for (const AnswerConflict &conflict : conflicts) {
        if (!conflict.iChanged || conflict.mine == conflict.theirs)
            continue;
        if (conflict.needsChoice() && keepTheirs.contains(conflict.questionId))
            continue;
        merged.insert(conflict.questionId, conflict.mine);
    }
    return merged;
}

} // namespace casedesk
