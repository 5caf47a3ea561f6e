#include "savecoordinator.h"

#include "storage/migrator.h"

#include <QUuid>

namespace casedesk {

SaveCoordinator::SaveCoordinator(Database &db, WorkflowEngine &engine, DraftStore &drafts,
                                 QObject *parent)
    : QObject(parent), m_db(db), m_engine(engine), m_drafts(drafts)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SaveCoordinator::retry);
}

Status SaveCoordinator::apply(const Draft &draft, QList<Problem> *problems)
{
    const Actor actor{draft.workerId, draft.role};
    const Status status = m_engine.saveAnswers(draft.stepId, draft.formCode, draft.answers, actor,
                                               draft.baseRevision, problems, draft.saveToken);
    if (status.isOk()) {
        m_drafts.remove(draft.stepId, draft.formCode, draft.workerId, DraftStore::Entry::Save);
        // What was typed is saved too unless more was typed since (the editor says so).
        const std::optional<Draft> typed =
            m_drafts.find(draft.stepId, draft.formCode, draft.workerId);
        if (typed && typed->answers == draft.answers)
            m_drafts.remove(draft.stepId, draft.formCode, draft.workerId);
    }
    return status;
}

Status SaveCoordinator::save(Draft draft, QList<Problem> *problems)
{
    if (draft.saveToken.isEmpty())
        draft.saveToken = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_workerId = draft.workerId;
    // The journal is a safety net, never a gate: a save goes to the server even when this
    // computer cannot keep a copy (disk full, folder unwritable, journal damaged).
    const Status journalled = m_drafts.put(draft);
    if (!journalled)
        emit journalFailed(journalled.message());
    const QPair<qint64, QString> key{draft.stepId, draft.formCode};
    if (!m_incompatible)
        return m_incompatible;
    // No ping first: a save that fails on a dropped connection is found out by the ping after.
    if (m_connected) {
        const Status status = apply(draft, problems);
        if (status.isOk() || m_db.ping())
            return status; // saved, or refused for a reason the user can act on (draft kept)
    }
    if (!journalled) {
        markDisconnected();
        return Status::failure(tr("The server cannot be reached, and this computer could not "
                                  "keep a copy of your answers (%1). They are still on screen: "
                                  "keep this step open and press Save again when the server is "
                                  "back.")
                                   .arg(journalled.message()),
                               Status::Code::ServerUnreachable);
    }
    m_pending.insert(key);
    markDisconnected();
    return Status::failure(tr("The server cannot be reached. Your answers are kept on this "
                              "computer and will be saved as soon as it is back."),
                           Status::Code::ServerUnreachable);
}

void SaveCoordinator::markDisconnected()
{
    if (m_connected) {
        m_connected = false;
        m_backoff = 1000;
        emit connectionChanged(false, tr("Connection to the server lost; reconnecting…"));
    }
    if (!m_retryTimer.isActive())
        m_retryTimer.start(m_backoff);
}

void SaveCoordinator::retry()
{
    if (m_probing || m_stopped)
        return;
    m_probing = true;
    m_db.probe().then(this, [this](bool reachable) {
        m_probing = false;
        if (m_stopped)
            return;
        // Reachable a moment ago, so reopening here is quick; the old connection is gone.
        if (!reachable || !m_db.reopen().isOk()) {
            m_backoff = qMin(m_backoff * 2, 30000);
            m_retryTimer.start(m_backoff);
            return;
        }
        resume();
    });
}

void SaveCoordinator::resume()
{
    // The server may have been upgraded or restored while we were away: write nothing to a
    // schema this CaseDesk was not built for. The answers stay kept on this computer.
    const Status compatible = Migrator(m_db).checkCompatible();
    if (!compatible) {
        m_incompatible = Status::failure(
            tr("%1 Your unsaved answers are kept on this computer.").arg(compatible.message()),
            compatible.code());
        m_connected = true;
        emit connectionChanged(false, m_incompatible.message());
        return;
    }
    m_connected = true;
    emit connectionChanged(true, tr("Connected again"));
    const auto pending = m_pending;
    for (const auto &key : pending) {
        const std::optional<Draft> draft =
            m_drafts.find(key.first, key.second, m_workerId, DraftStore::Entry::Save);
        m_pending.remove(key);
        if (!draft)
            continue;
        const Status status = apply(*draft, nullptr);
        if (status.isOk()) {
            emit saved(key.first, key.second);
        } else if (!m_db.ping()) {
            m_pending.insert(key);
            markDisconnected();
            return;
        } else {
            emit saveRefused(key.first, key.second, status.message());
        }
    }
}

} // namespace casedesk
