#pragma once

#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QHash>
#include <QStringList>
#include <QtTest>
#include <memory>

// An invented authority for the Direct Payments tests: two CWD teams, a Social Worker and a
// PS/Manager in each (the manager recorded as the worker's manager), the panel administrator and
// a Direct Payments officer in the Direct Payments Group tray, and children with a parent each.
// The day is fixed (setToday) so deadlines and countdowns are known.
namespace casedesk::test {

#define EXPECT_OK(expression)                                                                      \
    do {                                                                                           \
        const casedesk::Status status_ = (expression);                                             \
        QVERIFY2(status_.isOk(), qPrintable(status_.message()));                                   \
    } while (false)

// Runs a helper that uses QVERIFY/QCOMPARE and stops the test if it failed.
#define STEP(expression)                                                                           \
    do {                                                                                           \
        expression;                                                                                \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

using Answers = QHash<QString, QString>;

class DpFixture
{
public:
    DpFixture();
    bool create(QString *error);

    Database &db() { return m_database.db(); }
    WorkflowEngine &engine() { return *m_engine; }
    DirectPayments &dp() { return *m_dp; }
    void setToday(const QDate &day) { m_today = day; }
    QDate today() const { return m_today; }

    qint64 addTeam(const QString &name);
    qint64 addWorker(const QString &username, const QStringList &roles, qint64 teamId,
                     qint64 managerId = 0);
    // A child allocated to `worker` (in the worker's team), with a mother.
    qint64 addChild(const QString &givenName, const QString &familyName, const QString &worker);
    qint64 addPerson(const QString &givenName, const QString &familyName);
    void relate(qint64 childId, qint64 personId, const QString &relationship);
    qint64 parentOf(qint64 childId) const { return m_parents.value(childId); }

    Actor sw() const { return as(QStringLiteral("sw"), dp::SocialWorker); }
    Actor sw2() const { return as(QStringLiteral("sw2"), dp::SocialWorker); }
    Actor manager() const { return as(QStringLiteral("manager"), dp::Manager); }
    Actor manager2() const { return as(QStringLiteral("manager2"), dp::Manager); }
    Actor admin() const { return as(QStringLiteral("admin"), dp::PanelAdministrator); }
    Actor as(const QString &username, const QString &role) const
    {
        return Actor{workers.value(username), role};
    }
    qint64 trayId() const { return virtualWorkers.value(dp::GroupTray); }

    // What a worker, or the Direct Payments Group tray, has in their work, sorted:
    //   "incoming: Direct Payments Panel", "started: Direct Payments Referral"
    QStringList workOf(const QString &username) const;
    QStringList tray() const;

    // The newest step of a type on a child.
    qint64 stepOf(qint64 personId, const QString &stepType) const;

    QHash<QString, qint64> workers;
    QHash<QString, qint64> virtualWorkers;
    QHash<QString, qint64> teams;

private:
    QStringList work(const QString &stepColumn, const QString &requestColumn, qint64 id) const;

    mutable TestDatabase m_database;
    std::unique_ptr<WorkflowEngine> m_engine;
    std::unique_ptr<DirectPayments> m_dp;
    QDate m_today{2027, 3, 1};
    QHash<qint64, qint64> m_parents;
};

} // namespace casedesk::test
