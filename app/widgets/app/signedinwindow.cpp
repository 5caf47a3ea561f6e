#include "signedinwindow.h"

#include "app/sessionservices.h"
#include "app/workopener.h"
#include "mainwindow/mainwindow.h"

namespace casedesk {

SignedInWindow::SignedInWindow(Session session, const DefinitionRegistry *definitions)
    : m_session(std::move(session)), m_window(std::make_unique<MainWindow>(m_session, definitions))
{
    m_window->setAttribute(Qt::WA_DeleteOnClose, false); // this object deletes it, in order
    if (definitions)
        m_parts = WindowParts::install(m_window.get(), m_session, *definitions);
}

SignedInWindow::~SignedInWindow()
{
    close();
}

void SignedInWindow::close()
{
    if (m_window) {
        m_window->hide();
        if (m_parts.work)
            m_parts.work->services().shutDown(); // steps 1–3, on the open connection
        m_parts = WindowParts();
        m_window.reset(); // step 4
    }
    m_session = Session(); // step 5: the connection closes
}

} // namespace casedesk
