#pragma once

#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QHash>
#include <QStringList>
#include <map>
#include <memory>

namespace casedesk::test {

// A shared PostgreSQL database set up as casedesk-admin upgrade leaves it (rules synced,
// privileges and audit applied), with workers made by the same core code as casedesk-admin
// add-worker: each has their own login role, named <key>.<random suffix> so that tests on one
// server never share a login, and a password of its own. db(key) and engine(key) sign in as that
// login as CaseDesk does at a council: over TCP with TLS checked against the harness's CA
// (verify-full), a SCRAM password and channel binding (TestDatabase::postgresTcp), so everything
// they do is checked by the server, sign-in included. admin() is the superuser on the socket.
//
//   sw, sw2, manager        Social Worker, Social Worker, PS/Manager of team A
//   manager_b, far_sw       PS/Manager and Social Worker of team B
//   panelist                Panel, member of CS CWD – Panel;  outsider: Panel, not a member
//   haven, strut            Short Break Home Staff of Haven Cottage, of Strut House
//   ssw, duty, commissioner Supervising Social Worker; Duty Desk; Commissioning Officer
//   dpofficer               Direct Payments Officer, member of Direct Payments – Inbox
//   paneladmin              Panel Administrator, member of the Direct Payments Group tray
// childId: a child allocated to sw (team A); restrictedId: a restricted child allocated to sw.
class SecurityFixture
{
public:
    SecurityFixture();
    ~SecurityFixture();

    bool create(QString *error);

    Database &admin() { return m_database.db(); }
    Database &db(const QString &key);
    // The settings db(key) connects with (as CaseDesk does); plain: as psql would, with no
    // limits of the client's own, so only the server's apply.
    ConnectionSettings settings(const QString &key, bool plain = false) const;
    QString password(const QString &key) const { return m_passwords.value(key); }
    WorkflowEngine &engine(const QString &key);
    // The engine on the administrator's connection, which the workers' rules do not check: work
    // created by an administrator (a step a test starts from that is not startable from the
    // record, e.g. an SC Panel without the steps before it), in the worker's name.
    WorkflowEngine &adminEngine();

    qint64 id(const QString &key) const { return m_workers.value(key); }
    QString username(const QString &key) const { return m_usernames.value(key); }
    Actor as(const QString &key, const QString &role) const { return Actor{id(key), role}; }
    Assignee worker(const QString &key) const { return Assignee::worker(id(key)); }
    Assignee vw(const QString &code) const
    {
        return Assignee::virtualWorker(m_virtualWorkers.value(code));
    }
    qint64 vwId(const QString &code) const { return m_virtualWorkers.value(code); }

    // Runs `sql` as the worker; the server's error text, or "" when it was carried out.
    QString refusal(const QString &key, const QString &sql, const QVariantList &values = {});
    // Runs `sql` as the worker and gives the first column of the first row.
    QVariant scalarAs(const QString &key, const QString &sql, const QVariantList &values = {});

    qint64 incomingStep(const QString &stepType, qint64 fromStepId);
    qint64 requestId(qint64 stepId, const QString &type);
    // Open work as "status: step type" / "request: request type: step type", sorted.
    QStringList workOf(const QString &key);
    QStringList workOfVirtualWorker(const QString &code);

    qint64 teamA = 0;
    qint64 teamB = 0;
    qint64 childId = 0;
    qint64 restrictedId = 0;
    QString restrictedRef;

private:
    QStringList work(const QString &stepColumn, const QString &requestColumn, qint64 id);

    TestDatabase m_database;
    QString m_suffix;
    QHash<QString, qint64> m_workers;
    QHash<QString, QString> m_usernames;
    QHash<QString, QString> m_passwords;
    QHash<QString, qint64> m_virtualWorkers;
    std::map<QString, std::unique_ptr<Database>> m_connections;
    std::map<QString, std::unique_ptr<WorkflowEngine>> m_engines;
    std::unique_ptr<WorkflowEngine> m_adminEngine;
};

} // namespace casedesk::test

// In a test slot: a fresh fixture, or the test fails with the reason.
#define CASEDESK_SECURITY_FIXTURE(name)                                                            \
    casedesk::test::SecurityFixture name;                                                          \
    do {                                                                                           \
        QString fixtureError_;                                                                     \
        QVERIFY2(name.create(&fixtureError_), qPrintable(fixtureError_));                          \
    } while (false)

#define EXPECT_OK(expression)                                                                      \
    do {                                                                                           \
        const casedesk::Status status_ = (expression);                                             \
        QVERIFY2(status_.isOk(), qPrintable(status_.message()));                                   \
    } while (false)

// The statement, issued as the worker's own login, is refused by the server with `expected`
// somewhere in its error.
#define EXPECT_REFUSED(fixture, key, sql, values, expected)                                        \
    do {                                                                                           \
        const QString refusal_ = (fixture).refusal((key), (sql), (values));                        \
        QVERIFY2(!refusal_.isEmpty(), "the server carried it out");                                \
        QVERIFY2(refusal_.contains(expected), qPrintable(refusal_));                               \
    } while (false)
