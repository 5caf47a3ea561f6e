#pragma once

#include <QList>
#include <QStringList>

namespace casedesk {

// Who work about a person goes to unless the worker chooses someone else (issue 14, item 3):
// taken from the case, never whoever happens to be first in a list.
struct CaseContacts
{
    qint64 allocatedWorkerId = 0;  // the person's allocated worker
    qint64 allocatedManagerId = 0; // the PS/Manager of the allocated worker
    qint64 actorManagerId = 0;     // the acting worker's own manager (for an unallocated case)
};

// Of `offered` (the workers holding one of `roles`; any role when empty), the one to preselect:
// a Social Worker's work goes to the allocated worker; a PS/Manager's to the allocated worker's
// manager, else the acting worker's own. 0 when the case names no one offered: the worker
// chooses.
qint64 defaultWorker(const QStringList &roles, const CaseContacts &contacts,
                     const QList<qint64> &offered);

} // namespace casedesk
