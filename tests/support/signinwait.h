#pragma once

#include "signin/signindialog.h"

#include <QtTest>

namespace casedesk::test {

// Signing in to a server is a job (SignInDialog::signIn returns at once): whether it signed in,
// false when refused or not done after `timeoutMs`.
inline bool signInAndWait(SignInDialog &dialog, int timeoutMs = 40000)
{
    QFuture<bool> signedIn = dialog.signIn();
    if (!QTest::qWaitFor([&signedIn] { return signedIn.isFinished(); }, timeoutMs))
        return false;
    return !signedIn.isCanceled() && signedIn.result();
}

} // namespace casedesk::test
