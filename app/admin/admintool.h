#pragma once

#include "domain/status.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QTextStream>

namespace casedesk {

// casedesk-admin COMMAND: see usage() and README.md (Deployment). Exit codes: ExitCode.
class AdminTool
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::AdminTool)

public:
    enum ExitCode
    {
        Ok = 0,
        Usage = 1,        // unknown command or option, missing argument
        NoConnection = 2, // the server could not be reached or did not accept the login
        Refused = 3,      // refused or rejected: invalid input, not allowed, rows rejected
        Failed = 4,       // the database failed while writing; nothing was changed
    };

    AdminTool();
    int run(const QStringList &arguments);

private:
    int usageError(const QString &message);
    int report(const Status &status, const QString &success);
    int connect();
    QString readSecret(const QString &prompt, bool fromStdin, bool confirm, bool *ok);
    QString option(const QString &name) const; // a command option's (first) value
    bool flag(const QString &name) const;      // the command option was given

    int upgrade();
    int check();
    int addTeam();
    int addWorker();
    int setPassword();
    int retireWorker();
    int changeRole(bool grant);
    int changeMember(bool add);
    int grantAccess();
    int revokeAccess();
    int viewers();
    int refreshBankHolidays();
    int importFile(const QString &command);

    QCommandLineParser m_parser;
    QString m_command;
    QStringList m_arguments; // positional arguments after the command
    QHash<QString, QStringList> m_commandOptions;
    Database m_db;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace casedesk
