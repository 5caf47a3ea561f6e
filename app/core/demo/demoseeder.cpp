#include "demoseeder.h"

#include "demowriter.h"
#include "storage/sqlvalues.h"

namespace casedesk {

using demo::DemoWriter;

namespace {

struct DemoWorker
{
    const char *username;
    const char *displayName;
    const char *jobTitle;
    const char *team;
    QStringList roles;
    QStringList virtualWorkers;
    const char *manager; // username, or nullptr
};

// Invented people, one or more in every role. mgr.demo is a PS/Manager who also sits on Panel,
// to show role switching.
QList<DemoWorker> demoWorkers()
{
    const auto roles = [](std::initializer_list<const char *> codes) {
        QStringList list;
        for (const char *code : codes)
            list << QString::fromLatin1(code);
        return list;
    };
    return {
        {"mgr.demo", "Helen Marsh", "Team Manager", "CWD Team North",
         roles({"ps_manager", "panel"}), roles({"cs-cwd-panel"}), nullptr},
        {"mgr.south",
         "Daniel Price",
         "Practice Supervisor",
         "CWD Team South",
         roles({"ps_manager"}),
         {},
         nullptr},
        {"sw.demo",
         "Sam Okafor",
         "Social Worker",
         "CWD Team North",
         roles({"social_worker"}),
         {},
         "mgr.demo"},
        {"sw.north",
         "Priya Natarajan",
         "Social Worker",
         "CWD Team North",
         roles({"social_worker"}),
         {},
         "mgr.demo"},
        {"sw.south",
         "Tom Whitfield",
         "Social Worker",
         "CWD Team South",
         roles({"social_worker"}),
         {},
         "mgr.south"},
        {"sw.south2",
         "Aisha Bello",
         "Senior Social Worker",
         "CWD Team South",
         roles({"social_worker"}),
         {},
         "mgr.south"},
        {"panel.chair", "Ruth Adeyemi", "Head of Service, CWD Resource Panel chair",
         "Panel Administration", roles({"panel"}), roles({"cs-cwd-panel"}), nullptr},
        {"panel.admin", "Gareth Lloyd", "Panel Administrator", "Panel Administration",
         roles({"panel_administrator"}),
         roles({"cs-cwd-panel", "direct-payments-inbox", "direct-payments-group-tray"}), nullptr},
        {"dp.officer", "Mei Chen", "Direct Payments Officer", "Direct Payments Team",
         roles({"dp_officer"}), roles({"direct-payments-inbox", "direct-payments-group-tray"}),
         nullptr},
        {"home.haven", "Joe Brennan", "Residential Care Officer", "Haven Cottage",
         roles({"home_staff"}), roles({"haven-cottage"}), nullptr},
        {"home.strut", "Lucy Fairweather", "Senior Residential Care Officer", "Strut House",
         roles({"home_staff"}), roles({"strut-house"}), nullptr},
        {"comm.officer", "Imran Sheikh", "Commissioning Officer", "Commissioning Team",
         roles({"commissioning_officer"}), roles({"cs-commissioned-placement-inbox"}), nullptr},
        {"ssw.demo", "Claire Dunmore", "Supervising Social Worker", "Fostering Team",
         roles({"supervising_social_worker"}), roles({"duty-desk"}), nullptr},
        {"duty.demo", "Owen Harper", "Duty Desk Worker", "Fostering Team", roles({"duty_desk"}),
         roles({"duty-desk"}), nullptr},
    };
}

} // namespace

DemoSeeder::DemoSeeder(Database &db, const QDate &today) : m_db(db), m_today(today) {}

Status DemoSeeder::seedIfEmpty(bool *seeded)
{
    if (seeded)
        *seeded = false;
    const QVariant workers = m_db.scalar(QStringLiteral("SELECT count(*) FROM workers"));
    if (!workers.isValid())
        return Status::failure(tr("CaseDesk could not read the database to add the demo data."));
    if (workers.toInt() > 0)
        return Status::ok();

    Transaction transaction(m_db);
    if (!transaction.isActive())
        return Status::failure(tr("CaseDesk could not start adding the demo data."));
    DemoWriter writer(m_db, m_today);
    seedAuthority(writer);
    seedPeople(writer);
    seedPanels(writer);
    seedShortTermBreaks(writer);
    seedPlacements(writer);
    seedDirectPayments(writer);
    if (!writer.ok() || !transaction.commit())
        return Status::failure(tr("CaseDesk could not add the demo data: %1").arg(writer.error()));
    if (seeded)
        *seeded = true;
    return Status::ok();
}

void DemoSeeder::seedAuthority(DemoWriter &w)
{
    const QList<QPair<const char *, const char *>> teams{
        {"CWD Team North", "Children with Disabilities"},
        {"CWD Team South", "Children with Disabilities"},
        {"Direct Payments Team", "Children with Disabilities"},
        {"Haven Cottage", "Short Term Breaks"},
        {"Strut House", "Short Term Breaks"},
        {"Commissioning Team", "Commissioning"},
        {"Fostering Team", "Fostering"},
        {"Panel Administration", "Business Support"},
    };
    for (const auto &[name, service] : teams)
        m_teams.insert(QString::fromUtf8(name),
                       w.insert(QStringLiteral("INSERT INTO teams (name, service) VALUES (?, ?) "
                                               "RETURNING id"),
                                {QString::fromUtf8(name), QString::fromUtf8(service)}));

    // Codes and names exactly as the definitions (forms/virtual-workers.json) have them.
    const QList<QPair<QString, QString>> inboxes{
        {QStringLiteral("cs-cwd-panel"), QStringLiteral("CS CWD \u2013 Panel")},
        {QStringLiteral("direct-payments-inbox"), QStringLiteral("Direct Payments \u2013 Inbox")},
        {QStringLiteral("direct-payments-group-tray"),
         QStringLiteral("Direct Payments Group tray")},
        {QStringLiteral("cs-commissioned-placement-inbox"),
         QStringLiteral("CS Commissioned Placement - Inbox")},
        {QStringLiteral("haven-cottage"), QStringLiteral("Haven Cottage")},
        {QStringLiteral("strut-house"), QStringLiteral("Strut House")},
        {QStringLiteral("duty-desk"), QStringLiteral("Duty Desk")},
    };
    for (const auto &[code, name] : inboxes)
        m_virtualWorkers.insert(
            code, w.insert(QStringLiteral("INSERT INTO virtual_workers (code, name) VALUES (?, ?) "
                                          "RETURNING id"),
                           {code, name}));

    for (const DemoWorker &demoWorker : demoWorkers()) {
        const QString username = QString::fromLatin1(demoWorker.username);
        const qint64 managerId =
            demoWorker.manager ? worker(QString::fromLatin1(demoWorker.manager)) : 0;
        const qint64 id = w.insert(
            QStringLiteral("INSERT INTO workers (username, display_name, job_title, team_id, "
                           "manager_id, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
            {username, QString::fromUtf8(demoWorker.displayName),
             QString::fromUtf8(demoWorker.jobTitle),
             nullableId(m_teams.value(QString::fromUtf8(demoWorker.team))), nullableId(managerId),
             w.at(120)});
        m_workers.insert(username, id);
        for (const QString &role : demoWorker.roles)
            w.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"),
                   {id, role});
        for (const QString &code : demoWorker.virtualWorkers)
            w.exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, "
                                  "worker_id) VALUES (?, ?)"),
                   {inbox(code), id});
    }
}

void DemoSeeder::seedPanels(DemoWriter &w)
{
    // The timetable, on working days: a CWD Resource Panel every other Thursday and a Direct
    // Payments Panel every fourth Tuesday, each with its last submission date a week before.
    // Each has one meeting in the past, where earlier cases were decided.
    const auto weekdayOnOrAfter = [](QDate day, int weekday) {
        while (day.dayOfWeek() != weekday)
            day = day.addDays(1);
        return day;
    };
    struct Series
    {
        QString type;
        QDate first;
        int everyDays;
        QString location;
    };
    const QList<Series> series{
        {QStringLiteral("CWD Resource Panel"), weekdayOnOrAfter(w.day(3), Qt::Thursday), 14,
         QStringLiteral("Civic Centre, Room 2.14")},
        {QStringLiteral("Direct Payments Panel"), weekdayOnOrAfter(w.day(6), Qt::Tuesday), 28,
         QStringLiteral("Online (Teams)")},
    };
    for (const Series &panels : series) {
        for (int n : {-6, 0, 1, 2}) {
            Panel panel;
            panel.type = panels.type;
            const QDate day = panels.first.addDays(qint64(n) * panels.everyDays);
            panel.meetingAt = QDateTime(day, QTime(10, 0)).toUTC();
            panel.lastSubmission = day.addDays(-7);
            panel.id = w.insert(
                QStringLiteral("INSERT INTO panels (panel_type, meeting_at, last_submission_date, "
                               "location, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id"),
                {panel.type, panel.meetingAt, panel.lastSubmission, panels.location,
                 worker(panelAdministratorUsername())});
            m_panels << panel;
        }
    }
}

DemoSeeder::Panel DemoSeeder::nextPanel(const QString &type, const QDate &submitted) const
{
    for (const Panel &panel : m_panels)
        if (panel.type == type && panel.lastSubmission >= submitted)
            return panel;
    return {};
}

void DemoSeeder::addToAgenda(DemoWriter &w, const Panel &panel, qint64 stepId, qint64 caseId,
                             qint64 by, const QString &role, const QString &outcome)
{
    const int position = ++m_agendaLength[panel.id];
    w.exec(QStringLiteral("INSERT INTO panel_agenda_items (panel_id, step_id, position, added_at, "
                          "panel_case_id, added_by, added_as_role, outcome) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
           {panel.id, stepId, position, w.at(1, 200), nullableId(caseId), by, role,
            outcome.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(outcome)});
}

QString DemoSeeder::displayName(qint64 workerId) const
{
    return m_db.scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"), {workerId})
        .toString();
}

} // namespace casedesk
