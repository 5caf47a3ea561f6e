#include "benchtimer.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>

namespace casedesk::bench {

namespace {

double percentile(QList<double> sorted, double fraction)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype index = qBound<qsizetype>(
        0, qsizetype(std::ceil(fraction * double(sorted.size()))) - 1, sorted.size() - 1);
    return sorted.at(index);
}

Timing summarise(const QString &name, QList<double> samples, const QString &detail)
{
    std::sort(samples.begin(), samples.end());
    Timing timing;
    timing.name = name;
    timing.detail = detail;
    timing.runs = int(samples.size());
    timing.median = percentile(samples, 0.5);
    timing.p95 = percentile(samples, 0.95);
    timing.max = samples.isEmpty() ? 0 : samples.last();
    return timing;
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

Timing BenchTimer::sample(const QString &name,
                          const std::function<double(QString *detail)> &run) const
{
    QString detail;
    for (int i = 0; i < m_warmups; ++i)
        run(&detail);
    QList<double> samples;
    for (int i = 0; i < m_runs; ++i)
        samples << run(&detail);
    return summarise(name, samples, detail);
}

Timing BenchTimer::measure(const QString &name, const std::function<QString()> &body) const
{
    for (int i = 0; i < m_warmups; ++i)
        body();
    QList<double> samples;
    QString detail;
    const qint64 sentBefore = m_roundTrips ? m_roundTrips() : 0;
    for (int i = 0; i < m_runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        detail = body();
        samples << elapsedMs(timer);
    }
    Timing timing = summarise(name, samples, detail);
    if (m_roundTrips)
        timing.roundTrips = double(m_roundTrips() - sentBefore) / double(qMax(1, m_runs));
    return timing;
}

Timing BenchTimer::once(const QString &name, const std::function<QString()> &body)
{
    QElapsedTimer timer;
    timer.start();
    const QString detail = body();
    return summarise(name, {elapsedMs(timer)}, detail);
}

QString markdownHeader()
{
    return QStringLiteral(
        "| backend | connection | benchmark | runs | median ms | p95 ms | max ms "
        "| round trips | what it read |\n|---|---|---|--:|--:|--:|--:|--:|---|\n");
}

QString markdownRow(const Timing &timing)
{
    const auto ms = [](double value) { return QString::number(value, 'f', value < 10 ? 2 : 1); };
    const QString roundTrips =
        timing.roundTrips < 0 ? QStringLiteral("–") : QString::number(timing.roundTrips, 'f', 1);
    return QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |\n")
        .arg(timing.backend, timing.connection, timing.name, QString::number(timing.runs),
             ms(timing.median), ms(timing.p95), ms(timing.max), roundTrips, timing.detail);
}

} // namespace casedesk::bench
