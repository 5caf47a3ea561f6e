#include "windowparts.h"

#include "directpayments/directpaymentsscreens.h"
#include "record/recordopener.h"
#include "workopener.h"

namespace casedesk {

WindowParts WindowParts::install(MainWindow *window, Session &session,
                                 const DefinitionRegistry &definitions)
{
    WindowParts parts;
    parts.work = new WorkOpener(session, definitions, window);
    parts.records = new RecordOpener(session, parts.work, window);
    parts.directPayments = new DirectPaymentsScreens(window, session, *parts.work);
    QObject::connect(parts.records, &RecordOpener::episodeRequested, parts.directPayments,
                     &DirectPaymentsScreens::openWorkspace);
    QObject::connect(parts.records, &RecordOpener::startDirectPaymentsRequested,
                     parts.directPayments, &DirectPaymentsScreens::startDirectPayments);
    return parts;
}

} // namespace casedesk
