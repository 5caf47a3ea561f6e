#pragma once

#include "storage/database.h"

#include <QDate>

namespace casedesk::dp {

// When a Direct Payments Pre-Meeting Report (or its approval) is due: as its review was
// scheduled. Follows the step's chain back to the Schedule Direct Payments Review, and returns
// the report deadline of the review it put on a panel; invalid when there is none.
QDate preMeetingReportDueDate(const Database &db, qint64 stepId);

} // namespace casedesk::dp
