#pragma once

#include <QObject>
#include <QTimer>

namespace casedesk {

// Fires once after a burst of triggers: `quietMs` after the last trigger, but never later than
// `maxWaitMs` after the first one, however long the burst goes on. A steady typist's journal is
// written at least every `maxWaitMs`; a stream of notifications never postpones a refresh past it.
class CoalescingTimer : public QObject
{
    Q_OBJECT

public:
    CoalescingTimer(int quietMs, int maxWaitMs, QObject *parent = nullptr);

    // Something happened: fire after the next pause (or at the deadline).
    void trigger();
    // Forget what is pending without firing.
    void cancel();
    bool isPending() const { return m_deadline.isActive(); }

signals:
    void timeout();

private:
    void fire();

    QTimer m_quiet;
    QTimer m_deadline;
};

} // namespace casedesk
