#include "casedefaults.h"

namespace casedesk {

qint64 defaultWorker(const QStringList &roles, const CaseContacts &contacts,
                     const QList<qint64> &offered)
{
    QList<qint64> preferred;
    if (roles.isEmpty() || roles.contains(QLatin1String("social_worker")))
        preferred << contacts.allocatedWorkerId;
    if (roles.isEmpty() || roles.contains(QLatin1String("ps_manager")))
        preferred << contacts.allocatedManagerId << contacts.actorManagerId;
    for (qint64 id : std::as_const(preferred)) {
        if (id && offered.contains(id))
            return id;
    }
    return 0;
}

} // namespace casedesk
