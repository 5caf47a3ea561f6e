#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace casedesk::bench {

// What a load run measured, gathered on the driver's main thread: each interaction's times,
// errors in the words they came with, and the live updates' counts and delays.
class LoadStats
{
public:
    LoadStats() { m_clock.start(); }

    // Milliseconds since the run began; the one clock every worker's thread stamps with.
    qint64 now() const { return m_clock.elapsed(); }

    void interaction(const QString &name, double ms) { m_times[name] << ms; }
    void error(const QString &where, const QString &message);
    int errors() const { return m_errorCount; }

    // A change that concerns one worker (their own write or the stream's), committed at `at`.
    void concerning() { ++m_concerning; }
    void notified() { ++m_notifications; }
    void automaticRefresh() { ++m_automaticRefreshes; }
    void periodicRefresh() { ++m_periodicRefreshes; }
    void liveDelay(double ms) { m_delays << ms; }

    // The report, in Markdown: one table of interactions, then the live updates.
    QString markdown(double seconds, int workers, double streamPerSecond) const;

    static double percentile(QList<double> values, double fraction);

private:
    QElapsedTimer m_clock;
    QMap<QString, QList<double>> m_times;
    QMap<QString, int> m_errors; // "where: message" -> how many times
    int m_errorCount = 0;
    qint64 m_concerning = 0;
    qint64 m_notifications = 0;
    qint64 m_automaticRefreshes = 0;
    qint64 m_periodicRefreshes = 0;
    QList<double> m_delays;
};

} // namespace casedesk::bench
