#pragma once

#include "database.h"
#include "domain/status.h"

#include <QCoreApplication>
#include <QList>

namespace casedesk {

// Applies the numbered SQL files in :/migrations in order and records each in schema_version.
//   NNN_name.sql           runs on every backend
//   NNN_name.postgres.sql  runs on PostgreSQL only (after the common file of the same number)
//   NNN_name.sqlite.sql    runs on SQLite only
// Then the repeatable scripts (as Flyway's R__ files): SQL that is re-created whole on every
// upgrade, such as trigger functions, lives in one place and is edited there instead of being
// copied into a later migration to change one line:
//   R__name.sql, R__name.postgres.sql, R__name.sqlite.sql
// run in name order after the numbered migrations, each again whenever its text changed (its
// checksum is kept in schema_repeatable); so a repeatable script must be safe to run again
// (CREATE OR REPLACE).
class Migrator
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::Migrator)

public:
    explicit Migrator(Database &db, const QString &directory = QStringLiteral(":/migrations"));

    // The schema version this build of CaseDesk needs.
    int requiredVersion() const;
    // The version the database is at; 0 for an empty database.
    int currentVersion() const;

    // Brings the schema up to requiredVersion(), each migration in its own transaction. An SQLite
    // file already at a version N > 0 is first copied to copyBeforeUpgradePath(file, N); if the
    // copy cannot be made, nothing is migrated and the Status (NotAllowed) says why.
    Status upgrade();
    // For clients that must not change a shared schema: ok only when the versions match.
    Status checkCompatible() const;

    // "<file>.before-v<N>.bak": the copy of an SQLite file kept before upgrading it from version N.
    static QString copyBeforeUpgradePath(const QString &file, int version);
    // The newest such copy beside `file` that exists, or "" if there is none.
    static QString latestCopyBeforeUpgrade(const QString &file);

private:
    struct Migration
    {
        int version = 0;
        QString name;
        QStringList files;
    };
    QList<Migration> migrations() const;
    QList<Migration> repeatables() const;
    Status runScripts(const QStringList &paths, QByteArray *checksum = nullptr) const;
    Status applyRepeatables() const;
    Status copyBeforeUpgrade(int version) const;

    Database &m_db;
    QString m_directory;
};

} // namespace casedesk
