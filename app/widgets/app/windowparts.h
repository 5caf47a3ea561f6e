#pragma once

namespace casedesk {

class DefinitionRegistry;
class DirectPaymentsScreens;
class MainWindow;
class RecordOpener;
class WorkOpener;
struct Session;

// What a signed-in main window works with besides its workviews, all owned by the window:
// opening work (with drafts, saves, live updates and presence), person records, and the Direct
// Payments screens, connected to each other. The app and the GUI tests build windows the same way.
struct WindowParts
{
    WorkOpener *work = nullptr;
    RecordOpener *records = nullptr;
    DirectPaymentsScreens *directPayments = nullptr;

    static WindowParts install(MainWindow *window, Session &session,
                               const DefinitionRegistry &definitions);
};

} // namespace casedesk
