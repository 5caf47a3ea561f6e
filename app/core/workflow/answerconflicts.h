#pragma once

#include "definitions/definitions.h"
#include "records.h"

#include <QHash>
#include <QSet>

namespace casedesk {

// One question of a form that changed on both sides, or on one, since a worker opened the step
// and someone else saved it: what the conflict dialog lists, field by field.
struct AnswerConflict
{
    QString questionId;
    QString label;      // "2.1 Reason for the visit"
    QString whenOpened; // the saved answer when this worker opened the step
    QString theirs;     // the answer saved since, by someone else
    QString mine;       // what this worker has typed (unsaved)
    QString theirsByName;
    QDateTime theirsAt; // UTC
    bool theyChanged = false;
    bool iChanged = false;

    // Both sides changed the answer, to different values: the worker must choose.
    bool needsChoice() const { return theyChanged && iChanged && theirs != mine; }
};

// Compares, question by question in the form's order, what a worker loaded (`whenOpened`), what
// is saved now (`current`) and what they typed (`mine`, their unsaved changes).
QList<AnswerConflict> compareAnswers(const FormDefinition &form,
                                     const QHash<QString, QString> &whenOpened,
                                     const QHash<QString, AnswerRecord> &current,
                                     const QHash<QString, QString> &mine);

// The answers to put back on screen, as unsaved changes over what is saved now: every answer
// the worker typed, except where they chose the other worker's (`keepTheirs`).
QHash<QString, QString> mergedAnswers(const QList<AnswerConflict> &conflicts,
                                      const QSet<QString> &keepTheirs);

} // namespace casedesk
