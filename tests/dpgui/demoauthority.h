#pragma once

#include "app/windowparts.h"
#include "mainwindow/mainwindow.h"
#include "session/session.h"
#include "testdatabase.h"

#include <QStringList>
#include <memory>

class QWidget;

// The demo authority (DemoSeeder) on the backend under test (CASEDESK_TEST_BACKEND), and main
// windows on it built as the app builds them (WindowParts::install), signed in as a demo worker.
// On PostgreSQL the window's connection is the test server's superuser, so the server's row
// rules do not stand in the way of the screens under test.
namespace casedesk::test {

class DemoAuthority
{
public:
    struct Screen
    {
        Session session; // declared first: the window is destroyed before it
        std::unique_ptr<MainWindow> window;
        WindowParts parts;
    };

    // Migrates and seeds; false with the reason in `error`.
    bool create(QString *error);
    Database &db() { return m_database.db(); }
    qint64 personId(const QString &givenName, const QString &familyName);

    // A shown main window signed in as `username`, acting as `role` (their first role if empty).
    std::unique_ptr<Screen> signIn(const QString &username, const QString &role = QString());

private:
    TestDatabase m_database;
};

// The objectNames of `first` and of the next `count` controls Tab moves the focus to (in an
// active window). An inner editor (a date edit's line edit) is named by the control it belongs
// to; Tab stepping through a date's sections counts once.
QStringList tabTrail(QWidget *first, int count);

} // namespace casedesk::test
