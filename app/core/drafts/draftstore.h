#pragma once

#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <optional>

namespace casedesk {

// Answers typed but not yet on the server, for one form of one step.
struct Draft
{
    qint64 stepId = 0;
    QString formCode;
    qint64 workerId = 0;
    QString role;
    int baseRevision = -1; // the step's revision when the editor loaded it
    QHash<QString, QString> answers;
    QString saveToken; // set when the user pressed Save; empty while only typed
    QString title;     // "CS Placement Request – Ava Testchild", for the recovery list
    QDateTime updatedAt;
};

// A journal on this computer of every unsaved edit, so nothing typed is lost to a crash, a power
// cut or a dropped connection. One small SQLite file per user, apart from the case database;
// drafts are kept per server so two databases never mix.
class DraftStore
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DraftStore)

public:
    DraftStore(const QString &path, const QString &serverKey);

    Status open();
    Status put(const Draft &draft);
    void remove(qint64 stepId, const QString &formCode, qint64 workerId);
    std::optional<Draft> find(qint64 stepId, const QString &formCode, qint64 workerId) const;
    QList<Draft> all(qint64 workerId) const;

    // The journal file for this user: <AppDataLocation>/drafts.sqlite.
    static QString defaultPath();

private:
    Draft fromRow(const QSqlQuery &query) const;

    QString m_path;
    QString m_serverKey;
    Database m_db;
};

} // namespace casedesk
