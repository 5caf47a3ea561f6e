#include "savecoordinator.h"

#include "storage/databasethread.h"

#include <QUuid>

namespace casedesk {

SaveCoordinator::SaveCoordinator(Database &db, DatabaseThread &writer,
                                 const DefinitionRegistry &definitions, DraftStore &drafts,
                                 QObject *parent)
    : QObject(parent), m_db(db), m_writer(writer), m_definitions(definitions), m_drafts(drafts)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SaveCoordinator::retry);
}

QFuture<SaveCoordinator::Applied> SaveCoordinator::apply(const Draft &draft)
{
    const DefinitionRegistry *definitions = &m_definitions;
    return m_writer
        .run([draft, definitions](Database &db) {
            Applied applied;
            if (!db.isOpen()) {
                applied.outcome.status =
                    Status::failure(QString(), Status::Code::ServerUnreachable);
                applied.serverAnswered = false;
                return applied;
            }
            WorkflowEngine engine(db, *definitions);
            applied.outcome.status = engine.saveAnswers(
                draft.stepId, draft.formCode, draft.answers, Actor{draft.workerId, draft.role},
                draft.baseRevision, &applied.outcome.problems, draft.saveToken);
            // No ping before a save: a save that failed on a dropped connection is found out by
            // the ping after (at once when the request deadline has shut the connection down).
            applied.serverAnswered = applied.outcome.status.isOk() || db.ping();
            return applied;
        })
        .then(this, [this, draft](const Applied &applied) {
            if (applied.serverAnswered && applied.outcome.status.isOk())
                forgetSaved(draft);
            return applied;
        });
}

void SaveCoordinator::forgetSaved(const Draft &draft)
{
    m_drafts.remove(draft.stepId, draft.formCode, draft.workerId, DraftStore::Entry::Save);
    // What was typed is saved too unless more was typed since (the editor says so).
    const std::optional<Draft> typed = m_drafts.find(draft.stepId, draft.formCode, draft.workerId);
    if (typed && typed->answers == draft.answers)
        m_drafts.remove(draft.stepId, draft.formCode, draft.workerId);
}

QFuture<SaveOutcome> SaveCoordinator::save(Draft draft)
{
    if (draft.saveToken.isEmpty())
        draft.saveToken = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_workerId = draft.workerId;
    // The journal is a safety net, never a gate: a save goes to the server even when this
    // computer cannot keep a copy (disk full, folder unwritable, journal damaged).
    const Status journalled = m_drafts.put(draft);
    if (!journalled)
        emit journalFailed(journalled.message());
    if (!m_incompatible)
        return QtFuture::makeReadyFuture(SaveOutcome{m_incompatible, {}});

    const auto keptForLater = [this, draft, journalled]() {
        markDisconnected();
        if (!journalled) {
            return SaveOutcome{
                Status::failure(tr("The server cannot be reached, and this computer could not "
                                   "keep a copy of your answers (%1). They are still on screen: "
                                   "keep this step open and press Save again when the server is "
                                   "back.")
                                    .arg(journalled.message()),
                                Status::Code::ServerUnreachable),
                {}};
        }
        m_pending.insert({draft.stepId, draft.formCode});
        return SaveOutcome{Status::failure(tr("The server cannot be reached. Your answers are "
                                              "kept on this computer and will be saved as soon "
                                              "as it is back."),
                                           Status::Code::ServerUnreachable),
                           {}};
    };
    if (!m_connected)
        return QtFuture::makeReadyFuture(keptForLater());
    return apply(draft).then(this, [keptForLater](const Applied &applied) {
        // Saved, or refused for a reason the user can act on (the draft is kept).
        return applied.serverAnswered ? applied.outcome : keptForLater();
    });
}

void SaveCoordinator::markDisconnected()
{
    if (m_connected) {
        m_connected = false;
        m_backoff = 1000;
        emit connectionChanged(false, tr("Connection to the server lost; reconnecting…"));
    }
    if (!m_retryTimer.isActive() && !m_stopped)
        m_retryTimer.start(m_backoff);
}

void SaveCoordinator::retry()
{
    if (m_probing || m_stopped)
        return;
    m_probing = true;
    // Off this thread; the database thread's connection re-opens itself on its next request.
    m_db.probe().then(this, [this](const Status &probed) { resumeAfter(probed); });
}

void SaveCoordinator::resumeAfter(const Status &probed)
{
    m_probing = false;
    if (m_stopped)
        return;
    // The server may have been upgraded or restored while we were away: write nothing to a
    // schema this CaseDesk was not built for. The answers stay kept on this computer.
    const bool otherSchema =
        probed.code() == Status::Code::SchemaTooOld || probed.code() == Status::Code::SchemaTooNew;
    if (otherSchema) {
        m_incompatible = Status::failure(
            tr("%1 Your unsaved answers are kept on this computer.").arg(probed.message()),
            probed.code());
        m_connected = true;
        emit connectionChanged(false, m_incompatible.message());
        return;
    }
    if (!probed) {
        m_backoff = qMin(m_backoff * 2, 30000);
        m_retryTimer.start(m_backoff);
        return;
    }
    m_connected = true;
    emit connectionChanged(true, tr("Connected again"));
    applyPending(m_pending.values());
}

void SaveCoordinator::applyPending(QList<QPair<qint64, QString>> keys)
{
    if (keys.isEmpty() || m_stopped || !m_connected)
        return;
    const QPair<qint64, QString> key = keys.takeFirst();
    const std::optional<Draft> draft =
        m_drafts.find(key.first, key.second, m_workerId, DraftStore::Entry::Save);
    if (!draft) {
        m_pending.remove(key);
        applyPending(keys);
        return;
    }
    apply(*draft).then(this, [this, key, keys](const Applied &applied) {
        if (!applied.serverAnswered) {
            markDisconnected(); // still pending; tried again once the server answers
            return;
        }
        m_pending.remove(key);
        if (applied.outcome.status.isOk())
            emit saved(key.first, key.second);
        else
            emit saveRefused(key.first, key.second, applied.outcome.status.message());
        applyPending(keys);
    });
}

} // namespace casedesk
