#include "guistall.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

namespace casedesk::bench {

double worstGuiStallMs(const std::function<void()> &start, const std::function<bool()> &done,
                       int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    qint64 worst = 0;
    int ticks = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(2);
    QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
        const qint64 now = clock.nsecsElapsed();
        worst = qMax(worst, now - last);
        last = now;
        ++ticks;
    });
    tick.start();
    // A few ticks first, so that the loop is turning when the interaction starts.
    while (ticks < 3)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    worst = 0;
    last = clock.nsecsElapsed();
    start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const int ticksAtDone = ticks;
    while (ticks == ticksAtDone)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return double(worst) / 1e6;
}

} // namespace casedesk::bench
