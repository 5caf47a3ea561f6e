#pragma once

#include <QtTest>

// The person record reads and writes off the GUI thread (PersonRecordView): its tab appears at
// once and fills in when the answer lands. Wait for everything on its way (the opening, a
// refresh, Start work, a page of history) before looking at it. For test functions (it returns
// from the function on failure).
#define CASEDESK_WAIT_FOR_RECORD(view)                                                             \
    do {                                                                                           \
        QVERIFY(view);                                                                             \
        QTRY_VERIFY_WITH_TIMEOUT(!(view)->isBusy(), 10000);                                        \
    } while (false)
