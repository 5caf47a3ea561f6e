#pragma once

#include "app/windowparts.h"
#include "session/session.h"

#include <memory>

namespace casedesk {

class DefinitionRegistry;
class MainWindow;

// A signed-in worker's main window together with the session it works from, so that the two end
// in one defined order, whatever ends them (signing out, quitting, the window closing):
//   1. the step editors: what they have unsaved is journalled on this computer;
//   2. this client's presence rows ("also open now by …") are removed;
//   3. the live-update listener stops (its own connection closes);
//   4. the window and everything in it are deleted;
//   5. last of all, the session's database connection closes.
// Nothing touches the connection after it closes. A lost connection follows the same order:
// steps 1–3 fail quietly on a connection that is gone, and the journal keeps the answers.
class SignedInWindow
{
public:
    // `definitions` may be null (a window without forms, as some tests build it).
    SignedInWindow(Session session, const DefinitionRegistry *definitions);
    ~SignedInWindow();
    SignedInWindow(const SignedInWindow &) = delete;
    SignedInWindow &operator=(const SignedInWindow &) = delete;

    MainWindow *window() const { return m_window.get(); }
    Session &session() { return m_session; }
    const WindowParts &parts() const { return m_parts; }

    // Ends the session in the order above. Safe to call twice; the destructor calls it.
    void close();

private:
    Session m_session; // declared first: it must outlive the window
    std::unique_ptr<MainWindow> m_window;
    WindowParts m_parts;
};

} // namespace casedesk
