#pragma once

#include "workflow/records.h"

namespace casedesk {

class Database;
class DirectPayments;
class Directory;

// What every Direct Payments screen works with: the database (for the workviews it reads), the
// Workflow B service, the pickers' directory, and who is acting. The references must outlive the
// screens (the main window's session and work opener own them).
struct DpContext
{
    Database &db;
    DirectPayments &dp;
    const Directory &directory;
    Actor actor;
};

} // namespace casedesk
