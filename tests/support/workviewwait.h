#pragma once

#include <QtTest>

// The workviews are read off the GUI thread (MainWindow::refresh): wait for the read on its way
// to land before looking at them. For test functions (it returns from the function on failure).
#define CASEDESK_WAIT_FOR_WORKVIEW(window)                                                         \
    QTRY_VERIFY_WITH_TIMEOUT(!(window).isReadingWorkview(), 10000)

namespace casedesk::test {
// The same where a helper cannot return early (constructing a window for a test): false when the
// read had not landed after 10 s.
template <typename Window> bool waitForWorkview(const Window &window)
{
    return QTest::qWaitFor([&window] { return !window.isReadingWorkview(); }, 10000);
}
} // namespace casedesk::test
