#pragma once

#include "signin/localsigninpage.h"
#include "signin/signindialog.h"

#include <QtTest>

namespace casedesk::test {

// A job's future (a sign-in, the local page's load or its start afresh): whether it ended true
// within `timeoutMs`.
inline bool finishedTrue(QFuture<bool> future, int timeoutMs = 40000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return false;
    return !future.isCanceled() && future.result();
}

// Signing in is a job (SignInDialog::signIn returns at once; on this computer it waits for the
// page's load): whether it signed in, false when refused or not done after `timeoutMs`.
inline bool signInAndWait(SignInDialog &dialog, int timeoutMs = 40000)
{
    return finishedTrue(dialog.signIn(), timeoutMs);
}

// The local page opens its file off the GUI thread (the dialog starts that): waits for a load on
// its way (starting none), and says whether the workers are listed; false when the load failed
// (its reason is on the page) or had not ended after `timeoutMs`.
inline bool localPageLoaded(LocalSignInPage &page, int timeoutMs = 40000)
{
    if (!QTest::qWaitFor([&page] { return !page.isLoading(); }, timeoutMs))
        return false;
    return page.isLoaded();
}

inline bool localPageLoaded(SignInDialog &dialog, int timeoutMs = 40000)
{
    return localPageLoaded(*dialog.localPage(), timeoutMs);
}

// The test's own connection to a local file signed in to through the dialog, for what the test
// itself reads and writes: the session's handle is aimed at the file, never opened, so that a
// statement run on it on this thread fails as it would in the app.
inline Database &testConnection(std::unique_ptr<Database> &db, const QString &path)
{
    if (!db) {
        db = std::make_unique<Database>();
        ConnectionSettings settings;
        settings.backend = ConnectionSettings::Backend::Sqlite;
        settings.sqlitePath = path;
        if (!db->open(settings))
            qFatal("cannot open %s", qPrintable(path));
    }
    return *db;
}

} // namespace casedesk::test
