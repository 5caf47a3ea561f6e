#include "stepcontext.h"

#include "records/personrecordquery.h"

#include <QSet>
#include <QSqlQuery>

namespace casedesk {

namespace {

struct ChainStep
{
    qint64 id = 0;
    int depth = 0; // 0: the step itself, 1: the step it came from, ...
    QString stepType;
    QString status;
    QString finishedByName;
    QDateTime finishedAt;
};

// A declaration to resolve, and who declared it.
struct Wanted
{
    ContextDeclaration declaration;
    QString requestType;
};

QString placeholders(qsizetype count)
{
    QStringList marks;
    for (qsizetype i = 0; i < count; ++i)
        marks << QStringLiteral("?");
    return marks.join(QStringLiteral(", "));
}

} // namespace

bool StepContextQuery::declaresContext(const DefinitionRegistry &definitions,
                                       const QString &stepType, const QStringList &requestTypes)
{
    const StepTypeDefinition *type = definitions.stepType(stepType);
    if (type && !type->showsContext.isEmpty())
        return true;
    for (const QString &name : requestTypes) {
        const RequestTypeDefinition *request = definitions.requestType(name);
        if (request && !request->showsContext.isEmpty())
            return true;
    }
    return false;
}

StepContext StepContextQuery::read(qint64 stepId) const
{
    StepContext context;
    const auto failed = [this, &context](const QString &error) {
        context.forms.clear();
        context.status =
            PersonRecordQuery::isConnectionLost(m_db)
                ? Status::failure(PersonRecordQuery::connectionLostMessage(),
                                  Status::Code::ServerUnreachable)
                : Status::failure(
                      tr("CaseDesk could not read what this step is about: %1").arg(error));
        return context;
    };

    // 1. The step, the steps it came from (nearest first) and the types of the requests on it.
    const QString chainSql = m_db.dialect().expand(QStringLiteral(
        "WITH RECURSIVE chain(id, depth) AS ("
        " SELECT id, 0 FROM worksteps WHERE id = ?"
        " UNION ALL SELECT s.from_step_id, c.depth + 1 FROM worksteps s JOIN chain c"
        " ON s.id = c.id WHERE s.from_step_id IS NOT NULL AND c.depth < ?) "
        "SELECT 0, c.depth, s.id, s.step_type, s.status, fw.display_name, s.finished_at"
        " FROM chain c JOIN worksteps s ON s.id = c.id"
        " LEFT JOIN workers fw ON fw.id = s.finished_by "
        "UNION ALL SELECT 1, 0, r.id, r.request_type, r.status, CAST(NULL AS TEXT),"
        " CAST(NULL AS {{timestamp}}) FROM requests r WHERE r.step_id = ? "
        "ORDER BY 1, 2"));
    QString error;
    QSqlQuery chainQuery = m_db.exec(chainSql, {stepId, MaxChainDepth, stepId}, &error);
    if (!error.isEmpty())
        return failed(error);
    QList<ChainStep> chain;
    QStringList requestTypes;
    while (chainQuery.next()) {
        if (chainQuery.value(0).toInt() == 1) {
            const QString type = chainQuery.value(3).toString();
            if (!requestTypes.contains(type))
                requestTypes << type;
            continue;
        }
        chain << ChainStep{chainQuery.value(2).toLongLong(), chainQuery.value(1).toInt(),
                           chainQuery.value(3).toString(),   chainQuery.value(4).toString(),
                           chainQuery.value(5).toString(),   chainQuery.value(6).toDateTime()};
    }
    if (chain.isEmpty() || chain.first().depth != 0)
        return context; // not a step this worker may see: nothing to show

    QList<Wanted> wanted;
    if (const StepTypeDefinition *type = m_definitions.stepType(chain.first().stepType)) {
        for (const ContextDeclaration &declaration : type->showsContext)
            wanted << Wanted{declaration, QString()};
    }
    for (const QString &name : std::as_const(requestTypes)) {
        if (const RequestTypeDefinition *request = m_definitions.requestType(name)) {
            for (const ContextDeclaration &declaration : request->showsContext)
                wanted << Wanted{declaration, name};
        }
    }
    if (wanted.isEmpty())
        return context;

    // 2. The current answers of every declared form on the steps that could hold them.
    QSet<qint64> stepIds;
    QSet<QString> formCodes;
    for (const Wanted &want : std::as_const(wanted)) {
        for (const ChainStep &step : std::as_const(chain)) {
            const bool candidate =
                (want.declaration.source == ContextSource::Step && step.depth == 0) ||
                (want.declaration.source == ContextSource::FromStep && step.depth == 1) ||
                (want.declaration.source == ContextSource::EarlierStep && step.depth >= 1);
            if (candidate)
                stepIds.insert(step.id);
        }
        for (const QString &code : want.declaration.forms)
            formCodes.insert(code);
    }
    if (stepIds.isEmpty())
        return context; // it came from nowhere (a first referral)
    QVariantList values;
    for (qint64 id : std::as_const(stepIds))
        values << id;
    for (const QString &code : std::as_const(formCodes))
        values << code;
    const QString answersSql =
        QStringLiteral("SELECT a.step_id, a.form_code, a.question_id, a.value, "
                       "a.version, a.saved_by, w.display_name, a.saved_as_role, "
                       "a.saved_at, a.copied_from_step_id FROM form_answers a "
                       "LEFT JOIN workers w ON w.id = a.saved_by "
                       "WHERE a.step_id IN (%1) AND a.form_code IN (%2) "
                       "ORDER BY a.step_id, a.form_code, a.question_id, a.version")
            .arg(placeholders(stepIds.size()), placeholders(formCodes.size()));
    QSqlQuery answersQuery = m_db.exec(answersSql, values, &error);
    if (!error.isEmpty())
        return failed(error);
    // step id -> form code -> question id -> answer (the highest version wins: read last).
    QHash<qint64, QHash<QString, QHash<QString, AnswerRecord>>> answers;
    while (answersQuery.next()) {
        AnswerRecord answer;
        answer.value = answersQuery.value(3).toString();
        answer.version = answersQuery.value(4).toInt();
        answer.savedBy = answersQuery.value(5).toLongLong();
        answer.savedByName = answersQuery.value(6).toString();
        answer.savedAsRole = answersQuery.value(7).toString();
        answer.savedAt = answersQuery.value(8).toDateTime();
        answer.copiedFromStepId = answersQuery.value(9).toLongLong();
        answers[answersQuery.value(0).toLongLong()][answersQuery.value(1).toString()]
               [answersQuery.value(2).toString()] = answer;
    }
    // The answers shown: not cleared ones, and only those of the sections declared.
    const auto answered = [this, &answers](qint64 id, const QString &code,
                                           const QStringList &sections) {
        QHash<QString, AnswerRecord> given = answers.value(id).value(code);
        const FormDefinition *form = m_definitions.form(code);
        for (auto it = given.begin(); it != given.end();) {
            const SectionDefinition *section = form ? form->sectionOfQuestion(it.key()) : nullptr;
            const bool inSections =
                sections.isEmpty() || (section && sections.contains(section->id));
            if (it->value.isEmpty() || !inSections)
                it = given.erase(it);
            else
                ++it;
        }
        return given;
    };

    QSet<QPair<qint64, QString>> shown; // declared twice (a step and a request): shown once
    for (const Wanted &want : std::as_const(wanted)) {
        for (const ChainStep &step : std::as_const(chain)) {
            const ContextSource source = want.declaration.source;
            if ((source == ContextSource::Step && step.depth != 0) ||
                (source == ContextSource::FromStep && step.depth != 1) ||
                (source == ContextSource::EarlierStep && step.depth < 1))
                continue;
            bool found = false;
            for (const QString &code : want.declaration.forms) {
                const QHash<QString, AnswerRecord> given =
                    answered(step.id, code, want.declaration.sections);
                if (given.isEmpty() || shown.contains(qMakePair(step.id, code)))
                    continue;
                shown.insert(qMakePair(step.id, code));
                found = true;
                context.forms << ContextForm{step.id,
                                             step.stepType,
                                             step.status,
                                             step.finishedByName,
                                             step.finishedAt,
                                             code,
                                             want.declaration.sections,
                                             want.requestType,
                                             given};
            }
            // earlierStep: the nearest step with any of the forms; the others are the one step.
            if (found || source != ContextSource::EarlierStep)
                break;
        }
    }
    return context;
}

} // namespace casedesk
