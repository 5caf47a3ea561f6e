#pragma once

#include <QString>

namespace casedesk {

// A condition on form_answers `alias` keeping only each question's current version (no later
// version of the same question), probed through the unique (step, form, question, version)
// index: a step's open reads its current answers, not its whole history of versions.
inline QString currentAnswersOnly(const QString &alias)
{
    return QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM form_answers later WHERE "
                          "later.step_id = %1.step_id AND later.form_code = %1.form_code AND "
                          "later.question_id = %1.question_id AND later.version > %1.version)")
        .arg(alias);
}

} // namespace casedesk
