#include "liverefresh.h"

namespace casedesk {

LiveRefresh::LiveRefresh(QObject *parent, int quietMs, int maxDelayMs)
    : QObject(parent), m_timer(quietMs, maxDelayMs)
{
    connect(&m_timer, &CoalescingTimer::timeout, this, &LiveRefresh::fire);
}

void LiveRefresh::notified(const QString &payload)
{
    const LiveChange change = LiveChange::fromPayload(payload);
    if (change.isEmpty())
        return;
    m_pending.merge(change);
    m_timer.trigger();
}

void LiveRefresh::poll()
{
    m_timer.cancel();
    m_pending = LiveChange();
    emit due(LiveChange::all());
}

void LiveRefresh::fire()
{
    const LiveChange change = m_pending;
    m_pending = LiveChange();
    if (!change.isEmpty())
        emit due(change);
}

} // namespace casedesk
