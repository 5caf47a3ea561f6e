#pragma once

#include "directpayments/directpayments.h"
#include "storage/databasethread.h"
#include "workflow/records.h"
#include "workflow/workflowengine.h"

namespace casedesk {

class Database;
class Directory;

// What every Direct Payments screen works with: the database (for the workviews it reads), the
// Workflow B service, the pickers' directory, who is acting, and the database thread the screens'
// reads and writes run on. The references must outlive the screens (the main window's session
// and work opener own them).
struct DpContext
{
    Database &db;
    DirectPayments &dp;
    const Directory &directory;
    Actor actor;
    DatabaseThread &background;

    // Runs work(DirectPayments &) on the database thread, with a Workflow B service of its own on
    // that thread's connection and on the screens' clock; continue it with .then(widget, ...).
    // Copy in what the work needs; it must not touch widgets.
    template <typename Work>
    auto ask(Work work) const -> QFuture<std::invoke_result_t<Work &, DirectPayments &>>
    {
        const DefinitionRegistry *definitions = &dp.engine().definitions();
        const QDate today = dp.today();
        return background.run([definitions, today, work = std::move(work)](Database &db) mutable {
            WorkflowEngine engine(db, *definitions);
            DirectPayments service(db, engine);
            service.setClock([today] { return today; });
            return work(service);
        });
    }
};

} // namespace casedesk
