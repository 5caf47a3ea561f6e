#pragma once

#include "domain/status.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>

namespace casedesk {

namespace demo {
class DemoWriter;
}

// Fills an empty database with an invented authority to try CaseDesk with: teams, a worker in
// every role, the virtual workers, about thirty children with their parents and carers, and work
// in flight at every stage of the Short Term Breaks and Direct Payments workflows. Every name is
// invented. Dates are relative to `today`, so the demo always looks current.
class DemoSeeder
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DemoSeeder)

public:
    // Login names of the demo workers the guides talk about.
    static QString socialWorkerUsername() { return QStringLiteral("sw.demo"); }
    static QString managerUsername() { return QStringLiteral("mgr.demo"); } // PS/Manager + Panel
    static QString panelAdministratorUsername() { return QStringLiteral("panel.admin"); }

    explicit DemoSeeder(Database &db, const QDate &today = QDate::currentDate());

    // Seeds in one transaction, only when the database has no workers; otherwise changes
    // nothing. `seeded` says whether it wrote anything.
    Status seedIfEmpty(bool *seeded = nullptr);

private:
    void seedAuthority(demo::DemoWriter &w);
    void seedPeople(demo::DemoWriter &w);
    void seedShortTermBreaks(demo::DemoWriter &w);
    void seedPlacements(demo::DemoWriter &w);
    void seedDirectPayments(demo::DemoWriter &w);
    void seedPanels(demo::DemoWriter &w);

    struct Panel
    {
        qint64 id = 0;
        QString type;
        QDateTime meetingAt;
        QDate lastSubmission;
    };
    // The first panel of `type` whose last submission date is on or after `submitted`.
    Panel nextPanel(const QString &type, const QDate &submitted) const;
    // Puts a step (and its Direct Payments panel case, if any) on a panel's agenda.
    void addToAgenda(demo::DemoWriter &w, const Panel &panel, qint64 stepId, qint64 caseId,
                     qint64 by, const QString &role, const QString &outcome = QString());

    qint64 worker(const QString &username) const { return m_workers.value(username); }
    qint64 inbox(const QString &code) const { return m_virtualWorkers.value(code); }
    qint64 child(int index) const { return m_children.value(index); }
    // A worker's name as "Checked and completed by" records it.
    QString displayName(qint64 workerId) const;

    Database &m_db;
    QDate m_today;
    QHash<QString, qint64> m_teams;
    QHash<QString, qint64> m_workers;
    QHash<QString, qint64> m_virtualWorkers;
    QList<qint64> m_children; // in the order of the demo children table
    QList<Panel> m_panels;    // the timetable, by meeting date
    QHash<qint64, int> m_agendaLength;
};

} // namespace casedesk
