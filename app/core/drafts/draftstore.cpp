#include "draftstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>

namespace casedesk {

DraftStore::DraftStore(const QString &path, const QString &serverKey)
    : m_path(path), m_serverKey(serverKey)
{}

QString DraftStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/drafts.sqlite");
}

Status DraftStore::open()
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Sqlite;
    settings.sqlitePath = m_path;
    const Status opened = m_db.open(settings);
    if (!opened)
        return opened;
    QString error;
    m_db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS drafts ("
                             " server_key TEXT NOT NULL, step_id INTEGER NOT NULL,"
                             " form_code TEXT NOT NULL, worker_id INTEGER NOT NULL,"
                             " role TEXT NOT NULL, base_revision INTEGER NOT NULL,"
                             " answers TEXT NOT NULL, save_token TEXT NOT NULL,"
                             " title TEXT NOT NULL, updated_at TEXT NOT NULL,"
                             " PRIMARY KEY (server_key, step_id, form_code, worker_id))"),
              {}, &error);
    if (!error.isEmpty())
        return Status::failure(tr("CaseDesk cannot keep drafts in %1: %2").arg(m_path, error));
    return Status::ok();
}

Status DraftStore::put(const Draft &draft)
{
    QJsonObject answers;
    for (auto it = draft.answers.cbegin(); it != draft.answers.cend(); ++it)
        answers.insert(it.key(), it.value());
    QString error;
    m_db.exec(
        QStringLiteral("INSERT OR REPLACE INTO drafts (server_key, step_id, form_code, "
                       "worker_id, role, base_revision, answers, save_token, title, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), ?)"),
        {m_serverKey, draft.stepId, draft.formCode, draft.workerId, draft.role, draft.baseRevision,
         QString::fromUtf8(QJsonDocument(answers).toJson(QJsonDocument::Compact)), draft.saveToken,
         draft.title, QDateTime::currentDateTimeUtc()},
        &error);
    if (!error.isEmpty())
        return Status::failure(tr("CaseDesk could not keep a copy of your answers on this "
                                  "computer: %1")
                                   .arg(error));
    return Status::ok();
}

void DraftStore::remove(qint64 stepId, const QString &formCode, qint64 workerId)
{
    m_db.exec(QStringLiteral("DELETE FROM drafts WHERE server_key = ? AND step_id = ? AND "
                             "form_code = ? AND worker_id = ?"),
              {m_serverKey, stepId, formCode, workerId});
}

Draft DraftStore::fromRow(const QSqlQuery &query) const
{
    Draft draft;
    draft.stepId = query.value(0).toLongLong();
    draft.formCode = query.value(1).toString();
    draft.workerId = query.value(2).toLongLong();
    draft.role = query.value(3).toString();
    draft.baseRevision = query.value(4).toInt();
    const QJsonObject answers =
        QJsonDocument::fromJson(query.value(5).toString().toUtf8()).object();
    for (auto it = answers.constBegin(); it != answers.constEnd(); ++it)
        draft.answers.insert(it.key(), it.value().toString());
    draft.saveToken = query.value(6).toString();
    draft.title = query.value(7).toString();
    draft.updatedAt = query.value(8).toDateTime();
    return draft;
}

std::optional<Draft> DraftStore::find(qint64 stepId, const QString &formCode, qint64 workerId) const
{
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT step_id, form_code, worker_id, role, base_revision, answers, "
                       "save_token, title, updated_at FROM drafts WHERE server_key = ? AND "
                       "step_id = ? AND form_code = ? AND worker_id = ?"),
        {m_serverKey, stepId, formCode, workerId});
    if (!query.next())
        return std::nullopt;
    return fromRow(query);
}

QList<Draft> DraftStore::all(qint64 workerId) const
{
    QList<Draft> drafts;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT step_id, form_code, worker_id, role, base_revision, answers, "
                       "save_token, title, updated_at FROM drafts WHERE server_key = ? AND "
                       "worker_id = ? ORDER BY updated_at"),
        {m_serverKey, workerId});
    while (query.next())
        drafts << fromRow(query);
    return drafts;
}

} // namespace casedesk
