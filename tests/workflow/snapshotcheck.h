#pragma once

#include "workflow/workflowengine.h"

#include <QStringList>
#include <algorithm>

// WorkflowEngine::snapshot() against the separate calls it replaces, part by part, as text so
// that a difference reads plainly in the test's output.
namespace casedesk::test {

inline QString describeTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-");
}

inline QString describe(const StepRecord &s)
{
    return QStringList{QString::number(s.id),
                       QString::number(s.personId),
                       s.personName,
                       s.stepType,
                       s.status,
                       QString::number(s.assigneeWorkerId),
                       QString::number(s.assigneeTeamId),
                       QString::number(s.assigneeVirtualWorkerId),
                       s.assigneeName,
                       QString::number(s.fromStepId),
                       describeTime(s.createdAt),
                       describeTime(s.startedAt),
                       describeTime(s.finishedAt),
                       s.finishedByName,
                       QString::number(s.revision),
                       s.openForms.join(QLatin1Char(',')),
                       s.unreadable ? QStringLiteral("unreadable") : QStringLiteral("read")}
        .join(QStringLiteral(" | "));
}

inline QString describe(const QHash<QString, AnswerRecord> &answers)
{
    QStringList lines;
    for (auto it = answers.cbegin(); it != answers.cend(); ++it)
        lines << QStringList{it.key(),
                             it->value,
                             QString::number(it->version),
                             QString::number(it->savedBy),
                             it->savedByName,
                             it->savedAsRole,
                             describeTime(it->savedAt),
                             QString::number(it->copiedFromStepId)}
                     .join(QStringLiteral(" | "));
    lines.sort();
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const QList<RequestRecord> &requests)
{
    QStringList lines;
    for (const RequestRecord &r : requests)
        lines << QStringList{QString::number(r.id),
                             QString::number(r.stepId),
                             r.requestType,
                             r.stepType,
                             r.required ? QStringLiteral("required") : QStringLiteral("optional"),
                             r.status,
                             QString::number(r.senderWorkerId),
                             r.senderName,
                             r.sentAsRole,
                             QString::number(r.recipientWorkerId),
                             QString::number(r.recipientVirtualWorkerId),
                             r.recipientName,
                             r.note,
                             describeTime(r.sentAt),
                             r.respondedByName,
                             describeTime(r.respondedAt),
                             r.declineReason}
                     .join(QStringLiteral(" | "));
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const QList<NextActionRecord> &actions)
{
    QStringList lines;
    for (const NextActionRecord &n : actions)
        lines << QStringList{QString::number(n.id),
                             QString::number(n.stepId),
                             n.formCode,
                             n.stepType,
                             QString::number(int(n.assignee.kind)),
                             QString::number(n.assignee.id),
                             n.assigneeName,
                             n.sendImmediately ? QStringLiteral("now") : QStringLiteral("later"),
                             QString::number(n.createdStepId),
                             n.addedAsRole}
                     .join(QStringLiteral(" | "));
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const QList<Problem> &problems)
{
    QStringList lines;
    for (const Problem &p : problems)
        lines << QStringList{p.formCode, p.sectionId, p.questionId, QString::number(p.requestId),
                             p.message}
                     .join(QStringLiteral(" | "));
    return lines.join(QLatin1Char('\n'));
}

inline QString describe(const AnswerValues &values)
{
    QStringList lines;
    for (auto form = values.cbegin(); form != values.cend(); ++form) {
        for (auto it = form->cbegin(); it != form->cend(); ++it)
            lines << form.key() + QLatin1Char('/') + it.key() + QStringLiteral(" = ") + it.value();
    }
    lines.sort();
    return lines.join(QLatin1Char('\n'));
}

// Every difference between `snapshot` and the separate calls, one per line; empty when equal.
inline QString snapshotDifferences(WorkflowEngine &engine, qint64 stepId, const Actor &actor,
                                   const StepSnapshot &snapshot)
{
    QStringList differences;
    const auto compare = [&differences](const QString &part, const QString &fromSnapshot,
                                        const QString &separately) {
        if (fromSnapshot != separately)
            differences << QStringLiteral("%1:\n  snapshot:   %2\n  separately: %3")
                               .arg(part, fromSnapshot, separately);
    };
    compare(QStringLiteral("step"), describe(snapshot.step), describe(engine.step(stepId)));
    Status valuesStatus;
    compare(QStringLiteral("answerValues"), describe(snapshot.values),
            describe(engine.answerValues(stepId, &valuesStatus)));
    // The code, not the message: that ends with the driver's own words, which name the statement.
    compare(QStringLiteral("answerValues status"),
            QString::number(int(snapshot.answersStatus.code())),
            QString::number(int(valuesStatus.code())));
    QStringList forms = snapshot.step.openForms + snapshot.answers.keys() + snapshot.values.keys();
    if (const StepTypeDefinition *type = engine.definitions().stepType(snapshot.step.stepType))
        forms += type->allForms();
    forms.removeDuplicates();
    for (const QString &form : std::as_const(forms))
        compare(QStringLiteral("answers of ") + form, describe(snapshot.answers.value(form)),
                describe(engine.answers(stepId, form)));
    compare(QStringLiteral("requests"), describe(snapshot.requests),
            describe(engine.requests(stepId)));
    compare(QStringLiteral("next actions"), describe(snapshot.nextActions),
            describe(engine.nextActions(stepId)));
    bool unreachable = false;
    compare(QStringLiteral("whyCannotEdit"), snapshot.whyCannotEdit,
            engine.whyCannotEdit(stepId, actor, &unreachable));
    bool finishUnreachable = false;
    compare(QStringLiteral("whyCannotFinish"), snapshot.whyCannotFinish,
            engine.whyCannotFinish(stepId, actor, &finishUnreachable));
    const auto yesNo = [](bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); };
    compare(QStringLiteral("server unreachable (edit)"), yesNo(snapshot.serverUnreachable),
            yesNo(unreachable));
    compare(QStringLiteral("server unreachable (finish)"), yesNo(snapshot.serverUnreachable),
            yesNo(finishUnreachable));
    compare(QStringLiteral("whatIsMissing"), describe(snapshot.whatIsMissing),
            describe(engine.whatIsMissing(stepId, actor.role)));
    return differences.join(QLatin1Char('\n'));
}

} // namespace casedesk::test

// In a test slot: the snapshot of `stepId` as `actor` sees it, into `name`, after checking that
// it equals the separate calls.
#define CASEDESK_SNAPSHOT(name, engine, stepId, actor)                                             \
    const casedesk::StepSnapshot name = (engine).snapshot((stepId), (actor));                      \
    do {                                                                                           \
        const QString differences_ =                                                               \
            casedesk::test::snapshotDifferences((engine), (stepId), (actor), name);                \
        QVERIFY2(differences_.isEmpty(), qPrintable(differences_));                                \
    } while (false)
