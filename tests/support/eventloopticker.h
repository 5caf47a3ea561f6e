#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace casedesk::test {

// Counts the ticks of a 10 ms timer on this thread, and the longest gap between two: a blocked
// event loop gives no ticks and one long gap (a window that stopped answering).
class EventLoopTicker
{
public:
    EventLoopTicker()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            ++m_ticks;
            m_worstGapMs = qMax(m_worstGapMs, m_sinceTick.restart());
        });
        m_sinceTick.start();
        m_timer.start();
    }
    int ticks() const { return m_ticks; }
    // Including the gap running now.
    qint64 worstGapMs() const { return qMax(m_worstGapMs, m_sinceTick.elapsed()); }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    int m_ticks = 0;
    qint64 m_worstGapMs = 0;
};

} // namespace casedesk::test
