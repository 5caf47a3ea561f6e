#include "loadstats.h"

#include <algorithm>
#include <cmath>

namespace casedesk::bench {

void LoadStats::error(const QString &where, const QString &message)
{
    ++m_errorCount;
    ++m_errors[where + QStringLiteral(": ") + message.simplified()];
}

double LoadStats::percentile(QList<double> values, double fraction)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qsizetype(std::ceil(fraction * double(values.size()))) - 1;
    return values.at(qBound<qsizetype>(0, index, values.size() - 1));
}

QString LoadStats::markdown(double seconds, int workers, double streamPerSecond) const
{
    const auto ms = [](double value) { return QString::number(value, 'f', 1); };
    QString out;
    out += QStringLiteral("| interaction | count | per second | p50 ms | p95 ms | p99 ms |\n");
    out += QStringLiteral("|---|--:|--:|--:|--:|--:|\n");
    for (auto it = m_times.cbegin(); it != m_times.cend(); ++it) {
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                   .arg(it.key())
                   .arg(it.value().size())
                   .arg(QString::number(double(it.value().size()) / seconds, 'f', 2))
                   .arg(ms(percentile(it.value(), 0.50)))
                   .arg(ms(percentile(it.value(), 0.95)))
                   .arg(ms(percentile(it.value(), 0.99)));
    }
    out += QStringLiteral("\n%1 workers for %2 s, %3 changes a second elsewhere\n\n")
               .arg(workers)
               .arg(QString::number(seconds, 'f', 0))
               .arg(streamPerSecond);
    out += QStringLiteral("- errors: %1\n").arg(m_errorCount);
    out += QStringLiteral("- changes that concerned a worker: %1 (%2 a second)\n")
               .arg(m_concerning)
               .arg(QString::number(double(m_concerning) / seconds, 'f', 2));
    out += QStringLiteral("- notifications heard: %1 (%2 a second)\n")
               .arg(m_notifications)
               .arg(QString::number(double(m_notifications) / seconds, 'f', 2));
    out += QStringLiteral("- automatic refreshes: %1 (%2 a second)\n")
               .arg(m_automaticRefreshes)
               .arg(QString::number(double(m_automaticRefreshes) / seconds, 'f', 2));
    out += QStringLiteral("- periodic refreshes: %1 (%2 a second)\n")
               .arg(m_periodicRefreshes)
               .arg(QString::number(double(m_periodicRefreshes) / seconds, 'f', 2));
    out += QStringLiteral("- live delay (commit to the affected worker's refresh landed), %1 "
                          "changes: p50 %2 ms, p95 %3 ms, p99 %4 ms, max %5 ms\n")
               .arg(m_delays.size())
               .arg(ms(percentile(m_delays, 0.50)))
               .arg(ms(percentile(m_delays, 0.95)))
               .arg(ms(percentile(m_delays, 0.99)))
               .arg(ms(percentile(m_delays, 1.0)));
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        out += QStringLiteral("- error (%1 times): %2\n").arg(it.value()).arg(it.key());
    return out;
}

} // namespace casedesk::bench
