#pragma once

#include "live/livechange.h"
#include "timing/coalescingtimer.h"

#include <QObject>

namespace casedesk {

// A client's side of live updates, shared by the app (SessionServices) and the load driver:
// what the listener heard, merged over a burst into one refresh that is due at most
// `maxDelayMs` after the first notification however many follow (a busy authority never
// postpones an update), and only when something of this worker's changed. The periodic poll
// is due at once: it does not wait behind a burst.
class LiveRefresh : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultQuietMs = 50;
    static constexpr int DefaultMaxDelayMs = 150;

    explicit LiveRefresh(QObject *parent = nullptr, int quietMs = DefaultQuietMs,
                         int maxDelayMs = DefaultMaxDelayMs);

    // A notification's payload (ChangeListener::workChanged).
    void notified(const QString &payload);
    // The periodic poll (ChangeListener::pollDue): everything, now.
    void poll();
    bool isPending() const { return m_timer.isPending(); }

signals:
    // What to read again: a section, the open steps, presence, or everything.
    void due(const casedesk::LiveChange &change);

private:
    void fire();

    CoalescingTimer m_timer;
    LiveChange m_pending;
};

} // namespace casedesk
