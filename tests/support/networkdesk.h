#pragma once

#include "app/windowparts.h"
#include "session/session.h"
#include "workflow/records.h"

#include <QString>
#include <memory>

namespace casedesk {
class MainWindow;
class WorkOpener;
} // namespace casedesk

namespace casedesk::test {

class LinkSimulator;

// One worker's CaseDesk for the network tests, reaching the test PostgreSQL through a
// LinkSimulator: the session (its connection and its database thread both through the link, with
// a request deadline) and, if the test wants one, the main window.
//
//   NetworkDesk desk(link);
//   QVERIFY(desk.signIn(test.settings().databaseName, "sw", "social_worker", 3, &error));
//   QVERIFY(desk.openWindow(&error)); // as the application shows it
//
// openWindow() builds the window as the application does (WindowParts, as SignedInWindow):
// opening work, drafts and saves, presence, records, Direct Payments, and live updates, whose
// listener connects through the same link. openBareWindow() is the window with its workviews
// only, for tests of the workviews themselves. Either way the desk ends as SignedInWindow ends a
// session: services shut down, then the window, then the connection.
class NetworkDesk
{
public:
    explicit NetworkDesk(const LinkSimulator &link);
    ~NetworkDesk();
    NetworkDesk(const NetworkDesk &) = delete;
    NetworkDesk &operator=(const NetworkDesk &) = delete;

    // Opens the session through the link as `username` acting as `role`; false with `error` when
    // the link is not listening, the connection fails or there is no such worker.
    bool signIn(const QString &databaseName, const QString &username, const QString &role,
                int requestDeadlineSeconds, QString *error);
    // The main window with WindowParts, shown, its first workview read.
    bool openWindow(QString *error);
    // The main window alone (no parts, no live updates), shown, its first workview read.
    bool openBareWindow(QString *error);

    MainWindow *window() const { return m_window.get(); }
    // Null for a bare window.
    WorkOpener *opener() const { return m_parts.work; }
    Actor actor() const { return Actor{session.worker.id, session.actingRole}; }

    Session session; // declared before the window: it outlives it

private:
    bool showWindow(QString *error);

    const LinkSimulator &m_link;
    std::unique_ptr<MainWindow> m_window;
    WindowParts m_parts;
};

} // namespace casedesk::test
