#pragma once

#include "session/session.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

// Files for the durability tests: a seeded demo database and ways to damage it as a disk would.
namespace casedesk::durability {

inline QByteArray checksum(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// Writes a page's worth of garbage at page `page` (numbered from 1, as SQLite does).
inline bool damagePage(const QString &path, qint64 page, qint64 pageSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || file.size() < page * pageSize)
        return false;
    QByteArray garbage(pageSize, Qt::Uninitialized);
    QRandomGenerator random(20240611); // the same garbage every run
    for (char &byte : garbage)
        byte = char(random.bounded(256));
    return file.seek((page - 1) * pageSize) && file.write(garbage) == pageSize;
}

// A closed, seeded demo database at `path`, with its WAL folded into the file.
inline bool makeDemoDatabase(const QString &path, QSettings &settings, QString *error)
{
    Database db;
    const Status opened = SessionOpener::openLocal(db, path, settings);
    if (!opened) {
        *error = opened.message();
        return false;
    }
    db.close();
    if (QFile::exists(path + QStringLiteral("-wal"))) {
        *error = QStringLiteral("the WAL was not folded into %1 on closing").arg(path);
        return false;
    }
    return true;
}

} // namespace casedesk::durability
