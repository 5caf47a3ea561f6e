// casedesk_benchgen: fills a fresh database with a whole authority for the benchmarks.
//
//   casedesk_benchgen --backend postgres --database casedesk_bench --children 30000 --steps 2000000
//   casedesk_benchgen --backend sqlite --sqlite /tmp/bench.sqlite --children 3000 --steps 200000
//
// The database is dropped and made again (the SQLite file removed) first.

#include "authoritygenerator.h"
#include "benchconnection.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace casedesk;
using namespace casedesk::bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fills a fresh CaseDesk database with a generated authority."));
    parser.addHelpOption();
    addConnectionOptions(parser);
    const AuthorityScale defaults;
    const auto number = [&parser](const QString &name, const QString &help, qint64 value) {
        parser.addOption({name, help, QStringLiteral("n"), QString::number(value)});
    };
    number(QStringLiteral("children"),
           QStringLiteral("Children (each with a mother, every other one a father)."),
           defaults.children);
    number(QStringLiteral("steps"), QStringLiteral("Worksteps in all."), defaults.steps);
    number(QStringLiteral("teams"), QStringLiteral("Casework teams."), defaults.teams);
    number(QStringLiteral("answers"), QStringLiteral("Answers per started or finished step."),
           defaults.answersPerStep);
    number(QStringLiteral("inbox"),
           QStringLiteral("Incoming steps in each virtual worker's inbox."), defaults.inboxLoad);
    parser.process(app);

    AuthorityScale scale;
    scale.children = parser.value(QStringLiteral("children")).toInt();
    scale.steps = parser.value(QStringLiteral("steps")).toLongLong();
    scale.teams = parser.value(QStringLiteral("teams")).toInt();
    scale.answersPerStep = parser.value(QStringLiteral("answers")).toInt();
    scale.inboxLoad = parser.value(QStringLiteral("inbox")).toInt();
    QTextStream out(stdout);
    if (scale.children < 1000 || scale.teams < 1 || scale.steps < 1) {
        out << "casedesk_benchgen: --children must be at least 1000, --teams and --steps at least "
               "1\n";
        return 1;
    }

    // Generating is bulk work, as casedesk-admin's is: no interactive statement limits.
    ConnectionSettings settings = connectionFrom(parser);
    settings.statementTimeoutSeconds = 0;
    settings.requestDeadlineSeconds = 0;
    QElapsedTimer timer;
    timer.start();
    out << "Generating an authority on " << backendName(settings) << ": " << scale.children
        << " children, " << scale.steps << " steps\n";
    out.flush();
    Status status = recreate(settings);
    Database db;
    if (status)
        status = db.open(settings);
    AuthorityGenerator generator(db, DefinitionRegistry::shared(), scale, out);
    if (status)
        status = generator.prepareSchema();
    if (status)
        status = generator.generate();
    if (!status) {
        out << "casedesk_benchgen: " << status.message() << "\n";
        return 2;
    }
    out << "Generated in " << QString::number(double(timer.elapsed()) / 1000.0, 'f', 1)
        << " s. Rows:\n";
    for (const auto &[table, rows] : generator.tableSizes())
        out << "  " << table.leftJustified(24) << rows << "\n";
    return 0;
}
