#include "admintool.h"

#include "calendar/bankholidayfeed.h"
#include "calendar/bankholidaystore.h"
#include "definitions/definitionregistry.h"
#include "security/accounts.h"
#include "security/identifiers.h"
#include "security/importer.h"
#include "security/recordaccess.h"
#include "security/rulesync.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace casedesk {

namespace {

struct OptionSpec
{
    const char *name;
    const char *valueName; // nullptr: a flag
    bool required;
    const char *description;
};

struct CommandSpec
{
    const char *name;
    const char *arguments; // positional arguments, for the usage line
    const char *summary;
    QList<OptionSpec> options;
};

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> all{
        {"upgrade",
         "",
         "Create or upgrade the schema, sync the definitions' rules into the rule tables and "
         "(re)apply privileges and audit triggers.",
         {}},
        {"check",
         "",
         "Check the server's set-up: that pgaudit records every read of a child's record (the "
         "read audit trail). Exit status 3 when something is missing.",
         {}},
        {"add-team",
         "",
         "Add a team.",
         {{"name", "name", true, "The team's name."},
          {"service", "service", false, "The service it belongs to."}}},
        {"add-worker",
         "",
         "Add a worker: their login role, workers row, roles and group role memberships.",
         {{"username", "login", true, "Their PostgreSQL login (lower case: sam.jones)."},
          {"name", "name", true, "Their name as colleagues see it."},
          {"team", "team", false, "Their team (add it first with add-team)."},
          {"role", "role", true,
           "A CaseDesk role code (social_worker, ps_manager, panel, ...); "
           "repeat for several."},
          {"job-title", "title", false, "Their job title."},
          {"manager", "login", false, "Their manager's login."},
          {"password-stdin", nullptr, false,
           "Read their initial password from the first line of standard input."}}},
        {"set-password",
         "",
         "Set a worker's password (made into a SCRAM verifier here).",
         {{"username", "login", true, "The worker's login."},
          {"password-stdin", nullptr, false,
           "Read the password from standard input instead of asking."}}},
        {"retire-worker",
         "",
         "Retire a worker: their login stops, their history stays.",
         {{"username", "login", true, "The worker's login."}}},
        {"grant-role",
         "",
         "Give a worker a CaseDesk role.",
         {{"username", "login", true, "The worker's login."},
          {"role", "role", true, "The role code."}}},
        {"revoke-role",
         "",
         "Take a CaseDesk role from a worker.",
         {{"username", "login", true, "The worker's login."},
          {"role", "role", true, "The role code."}}},
        {"add-member",
         "",
         "Make a worker a member of a virtual worker.",
         {{"username", "login", true, "The worker's login."},
          {"virtual-worker", "code", true, "Its code (cs-cwd-panel) or name."}}},
        {"remove-member",
         "",
         "Remove a worker from a virtual worker.",
         {{"username", "login", true, "The worker's login."},
          {"virtual-worker", "code", true, "Its code (cs-cwd-panel) or name."}}},
        {"grant-access",
         "",
         "Let a worker open a restricted person's record.",
         {{"person", "ref", true, "The person's reference (person_ref)."},
          {"username", "login", true, "The worker's login."},
          {"reason", "text", true, "Why they need it (kept with the grant)."}}},
        {"revoke-access",
         "",
         "Withdraw a worker's explicit access to a restricted record.",
         {{"person", "ref", true, "The person's reference (person_ref)."},
          {"username", "login", true, "The worker's login."}}},
        {"viewers",
         "",
         "List who has opened a person's record.",
         {{"person", "ref", true, "The person's reference (person_ref)."}}},
        {"refresh-bank-holidays",
         "",
         "Fetch the bank holidays GOV.UK publishes (HTTPS, certificates checked, the proxy from "
         "https_proxy) and store them for every client; unchanged since the last refresh, only "
         "the time it was checked is stored.",
         {{"url", "url", false, "The feed (default https://www.gov.uk/bank-holidays.json)."},
          {"division", "division", false, "The division (default england-and-wales)."},
          {"ca-file", "file", false,
           "PEM certificate authorities to trust besides the system's (a proxy's)."},
          {"timeout", "seconds", false, "Give up after this long (default 30)."}}},
        {"import-children",
         "FILE.csv",
         "Import children from a CSV file.",
         {{"skip-rejected", nullptr, false, "Import the rows that pass; report the others."},
          {"dry-run", nullptr, false, "Only check the file."}}},
        {"import-relationships",
         "FILE.csv",
         "Import relationships (and the related people) from a CSV file.",
         {{"skip-rejected", nullptr, false, "Import the rows that pass; report the others."},
          {"dry-run", nullptr, false, "Only check the file."}}},
        {"import-direct-payments",
         "FILE.csv",
         "Import existing Direct Payments from a CSV file.",
         {{"skip-rejected", nullptr, false, "Import the rows that pass; report the others."},
          {"dry-run", nullptr, false, "Only check the file."}}},
    };
    return all;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : commands()) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

QString env(const char *name, const QString &fallback = QString())
{
    const QString value = qEnvironmentVariable(name);
    return value.isEmpty() ? fallback : value;
}

} // namespace

AdminTool::AdminTool() : m_out(stdout), m_err(stderr) {}

int AdminTool::usageError(const QString &message)
{
    m_err << "casedesk-admin: " << message << Qt::endl
          << tr("Try casedesk-admin --help.") << Qt::endl;
    return Usage;
}

int AdminTool::report(const Status &status, const QString &success)
{
    if (status.isOk()) {
        if (!success.isEmpty())
            m_out << success << Qt::endl;
        return Ok;
    }
    m_err << "casedesk-admin: " << status.message() << Qt::endl;
    switch (status.code()) {
    case Status::Code::Invalid:
    case Status::Code::NotAllowed:
    case Status::Code::NotFound:
    case Status::Code::Conflict:
        return Refused;
    case Status::Code::WrongPassword:
    case Status::Code::ServerUnreachable:
    case Status::Code::ServerNotVerified:
        return NoConnection;
    default:
        return Failed;
    }
}

QString AdminTool::readSecret(const QString &prompt, bool fromStdin, bool confirm, bool *ok)
{
    *ok = false;
    if (fromStdin) {
        QTextStream in(stdin);
        QString line = in.readLine();
        *ok = !line.isNull();
        return line;
    }
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return QString();
    auto ask = [tty](const QString &question, bool *read) {
        std::fputs(question.toLocal8Bit().constData(), tty);
        std::fflush(tty);
        termios saved{};
        const bool terminal = tcgetattr(fileno(tty), &saved) == 0;
        if (terminal) {
            termios silent = saved;
            silent.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(fileno(tty), TCSAFLUSH, &silent);
        }
        char buffer[1024];
        *read = std::fgets(buffer, sizeof buffer, tty) != nullptr;
        if (terminal)
            tcsetattr(fileno(tty), TCSAFLUSH, &saved);
        std::fputs("\n", tty);
        QString answer = *read ? QString::fromLocal8Bit(buffer) : QString();
        while (answer.endsWith(QLatin1Char('\n')) || answer.endsWith(QLatin1Char('\r')))
            answer.chop(1);
        return answer;
    };
    bool read = false;
    const QString first = ask(prompt, &read);
    if (read && confirm) {
        const QString again = ask(tr("Enter it again: "), &read);
        if (read && again != first) {
            std::fclose(tty);
            m_err << "casedesk-admin: " << tr("The passwords do not match.") << Qt::endl;
            return QString();
        }
    }
    std::fclose(tty);
    *ok = read;
    return first;
}

int AdminTool::connect()
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host = m_parser.value(QStringLiteral("host"));
    settings.databaseName = m_parser.value(QStringLiteral("dbname"));
    settings.userName = m_parser.value(QStringLiteral("username"));
    settings.sslMode = m_parser.value(QStringLiteral("sslmode"));
    // Migrations and imports of a whole authority may rightly take minutes.
    settings.statementTimeoutSeconds = 0;
    settings.requestDeadlineSeconds = 0;
    bool portOk = false;
    settings.port = m_parser.value(QStringLiteral("port")).toInt(&portOk);
    if (!portOk || settings.port <= 0 || settings.port > 65535)
        return usageError(tr("--port must be a port number."));
    QString password = qEnvironmentVariable("PGPASSWORD");
    Status opened = m_db.open(settings, password);
    if (!opened && opened.code() == Status::Code::WrongPassword && password.isEmpty() &&
        !m_parser.isSet(QStringLiteral("no-password"))) {
        bool ok = false;
        password =
            readSecret(tr("Password for user %1: ").arg(settings.userName), false, false, &ok);
        if (ok)
            opened = m_db.open(settings, password);
    }
    if (!opened) {
        m_err << "casedesk-admin: " << opened.message() << Qt::endl;
        return NoConnection;
    }
    return Ok;
}

int AdminTool::run(const QStringList &arguments)
{
    m_parser.setApplicationDescription(
        tr("Administers a shared CaseDesk PostgreSQL database. Connection options (as psql's) go "
           "before the command; the command's own options after it."));
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    m_parser.addOptions({
        {{QStringLiteral("h"), QStringLiteral("host")},
         tr("Database server host or socket directory (default: $PGHOST, else the local socket)."),
         tr("host"),
         env("PGHOST")},
        {{QStringLiteral("p"), QStringLiteral("port")},
         tr("Database server port (default: $PGPORT, else 5432)."),
         tr("port"),
         env("PGPORT", QStringLiteral("5432"))},
        {{QStringLiteral("d"), QStringLiteral("dbname")},
         tr("Database name (default: $PGDATABASE, else casedesk)."),
         tr("name"),
         env("PGDATABASE", QStringLiteral("casedesk"))},
        {{QStringLiteral("U"), QStringLiteral("username")},
         tr("Database user to connect as: the database owner (default: $PGUSER, else your "
            "login name)."),
         tr("user"),
         env("PGUSER", env("USER"))},
        {{QStringLiteral("w"), QStringLiteral("no-password")},
         tr("Never prompt for a password (use $PGPASSWORD or ~/.pgpass).")},
        {QStringLiteral("sslmode"),
         tr("disable, allow, prefer, require, verify-ca or verify-full (default: $PGSSLMODE, "
            "else prefer)."),
         tr("mode"), env("PGSSLMODE", QStringLiteral("prefer"))},
        {{QStringLiteral("?"), QStringLiteral("help")}, tr("Show this help.")},
        {{QStringLiteral("V"), QStringLiteral("version")}, tr("Show the version.")},
    });
    m_parser.addPositionalArgument(QStringLiteral("command"), tr("What to do; see below."),
                                   tr("COMMAND [options]"));
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("version"))) {
        m_out << "casedesk-admin " << QCoreApplication::applicationVersion() << Qt::endl;
        return Ok;
    }
    const QStringList positional = m_parser.positionalArguments();
    if (m_parser.isSet(QStringLiteral("help")) || positional.isEmpty()) {
        QString help = m_parser.helpText();
        help += tr("\nCommands:\n");
        for (const CommandSpec &spec : commands())
            help +=
                QStringLiteral("  %1 %2\n      %3\n")
                    .arg(QLatin1String(spec.name), QLatin1String(spec.arguments), tr(spec.summary));
        help += tr("\n'casedesk-admin COMMAND --help' lists a command's options.\n"
                   "Exit status: 0 done, 1 usage error, 2 no connection, 3 refused, rows "
                   "rejected or the check found something missing, 4 the database failed "
                   "(nothing was changed).\n");
        (positional.isEmpty() && !m_parser.isSet(QStringLiteral("help")) ? m_err : m_out) << help;
        return positional.isEmpty() && !m_parser.isSet(QStringLiteral("help")) ? Usage : Ok;
    }

    m_command = positional.first();
    const CommandSpec *spec = findCommand(m_command);
    if (!spec)
        return usageError(tr("Unknown command \"%1\".").arg(m_command));

    // The command's own options.
    QCommandLineParser commandParser;
    commandParser.setApplicationDescription(tr(spec->summary));
    for (const OptionSpec &option : spec->options) {
        if (option.valueName)
            commandParser.addOption({QLatin1String(option.name), tr(option.description),
                                     QLatin1String(option.valueName)});
        else
            commandParser.addOption({QLatin1String(option.name), tr(option.description)});
    }
    commandParser.addOption({{QStringLiteral("?"), QStringLiteral("help")}, tr("Show this help.")});
    if (*spec->arguments)
        commandParser.addPositionalArgument(QLatin1String(spec->arguments), tr("The file."));
    if (!commandParser.parse(QStringList{QStringLiteral("casedesk-admin ") + m_command} +
                             positional.mid(1))) {
        QString message = commandParser.errorText();
        for (const char *connection : {"host", "port", "dbname", "no-password", "sslmode"}) {
            if (message.contains(QLatin1String(connection)))
                message += tr(" (connection options go before the command)");
        }
        return usageError(tr("%1: %2").arg(m_command, message));
    }
    if (commandParser.isSet(QStringLiteral("help"))) {
        QString help = commandParser.helpText();
        help.replace(0, help.indexOf(QLatin1Char('\n')),
                     QStringLiteral("Usage: casedesk-admin [connection options] %1 [options] %2")
                         .arg(m_command, QLatin1String(spec->arguments)));
        m_out << help;
        return Ok;
    }
    for (const OptionSpec &option : spec->options) {
        if (option.required && !commandParser.isSet(QLatin1String(option.name)))
            return usageError(tr("%1 needs --%2.").arg(m_command, QLatin1String(option.name)));
    }
    const int wantedArguments = *spec->arguments ? 1 : 0;
    m_arguments = commandParser.positionalArguments();
    if (m_arguments.size() != wantedArguments)
        return usageError(
            wantedArguments ? tr("%1 needs one %2.").arg(m_command, QLatin1String(spec->arguments))
                            : tr("%1 takes no arguments (\"%2\").")
                                  .arg(m_command, m_arguments.join(QLatin1Char(' '))));
    // Options are looked up by name from here on; keep the parsed command options.
    m_commandOptions.clear();
    for (const OptionSpec &option : spec->options) {
        const QString name = QLatin1String(option.name);
        if (commandParser.isSet(name))
            m_commandOptions.insert(name, option.valueName ? commandParser.values(name)
                                                           : QStringList{QString()});
    }

    // The accounts and rules come from the definitions: with them broken, every command would
    // act on an empty registry.
    if (const QStringList problems = DefinitionRegistry::sharedProblems(); !problems.isEmpty()) {
        m_err << "casedesk-admin: "
              << tr("the form definitions in %1 are broken:")
                     .arg(QDir::toNativeSeparators(DefinitionRegistry::defaultDirectory()))
              << Qt::endl
              << problems.join(QLatin1Char('\n')) << Qt::endl;
        return Failed;
    }
    if (const int connected = connect(); connected != Ok)
        return connected;
    if (m_command == QLatin1String("upgrade"))
        return upgrade();
    if (m_command == QLatin1String("check"))
        return check();
    if (m_command == QLatin1String("add-team"))
        return addTeam();
    if (m_command == QLatin1String("add-worker"))
        return addWorker();
    if (m_command == QLatin1String("set-password"))
        return setPassword();
    if (m_command == QLatin1String("retire-worker"))
        return retireWorker();
    if (m_command == QLatin1String("grant-role"))
        return changeRole(true);
    if (m_command == QLatin1String("revoke-role"))
        return changeRole(false);
    if (m_command == QLatin1String("add-member"))
        return changeMember(true);
    if (m_command == QLatin1String("remove-member"))
        return changeMember(false);
    if (m_command == QLatin1String("grant-access"))
        return grantAccess();
    if (m_command == QLatin1String("revoke-access"))
        return revokeAccess();
    if (m_command == QLatin1String("viewers"))
        return viewers();
    if (m_command == QLatin1String("refresh-bank-holidays"))
        return refreshBankHolidays();
    return importFile(m_command);
}

QString AdminTool::option(const QString &name) const
{
    return m_commandOptions.value(name).value(0);
}

bool AdminTool::flag(const QString &name) const
{
    return m_commandOptions.contains(name);
}

int AdminTool::upgrade()
{
    QStringList lines;
    const Status status = RuleSync(m_db, DefinitionRegistry::shared()).upgrade(&lines);
    for (const QString &line : lines)
        (line.startsWith(tr("Warning: ")) ? m_err : m_out) << line << Qt::endl;
    return report(status, tr("The database is ready."));
}

int AdminTool::check()
{
    Status status;
    const QStringList problems =
        RuleSync(m_db, DefinitionRegistry::shared()).readAuditProblems(&status);
    if (!status)
        return report(status, QString());
    for (const QString &problem : problems)
        m_err << tr("Warning: %1").arg(problem) << Qt::endl;
    if (!problems.isEmpty())
        return Refused;
    m_out << tr("Read audit trail: pgaudit records every read of a child's record.") << Qt::endl;
    return Ok;
}

int AdminTool::addTeam()
{
    return report(Accounts(m_db, DefinitionRegistry::shared())
                      .addTeam(option(QStringLiteral("name")), option(QStringLiteral("service"))),
                  tr("Team %1 added.").arg(option(QStringLiteral("name"))));
}

int AdminTool::addWorker()
{
    NewWorker worker;
    worker.username = option(QStringLiteral("username"));
    worker.displayName = option(QStringLiteral("name"));
    worker.teamName = option(QStringLiteral("team"));
    worker.roles = m_commandOptions.value(QStringLiteral("role"));
    worker.jobTitle = option(QStringLiteral("job-title"));
    worker.managerUsername = option(QStringLiteral("manager"));
    QString why;
    if (!security::isValidUsername(worker.username, &why))
        return report(Status::failure(why, Status::Code::Invalid), QString());
    QString password;
    if (flag(QStringLiteral("password-stdin"))) {
        bool ok = false;
        password = readSecret(QString(), true, false, &ok);
        if (!ok || password.isEmpty())
            return report(
                Status::failure(tr("No password on standard input."), Status::Code::Invalid),
                QString());
    }
    Accounts accounts(m_db, DefinitionRegistry::shared());
    const int result = report(
        accounts.addWorker(worker, password),
        tr("Worker %1 (%2) added with the role(s) %3%4.")
            .arg(worker.username, worker.displayName, worker.roles.join(QStringLiteral(", ")),
                 password.isEmpty() ? tr("; no password was set") : QString()));
    if (!accounts.serverLogWarning().isEmpty())
        m_err << accounts.serverLogWarning() << Qt::endl;
    return result;
}

int AdminTool::setPassword()
{
    const bool fromStdin = flag(QStringLiteral("password-stdin"));
    bool ok = false;
    const QString password = readSecret(
        tr("New password for %1: ").arg(option(QStringLiteral("username"))), fromStdin, true, &ok);
    if (!ok || password.isEmpty())
        return report(Status::failure(fromStdin ? tr("No password on standard input.")
                                                : tr("No password was given (is there a "
                                                     "terminal? use --password-stdin)."),
                                      Status::Code::Invalid),
                      QString());
    Accounts accounts(m_db, DefinitionRegistry::shared());
    const int result = report(accounts.setPassword(option(QStringLiteral("username")), password),
                              tr("Password set for %1.").arg(option(QStringLiteral("username"))));
    if (!accounts.serverLogWarning().isEmpty())
        m_err << accounts.serverLogWarning() << Qt::endl;
    return result;
}

int AdminTool::retireWorker()
{
    QString note;
    const int result = report(Accounts(m_db, DefinitionRegistry::shared())
                                  .retireWorker(option(QStringLiteral("username")), &note),
                              tr("%1 has been retired; their login is disabled.")
                                  .arg(option(QStringLiteral("username"))));
    if (result == Ok && !note.isEmpty())
        m_out << note << Qt::endl;
    return result;
}

int AdminTool::changeRole(bool grant)
{
    Accounts accounts(m_db, DefinitionRegistry::shared());
    const QString username = option(QStringLiteral("username"));
    const QString role = option(QStringLiteral("role"));
    return grant ? report(accounts.grantRole(username, role),
                          tr("%1 now holds the role %2.").arg(username, role))
                 : report(accounts.revokeRole(username, role),
                          tr("%1 no longer holds the role %2.").arg(username, role));
}

int AdminTool::changeMember(bool add)
{
    Accounts accounts(m_db, DefinitionRegistry::shared());
    const QString username = option(QStringLiteral("username"));
    const QString vw = option(QStringLiteral("virtual-worker"));
    return add ? report(accounts.addMember(username, vw),
                        tr("%1 is now a member of %2.").arg(username, vw))
               : report(accounts.removeMember(username, vw),
                        tr("%1 is no longer a member of %2.").arg(username, vw));
}

int AdminTool::grantAccess()
{
    return report(Accounts(m_db, DefinitionRegistry::shared())
                      .grantAccess(option(QStringLiteral("person")),
                                   option(QStringLiteral("username")),
                                   option(QStringLiteral("reason"))),
                  tr("%1 may now open the record of %2.")
                      .arg(option(QStringLiteral("username")), option(QStringLiteral("person"))));
}

int AdminTool::revokeAccess()
{
    return report(
        Accounts(m_db, DefinitionRegistry::shared())
            .revokeAccess(option(QStringLiteral("person")), option(QStringLiteral("username"))),
        tr("%1's explicit access to %2 was withdrawn.")
            .arg(option(QStringLiteral("username")), option(QStringLiteral("person"))));
}

int AdminTool::viewers()
{
    const qint64 person = m_db.scalar(QStringLiteral("SELECT id FROM people WHERE person_ref = ?"),
                                      {option(QStringLiteral("person"))})
                              .toLongLong();
    if (!person)
        return report(
            Status::failure(tr("There is no person %1.").arg(option(QStringLiteral("person"))),
                            Status::Code::NotFound),
            QString());
    Status status;
    const QList<RecordView> views = RecordAccess(m_db).viewers(person, &status);
    if (!status)
        return report(status, QString());
    for (const RecordView &view : views)
        m_out << view.viewedAt.toUTC().toString(Qt::ISODate) << '\t' << view.username << '\t'
              << view.workerName << '\t' << view.actingRole << Qt::endl;
    return report(status, tr("%n opening(s) of the record of %1.", nullptr, int(views.size()))
                              .arg(option(QStringLiteral("person"))));
}

int AdminTool::refreshBankHolidays()
{
    BankHolidayFetch::Options options;
    BankHolidayStore store(m_db);
    options.etag = store.read().etag;
    if (const QString url = option(QStringLiteral("url")); !url.isEmpty())
        options.url = QUrl(url);
    if (const QString division = option(QStringLiteral("division")); !division.isEmpty())
        options.division = division;
    if (const QString seconds = option(QStringLiteral("timeout")); !seconds.isEmpty()) {
        bool ok = false;
        const double value = seconds.toDouble(&ok);
        if (!ok || value <= 0)
            return usageError(tr("--timeout takes a number of seconds (\"%1\").").arg(seconds));
        options.timeoutMs = int(value * 1000);
    }
    if (const QString caFile = option(QStringLiteral("ca-file")); !caFile.isEmpty()) {
        options.extraAuthorities = QSslCertificate::fromPath(caFile);
        if (options.extraAuthorities.isEmpty())
            return usageError(tr("%1 holds no PEM certificate.").arg(caFile));
    }
    if (options.url.scheme() != QLatin1String("https"))
        return usageError(
            tr("The feed is fetched over HTTPS only (%1).").arg(options.url.toString()));

    // A command-line tool: the fetch runs in the application's one event loop, which the job's
    // end stops.
    int exitCode = Failed;
    BankHolidayFetch fetch(options);
    QObject::connect(&fetch, &BankHolidayFetch::finished, &fetch,
                     [&](const BankHolidayFetch::Result &result) {
                         const QDateTime now = QDateTime::currentDateTimeUtc();
                         switch (result.outcome) {
                         case BankHolidayFetch::Result::Outcome::Fetched:
                             exitCode = report(store.replace(result.published, now),
                                               tr("Stored %n bank holiday(s) for %1 to %2 from %3.",
                                                  nullptr, int(result.published.holidays.size()))
                                                   .arg(result.published.firstYear)
                                                   .arg(result.published.lastYear)
                                                   .arg(options.url.toString()));
                             break;
                         case BankHolidayFetch::Result::Outcome::NotModified:
                             exitCode = report(store.markUnchanged(now),
                                               tr("The bank holidays are unchanged since the last "
                                                  "refresh (ETag %1).")
                                                   .arg(options.etag));
                             break;
                         case BankHolidayFetch::Result::Outcome::Failed:
                             exitCode = report(Status::failure(result.error), QString());
                             exitCode = Failed;
                             break;
                         }
                         QCoreApplication::exit(exitCode);
                     });
    fetch.start();
    QCoreApplication::exec();
    return exitCode;
}

int AdminTool::importFile(const QString &command)
{
    const Importer::Mode mode = flag(QStringLiteral("dry-run")) ? Importer::Mode::DryRun
                                : flag(QStringLiteral("skip-rejected"))
                                    ? Importer::Mode::SkipRejected
                                    : Importer::Mode::AllOrNothing;
    if (flag(QStringLiteral("dry-run")) && flag(QStringLiteral("skip-rejected")))
        return usageError(tr("Use --dry-run or --skip-rejected, not both."));
    Importer importer(m_db);
    ImportReport result;
    const QString path = m_arguments.first();
    const Status status = command == QLatin1String("import-children")
                              ? importer.importChildren(path, mode, &result)
                          : command == QLatin1String("import-relationships")
                              ? importer.importRelationships(path, mode, &result)
                              : importer.importDirectPayments(path, mode, &result);
    if (status.code() == Status::Code::Invalid && result.rows == 0 && result.rejected.isEmpty())
        return report(status, QString()); // malformed: nothing to report row by row
    for (const QString &line : result.lines())
        (line.contains(QLatin1String(" rejected: ")) ? m_err : m_out) << line << Qt::endl;
    if (!status)
        return report(status, QString());
    if (mode == Importer::Mode::DryRun)
        m_out << tr("Dry run: the file was only checked.") << Qt::endl;
    return result.rejected.isEmpty() ? Ok : Refused;
}

} // namespace casedesk
