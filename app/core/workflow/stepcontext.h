#pragma once

#include "definitions/definitionregistry.h"
#include "domain/status.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

// One form of another step (or of this step, for a request on it) that a step is about: the
// report being approved, the referral being placed, the question asked when it was sent back.
struct ContextForm
{
    qint64 stepId = 0;
    QString stepType;
    QString stepStatus;
    QString finishedByName;
    QDateTime finishedAt; // UTC; invalid while the step is not finished
    QString formCode;
    QStringList sections; // the section ids to show; empty: every section
    QString requestType;  // declared by this request type on the step; empty: by the step type
    QHash<QString, AnswerRecord> answers; // question id -> current answer (never empty)
};

// What a step shows, read-only, beside its own forms (showsContext in forms/step-types and
// forms/request-types). Not ok when it could not be read: then nothing is given, which is not
// the same as "nothing to show".
struct StepContext
{
    Status status = Status::ok();
    QList<ContextForm> forms;
};

// Reads a step's context in two statements: the chain of steps it came from (with the requests
// on it), then the answers of the forms declared. On PostgreSQL it runs as the worker's own login,
// so row-level security gives nothing of a record the worker may not see. Runs wherever its
// Database lives: the screens ask it on the session's database thread.
class StepContextQuery
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::StepContextQuery)

public:
    // How far back the chain is followed (a Direct Payments review cycle adds four steps a year).
    static constexpr int MaxChainDepth = 40;

    StepContextQuery(const Database &db, const DefinitionRegistry &definitions)
        : m_db(db), m_definitions(definitions)
    {}

    StepContext read(qint64 stepId) const;

    // Whether a step of `stepType`, with requests of `requestTypes` on it, declares any context
    // (no database: a screen knows at once whether to make room for it).
    static bool declaresContext(const DefinitionRegistry &definitions, const QString &stepType,
                                const QStringList &requestTypes);

private:
    const Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
