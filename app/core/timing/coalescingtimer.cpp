#include "coalescingtimer.h"

namespace casedesk {

CoalescingTimer::CoalescingTimer(int quietMs, int maxWaitMs, QObject *parent) : QObject(parent)
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quietMs);
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(qMax(quietMs, maxWaitMs));
    connect(&m_quiet, &QTimer::timeout, this, &CoalescingTimer::fire);
    connect(&m_deadline, &QTimer::timeout, this, &CoalescingTimer::fire);
}

void CoalescingTimer::trigger()
{
    if (!m_deadline.isActive())
        m_deadline.start();
    m_quiet.start();
}

void CoalescingTimer::cancel()
{
    m_quiet.stop();
    m_deadline.stop();
}

void CoalescingTimer::fire()
{
    cancel();
    emit timeout();
}

} // namespace casedesk
