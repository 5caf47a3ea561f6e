#include "draftstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <algorithm>

namespace casedesk {

namespace {

const QString Columns = QStringLiteral("step_id, form_code, worker_id, role, base_revision, "
                                       "answers, save_token, title, updated_at, session_id");

} // namespace

DraftStore::DraftStore(const QString &path, const QString &serverKey)
    : m_path(path), m_serverKey(serverKey),
      m_sessionId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

DraftStore::~DraftStore() = default; // the lock goes last: the session has ended

QString DraftStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/drafts.sqlite");
}

QString DraftStore::lockPath(const QString &sessionId) const
{
    return QFileInfo(m_path).absolutePath() + QStringLiteral("/journal-sessions/") + sessionId +
           QStringLiteral(".lock");
}

bool DraftStore::isRunning(const QString &sessionId) const
{
    if (sessionId.isEmpty())
        return false; // journalled before sessions were recorded
    if (sessionId == m_sessionId)
        return true;
    if (!QFileInfo::exists(lockPath(sessionId)))
        return false;
    QLockFile probe(lockPath(sessionId));
    probe.setStaleLockTime(0); // only a dead process makes a lock stale, never its age
    if (!probe.tryLock(0))
        return true;
    probe.unlock(); // it was free (or its process is gone): that session has ended
    return false;
}

namespace {

constexpr QFileDevice::Permissions OwnerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerFolder = OwnerFile | QFileDevice::ExeOwner;

// The journal holds what workers typed about children: its folders are 0700 and its files
// 0600, made so and corrected when found wider (an older CaseDesk, a umask of 022).
bool keepToOwner(const QString &path, QFileDevice::Permissions allowed)
{
    if (!QFileInfo::exists(path))
        return true;
    const QFileDevice::Permissions now = QFile::permissions(path);
    if ((now & ~allowed) == QFileDevice::Permissions() && (now & allowed) == allowed)
        return true;
    return QFile::setPermissions(path, allowed);
}

} // namespace

bool DraftStore::restrictToOwner(const QString &journalPath)
{
    const QString folder = QFileInfo(journalPath).absolutePath();
    bool ok = keepToOwner(folder, OwnerFolder);
    ok = keepToOwner(folder + QStringLiteral("/journal-sessions"), OwnerFolder) && ok;
    if (!QFileInfo::exists(journalPath)) {
        // Made 0600 from the start; SQLite gives its -journal, -wal and -shm files the mode of
        // the database file.
        QFile file(journalPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerFile))
            return false;
        file.close();
    }
    for (const QString &suffix :
         {QString(), QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm")})
        ok = keepToOwner(journalPath + suffix, OwnerFile) && ok;
    return ok;
}

Status DraftStore::open()
{
    const QString sessions = QFileInfo(lockPath(m_sessionId)).absolutePath();
    QDir().mkpath(sessions);
    if (!restrictToOwner(m_path))
        return Status::failure(
            tr("the journal %1 cannot be made private to you (folder 0700, file 0600)")
                .arg(m_path));
    m_lock = std::make_unique<QLockFile>(lockPath(m_sessionId));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        return Status::failure(tr("the folder %1 cannot be written to")
                                   .arg(QFileInfo(lockPath(m_sessionId)).absolutePath()));
    }
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Sqlite;
    settings.sqlitePath = m_path;
    if (!m_db.open(settings))
        return Status::failure(tr("the file %1 cannot be opened").arg(m_path));
    QString error;
    m_db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS journal ("
                             " server_key TEXT NOT NULL, session_id TEXT NOT NULL,"
                             " step_id INTEGER NOT NULL, form_code TEXT NOT NULL,"
                             " worker_id INTEGER NOT NULL, role TEXT NOT NULL,"
                             " base_revision INTEGER NOT NULL, answers TEXT NOT NULL,"
                             " save_token TEXT NOT NULL, title TEXT NOT NULL,"
                             " updated_at TEXT NOT NULL, is_save INTEGER NOT NULL,"
                             " PRIMARY KEY (server_key, session_id, step_id, form_code, worker_id,"
                             "              is_save))"),
              {}, &error);
    // A journal from before sessions: its entries belong to no running session.
    if (error.isEmpty() &&
        m_db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'drafts'"))
            .toInt()) {
        Transaction transaction(m_db);
        m_db.exec(QStringLiteral("INSERT OR IGNORE INTO journal SELECT server_key, '', step_id, "
                                 "form_code, worker_id, role, base_revision, answers, "
                                 "save_token, title, updated_at, save_token <> '' FROM drafts"),
                  {}, &error);
        if (error.isEmpty())
            m_db.exec(QStringLiteral("DROP TABLE drafts"), {}, &error);
        if (error.isEmpty())
            transaction.commit();
    }
    if (!error.isEmpty()) {
        m_db.close();
        return Status::failure(tr("the file %1 cannot be used: %2").arg(m_path, error));
    }
    return Status::ok();
}

Status DraftStore::put(const Draft &draft)
{
    if (!m_db.isOpen())
        return Status::failure(tr("the file %1 could not be opened").arg(m_path));
    QJsonObject answers;
    for (auto it = draft.answers.cbegin(); it != draft.answers.cend(); ++it)
        answers.insert(it.key(), it.value());
    QString error;
    m_db.exec(QStringLiteral("INSERT OR REPLACE INTO journal (server_key, session_id, step_id, "
                             "form_code, worker_id, role, base_revision, answers, save_token, "
                             "title, updated_at, is_save) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), ?, "
                             "?)"),
              {m_serverKey, m_sessionId, draft.stepId, draft.formCode, draft.workerId, draft.role,
               draft.baseRevision,
               QString::fromUtf8(QJsonDocument(answers).toJson(QJsonDocument::Compact)),
               draft.saveToken, draft.title, QDateTime::currentDateTimeUtc(),
               draft.saveToken.isEmpty() ? 0 : 1},
              &error);
    if (!error.isEmpty())
        return Status::failure(tr("writing to %1 failed: %2").arg(m_path, error));
    return Status::ok();
}

Status DraftStore::remove(qint64 stepId, const QString &formCode, qint64 workerId, Entry entry)
{
    if (!m_db.isOpen())
        return Status::failure(tr("the file %1 could not be opened").arg(m_path));
    QString error;
    m_db.exec(QStringLiteral("DELETE FROM journal WHERE server_key = ? AND session_id = ? AND "
                             "step_id = ? AND form_code = ? AND worker_id = ? AND is_save = ?"),
              {m_serverKey, m_sessionId, stepId, formCode, workerId, entry == Entry::Save ? 1 : 0},
              &error);
    if (!error.isEmpty())
        return Status::failure(tr("writing to %1 failed: %2").arg(m_path, error));
    return Status::ok();
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
    draft.sessionId = query.value(9).toString();
    return draft;
}

std::optional<Draft> DraftStore::find(qint64 stepId, const QString &formCode, qint64 workerId,
                                      Entry entry) const
{
    if (!m_db.isOpen())
        return std::nullopt;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT ") % Columns %
            QStringLiteral(" FROM journal WHERE server_key = ? AND session_id = ? AND "
                           "step_id = ? AND form_code = ? AND worker_id = ? AND is_save = ?"),
        {m_serverKey, m_sessionId, stepId, formCode, workerId, entry == Entry::Save ? 1 : 0});
    if (!query.next())
        return std::nullopt;
    return fromRow(query);
}

// The worker's entries of this session (`ours`) or of every other session, oldest first.
QList<Draft> DraftStore::entries(qint64 workerId, bool ours) const
{
    QList<Draft> drafts;
    if (!m_db.isOpen())
        return drafts;
    QSqlQuery query = m_db.exec(QStringLiteral("SELECT ") % Columns %
                                    QStringLiteral(" FROM journal WHERE server_key = ? ") %
                                    (ours ? QStringLiteral("AND session_id = ? ")
                                          : QStringLiteral("AND session_id <> ? ")) %
                                    QStringLiteral("AND worker_id = ? ORDER BY updated_at"),
                                {m_serverKey, m_sessionId, workerId});
    while (query.next())
        drafts << fromRow(query);
    return drafts;
}

QList<Draft> DraftStore::all(qint64 workerId) const
{
    return newestPerForm(entries(workerId, true));
}

QList<Draft> DraftStore::recoverable(qint64 workerId) const
{
    QList<Draft> drafts = entries(workerId, false);
    drafts.removeIf([this](const Draft &draft) { return isRunning(draft.sessionId); });
    return newestPerForm(drafts);
}

// A form may have both a save that has not reached the server and what was typed after it; what
// was typed holds every change since the form was loaded, so it is the one to offer.
QList<Draft> DraftStore::newestPerForm(const QList<Draft> &drafts)
{
    QList<Draft> result;
    for (const Draft &draft : drafts) {
        const auto same = std::find_if(result.begin(), result.end(), [&](const Draft &kept) {
            return kept.sessionId == draft.sessionId && kept.stepId == draft.stepId &&
                   kept.formCode == draft.formCode;
        });
        if (same == result.end())
            result << draft;
        else if (draft.saveToken.isEmpty())
            *same = draft;
    }
    return result;
}

Status DraftStore::forget(const Draft &recovered)
{
    QString error;
    m_db.exec(QStringLiteral("DELETE FROM journal WHERE server_key = ? AND session_id = ? AND "
                             "step_id = ? AND form_code = ? AND worker_id = ?"),
              {m_serverKey, recovered.sessionId, recovered.stepId, recovered.formCode,
               recovered.workerId},
              &error); // both the typed answers and any save of them
    if (!error.isEmpty())
        return Status::failure(error);
    if (!isRunning(recovered.sessionId) && QFileInfo::exists(lockPath(recovered.sessionId)) &&
        m_db.scalar(QStringLiteral("SELECT count(*) FROM journal WHERE session_id = ?"),
                    {recovered.sessionId})
                .toInt() == 0)
        QFile::remove(lockPath(recovered.sessionId)); // a crashed session's lock, now unused
    return Status::ok();
}

} // namespace casedesk
