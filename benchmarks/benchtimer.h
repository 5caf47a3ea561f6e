#pragma once

#include <QList>
#include <QString>
#include <functional>

namespace casedesk::bench {

// One benchmark's figures, in milliseconds of wall-clock time.
struct Timing
{
    QString backend;    // PostgreSQL, SQLite
    QString connection; // owner (no row-level security), or the worker's own login
    QString name;
    QString detail; // what the last run read ("40 items"), to show the measure is real
    int runs = 0;
    double median = 0;
    double p95 = 0;
    double max = 0;
    double roundTrips = -1; // statements sent per run (through the link simulator), or -1
};

// Runs a body `warmups` times unmeasured (connections, prepared statements and caches warm, as
// in a session that has been open a while), then `runs` times measured with QElapsedTimer.
class BenchTimer
{
public:
    BenchTimer(int runs, int warmups) : m_runs(runs), m_warmups(warmups) {}

    // The body returns a short description of what it read.
    Timing measure(const QString &name, const std::function<QString()> &body) const;
    // As measure(), but each run gives its own figure (e.g. the worst GUI stall) instead of the
    // time it took; `detail` receives what the last run did.
    Timing sample(const QString &name, const std::function<double(QString *detail)> &run) const;
    // Once only: for what happens once per process (loading the definitions at start).
    static Timing once(const QString &name, const std::function<QString()> &body);
    // Counts requests sent to the server (LinkSimulator::clientSends): each measure() then
    // reports the round trips of one run.
    void setRoundTripCounter(std::function<qint64()> counter) { m_roundTrips = std::move(counter); }

private:
    int m_runs;
    int m_warmups;
    std::function<qint64()> m_roundTrips;
};

QString markdownHeader();
QString markdownRow(const Timing &timing);

} // namespace casedesk::bench
