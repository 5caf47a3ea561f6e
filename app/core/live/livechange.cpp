#include "livechange.h"

namespace casedesk {

namespace {
const QLatin1String WorkPrefix("work:");
} // namespace

LiveChange LiveChange::all()
{
    LiveChange change;
    change.everything = true;
    return change;
}

LiveChange LiveChange::fromPayload(const QString &payload)
{
    LiveChange change;
    if (payload == QLatin1String("presence")) {
        change.presence = true;
        return change;
    }
    if (!payload.startsWith(WorkPrefix))
        return all(); // a catch-up, the poll, or a server that does not say: read it all
    const QString what = payload.mid(WorkPrefix.size());
    bool isNumber = false;
    const qint64 id = what.mid(1).toLongLong(&isNumber);
    if (what == QLatin1String("me"))
        change.ownTray = true;
    else if (what == QLatin1String("step"))
        change.openSteps = true;
    else if (what.startsWith(QLatin1Char('v')) && isNumber)
        change.inboxes.insert(id);
    else if (what.startsWith(QLatin1Char('t')) && isNumber)
        change.teams.insert(id);
    else
        return all();
    return change;
}

void LiveChange::merge(const LiveChange &other)
{
    everything = everything || other.everything;
    ownTray = ownTray || other.ownTray;
    inboxes.unite(other.inboxes);
    teams.unite(other.teams);
    openSteps = openSteps || other.openSteps;
    presence = presence || other.presence;
}

bool LiveChange::isEmpty() const
{
    return !everything && !ownTray && inboxes.isEmpty() && teams.isEmpty() && !openSteps &&
           !presence;
}

QList<WorkviewOwner> LiveChange::sectionsToRead(const QList<WorkviewOwner> &shown) const
{
    QList<WorkviewOwner> read;
    for (const WorkviewOwner &owner : shown) {
        const bool changed =
            everything ||
            (owner.kind == WorkviewOwner::Kind::Worker && (ownTray || !teams.isEmpty())) ||
            (owner.kind == WorkviewOwner::Kind::VirtualWorker && inboxes.contains(owner.id)) ||
            (owner.kind == WorkviewOwner::Kind::Team && teams.contains(owner.id));
        if (changed)
            read << owner;
    }
    return read;
}

} // namespace casedesk
