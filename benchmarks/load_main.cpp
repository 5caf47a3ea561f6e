// casedesk_load: N simulated workers, each signed in as their own login through the real core
// classes (no widgets), with live updates on, against a database casedesk_benchgen filled
// (tools/load.sh runs it; docs/benchmarks.md has the figures). Each worker reads the sections
// of its workview its notifications name (LiveRefresh) and the whole of it at the periodic poll,
// opens records and steps, saves about every 30 s and finishes a visit now and then. An extra
// stream of changes to the workers' trays ("changes elsewhere") measures the live delay.
//
//   casedesk_load --workers 50 --duration 180 --stream 10
//
// Prints a Markdown report: each interaction's count, rate and p50/p95/p99, errors (each one
// named), notifications, automatic refreshes against the changes that concerned a worker, the
// live delay (commit to the affected worker's refresh landed), and whether every save is in
// the database exactly once. Exits 1 when there were errors or a save is missing or doubled.

#include "benchconnection.h"
#include "definitions/definitionregistry.h"
#include "loadstats.h"
#include "loadworker.h"
#include "storage/database.h"
#include "storage/databasethread.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>
#include <QUuid>
#include <memory>
#include <vector>

using namespace casedesk;
using namespace casedesk::bench;

namespace {

void processEventsFor(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

// Changes to the simulated workers' trays made elsewhere (a step of theirs saved on), at a
// steady rate, on the database owner's connections; each commit is stamped for the delay.
class ChangeStream : public QObject
{
public:
    ChangeStream(const ConnectionSettings &owner, double perSecond,
                 const std::vector<SimulatedWorker *> &targets, LoadStats &stats)
        : m_targets(targets), m_stats(stats)
    {
        for (int i = 0; i < 4; ++i)
            m_threads.push_back(std::make_unique<DatabaseThread>(owner, QString()));
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(perSecond > 0 ? int(1000.0 / perSecond) : 0);
        connect(&m_timer, &QTimer::timeout, this, &ChangeStream::change);
        if (perSecond > 0)
            m_timer.start();
    }
    void stop() { m_timer.stop(); }
    int made() const { return m_made; }

private:
    void change()
    {
        SimulatedWorker *target =
            m_targets.at(QRandomGenerator::global()->bounded(int(m_targets.size())));
        if (!target->isSignedIn() || target->startedSteps().isEmpty())
            return;
        const qint64 step = target->startedSteps().at(
            QRandomGenerator::global()->bounded(int(target->startedSteps().size())));
        LoadStats *stats = &m_stats;
        DatabaseThread &thread = *m_threads.at(size_t(++m_made) % m_threads.size());
        thread
            .run([step, stats](Database &db) {
                // What a save elsewhere does to the step (its revision), which the worker's tray
                // shows; the server's trigger tells the worker.
                QSqlQuery bump = db.exec(
                    QStringLiteral("UPDATE worksteps SET revision = revision + 1 WHERE id = ?"),
                    {step});
                return std::pair<bool, qint64>(bump.numRowsAffected() == 1, stats->now());
            })
            .then(this, [this, target](const std::pair<bool, qint64> &done) {
                if (!done.first) {
                    m_stats.error(QStringLiteral("stream"), QStringLiteral("no step changed"));
                    return;
                }
                target->changeCommitted(done.second);
            });
    }

    std::vector<SimulatedWorker *> m_targets;
    LoadStats &m_stats;
    std::vector<std::unique_ptr<DatabaseThread>> m_threads;
    QTimer m_timer;
    int m_made = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Simulated workers with live updates on, against a generated authority."));
    parser.addHelpOption();
    addConnectionOptions(parser);
    const auto option = [&parser](const QString &name, const QString &help, const QString &value) {
        parser.addOption({name, help, QStringLiteral("n"), value});
    };
    option(QStringLiteral("workers"), QStringLiteral("Simulated Social Workers."),
           QStringLiteral("50"));
    option(QStringLiteral("duration"), QStringLiteral("Seconds of load after the last sign-in."),
           QStringLiteral("120"));
    option(QStringLiteral("stream"),
           QStringLiteral("Changes a second to the workers' trays made elsewhere."),
           QStringLiteral("0"));
    option(QStringLiteral("stream-to"),
           QStringLiteral("Only the first n workers' trays get the stream (0: all)."),
           QStringLiteral("0"));
    option(QStringLiteral("poll"), QStringLiteral("Seconds between reading a whole workview."),
           QStringLiteral("5"));
    option(QStringLiteral("save"), QStringLiteral("Seconds between a worker's saves (mean)."),
           QStringLiteral("30"));
    option(QStringLiteral("finish"),
           QStringLiteral("Seconds between a worker's finished visits (mean)."),
           QStringLiteral("300"));
    option(QStringLiteral("ramp"), QStringLiteral("Milliseconds between two sign-ins."),
           QStringLiteral("50"));
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const ConnectionSettings owner = connectionFrom(parser);
    if (!isPostgres(owner)) {
        err << "casedesk_load: PostgreSQL only (workers' own logins, live updates)\n";
        return 2;
    }
    const int workerCount = qMax(1, parser.value(QStringLiteral("workers")).toInt());
    const int duration = qMax(1, parser.value(QStringLiteral("duration")).toInt());
    const double stream = parser.value(QStringLiteral("stream")).toDouble();
    LoadPlan plan;
    plan.pollMs = qMax(1, parser.value(QStringLiteral("poll")).toInt()) * 1000;
    plan.saveMs = qMax(1, parser.value(QStringLiteral("save")).toInt()) * 1000;
    plan.finishMs = qMax(1, parser.value(QStringLiteral("finish")).toInt()) * 1000;
    plan.runTag = QStringLiteral("load-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    DefinitionRegistry::shared(); // loaded once, before any thread reads it

    Database admin;
    if (Status opened = admin.open(owner); !opened) {
        err << "casedesk_load: " << opened.message() << "\n";
        return 2;
    }
    QStringList usernames;
    QSqlQuery names = admin.exec(QStringLiteral("SELECT username FROM workers WHERE username "
                                                "LIKE 'bench.sw.%' ORDER BY username LIMIT ?"),
                                 {workerCount});
    while (names.next())
        usernames << names.value(0).toString();
    if (usernames.size() < workerCount) {
        err << "casedesk_load: the generated authority has " << usernames.size()
            << " Social Workers; run casedesk_benchgen with more teams\n";
        return 2;
    }

    LoadStats stats;
    std::vector<std::unique_ptr<SimulatedWorker>> workers;
    std::vector<SimulatedWorker *> targets;
    for (const QString &username : usernames) {
        workers.push_back(std::make_unique<SimulatedWorker>(asLogin(owner, username), plan, stats));
        targets.push_back(workers.back().get());
    }
    const int streamTo = parser.value(QStringLiteral("stream-to")).toInt();
    if (streamTo > 0 && streamTo < int(targets.size()))
        targets.resize(size_t(streamTo));

    err << "Signing in " << workerCount << " workers...\n";
    err.flush();
    const int ramp = qMax(0, parser.value(QStringLiteral("ramp")).toInt());
    int signedIn = 0;
    for (auto &worker : workers) {
        QObject::connect(worker.get(), &SimulatedWorker::signedIn, &app,
                         [&signedIn] { ++signedIn; });
        worker->signIn();
        processEventsFor(ramp);
    }
    QElapsedTimer waiting;
    waiting.start();
    while (signedIn < workerCount && waiting.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    err << signedIn << " signed in; " << duration << " s of load, " << stream
        << " changes a second elsewhere...\n";
    err.flush();

    const qint64 began = stats.now();
    ChangeStream changes(owner, stream, targets, stats);
    processEventsFor(duration * 1000);
    changes.stop();
    const double seconds = double(stats.now() - began) / 1000.0;
    // No new work; what was asked ends (a saturated server's queues drain) and is counted.
    for (auto &worker : workers)
        worker->stop();
    const auto unanswered = [&workers] {
        int waiting = 0;
        for (auto &worker : workers)
            waiting += worker->inFlight();
        return waiting;
    };
    QElapsedTimer draining;
    draining.start();
    while (unanswered() > 0 && draining.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    for (int i = unanswered(); i > 0; --i)
        stats.error(QStringLiteral("end of run"),
                    QStringLiteral("a request unanswered two minutes after the run"));

    QStringList tokens;
    for (auto &worker : workers)
        tokens << worker->savedTokens();
    const qint64 applied =
        admin
            .scalar(QStringLiteral("SELECT count(*) FROM applied_saves WHERE token LIKE ?"),
                    {QString(plan.runTag + QStringLiteral("-%"))})
            .toLongLong();
    qint64 found = 0;
    for (auto &worker : workers) {
        for (const QString &token : worker->savedTokens()) {
            const qint64 times =
                admin
                    .scalar(QStringLiteral("SELECT count(*) FROM applied_saves WHERE token = ?"),
                            {token})
                    .toLongLong();
            found += times;
            if (times != 1)
                err << "save " << token << " (" << worker->saveDetail(token) << ") is in the "
                    << "database " << times << " times\n";
        }
    }
    const bool exactlyOnce = applied == tokens.size() && found == tokens.size();

    out << stats.markdown(seconds, workerCount, stream);
    out << "- stream changes made: " << changes.made() << "\n";
    out << "- saves: " << tokens.size() << " confirmed; " << applied
        << " of this run in the database (applied_saves); " << found
        << " of the confirmed found there: "
        << (exactlyOnce ? "every save exactly once" : "SAVES MISSING OR DOUBLED") << "\n";
    out.flush();
    workers.clear();
    return stats.errors() == 0 && exactlyOnce && signedIn == workerCount ? 0 : 1;
}
