#include "authoritygenerator.h"

#include "security/rulesync.h"
#include "storage/migrator.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace casedesk::bench {

namespace {

// A sample answer of the right kind for a question, so that forms open with plausible values.
QString sampleAnswer(const QuestionDefinition &question)
{
    switch (question.type) {
    case QuestionType::Choice:
        return question.choices.value(0);
    case QuestionType::Boolean:
    case QuestionType::Confirmation:
        return QStringLiteral("true");
    case QuestionType::Date:
        return QStringLiteral("2024-03-14");
    case QuestionType::Number:
        return QStringLiteral("120");
    case QuestionType::Line:
        return QStringLiteral("Seen at home with mother; school informed");
    case QuestionType::Text:
        break;
    }
    return QStringLiteral(
        "Visited at home after school. Child was settled and engaged well, showed me their "
        "room and talked about the short break they enjoyed. Mother reports better sleep since "
        "the new routine; both parents still find evenings hard. Agreed actions reviewed.");
}

int routeNumber(HistoryRequest::Route route)
{
    return static_cast<int>(route);
}

} // namespace

AuthorityGenerator::AuthorityGenerator(Database &db, const DefinitionRegistry &definitions,
                                       const AuthorityScale &scale, QTextStream &log)
    : m_db(db), m_definitions(definitions), m_scale(scale), m_log(log)
{}

Status AuthorityGenerator::prepareSchema()
{
    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres) {
        QStringList report;
        return RuleSync(m_db, m_definitions).upgrade(&report);
    }
    if (Status migrated = Migrator(m_db).upgrade(); !migrated)
        return migrated;
    for (const VirtualWorkerDefinition &inbox : m_definitions.virtualWorkers()) {
        QString error;
        m_db.exec(QStringLiteral("INSERT INTO virtual_workers (code, name) VALUES (?, ?)"),
                  {inbox.code, inbox.name}, &error);
        if (!error.isEmpty())
            return Status::failure(error);
    }
    return Status::ok();
}

// --- SQL helpers -----------------------------------------------------------------------------
// The statements below are built from this file's text and from numbers only ({name} tokens are
// replaced by integers computed from the scale); nothing typed by anyone reaches them.

Status AuthorityGenerator::run(const QString &stage, const QString &sql)
{
    QElapsedTimer timer;
    timer.start();
    QString error;
    QSqlQuery query = m_db.exec(fill(sql), {}, &error);
    if (!error.isEmpty())
        return Status::failure(stage + QStringLiteral(": ") + error);
    m_log << QStringLiteral("  %1: %2 rows in %3 s\n")
                 .arg(stage, -28)
                 .arg(query.numRowsAffected())
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
    m_log.flush();
    return Status::ok();
}

Status AuthorityGenerator::utility(const QString &sql)
{
    // Statements PostgreSQL cannot prepare (DDL, SET, VACUUM, DO) run as plain text.
    QSqlQuery query(m_db.connection());
    if (!query.exec(m_db.dialect().expand(sql)))
        return Status::failure(sql.left(60) + QStringLiteral(": ") + query.lastError().text());
    return Status::ok();
}

QString AuthorityGenerator::fill(QString sql) const
{
    static const QRegularExpression token(QStringLiteral("\\{([a-zA-Z]+)\\}"));
    QRegularExpressionMatch match;
    while ((match = token.match(sql)).hasMatch()) {
        const QString name = match.captured(1);
        if (!m_numbers.contains(name))
            qFatal("no number called %s", qPrintable(name));
        sql.replace(match.capturedStart(), match.capturedLength(),
                    QString::number(m_numbers.value(name)));
    }
    return sql;
}

QString AuthorityGenerator::series(qint64 count) const
{
    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres)
        return QStringLiteral("WITH s(n) AS (SELECT generate_series(0::bigint, %1 - 1)) ")
            .arg(count);
    return QStringLiteral(
               "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < %1) ")
        .arg(count);
}

QString AuthorityGenerator::secondsAgo(const QString &seconds) const
{
    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres)
        return QStringLiteral("(now() - (") + seconds + QStringLiteral(") * interval '1 second')");
    // As Qt writes a QDateTime to SQLite: ISO 8601 in UTC with milliseconds.
    return QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (") + seconds +
           QStringLiteral(") || ' seconds')");
}

QString AuthorityGenerator::dayFromToday(const QString &days) const
{
    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres)
        return QStringLiteral("(current_date + (") + days + QStringLiteral(")::int)");
    return QStringLiteral("date('now', (") + days + QStringLiteral(") || ' days')");
}

QString AuthorityGenerator::inOrder(const QString &column) const
{
    // PostgreSQL's hash joins scramble the series; keep rows in creation order on disk, as a
    // real authority's are. SQLite's nested loops already follow the series.
    return m_db.dialect().backend() == ConnectionSettings::Backend::Postgres
               ? QStringLiteral(" ORDER BY ") + column
               : QString();
}

QString AuthorityGenerator::boolean(bool value) const
{
    if (m_db.dialect().backend() == ConnectionSettings::Backend::Postgres)
        return value ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

// --- generation ------------------------------------------------------------------------------

Status AuthorityGenerator::generate()
{
    const bool postgres = m_db.dialect().backend() == ConnectionSettings::Backend::Postgres;
    if (postgres) {
        // As for a restore: no triggers (rules, audit, access grants) and no foreign key checks.
        if (Status off = utility(QStringLiteral("SET session_replication_role = replica")); !off)
            return off;
        utility(QStringLiteral("SET work_mem = '256MB'"));
    } else {
        utility(QStringLiteral("PRAGMA foreign_keys = OFF"));
        utility(QStringLiteral("PRAGMA synchronous = OFF"));
        if (!m_db.beginTransaction())
            return Status::failure(QStringLiteral("cannot begin a transaction"));
    }
    using Step = Status (AuthorityGenerator::*)();
    const QList<Step> steps{
        &AuthorityGenerator::createScratchTables, &AuthorityGenerator::writeNames,
        &AuthorityGenerator::writeWorkers,        &AuthorityGenerator::writeReferenceTables,
        &AuthorityGenerator::writePeople,         &AuthorityGenerator::writeHistory,
        &AuthorityGenerator::writeOpenWork,       &AuthorityGenerator::writeRequests,
        &AuthorityGenerator::writeAnswers,        &AuthorityGenerator::writeEpisodes,
        &AuthorityGenerator::createLogins};
    for (Step step : steps) {
        if (Status done = (this->*step)(); !done) {
            if (!postgres)
                m_db.rollback();
            return done;
        }
    }
    return finish();
}

Status AuthorityGenerator::createScratchTables()
{
    // Lookup tables the set-based statements join against; dropped at the end.
    const QStringList tables{
        QStringLiteral("bench_given (k INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
        QStringLiteral("bench_family (k INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
        QStringLiteral("bench_sw (k INTEGER PRIMARY KEY, worker_id BIGINT NOT NULL, "
                       "team_id BIGINT NOT NULL, manager_id BIGINT NOT NULL)"),
        QStringLiteral("bench_managers (k INTEGER PRIMARY KEY, worker_id BIGINT NOT NULL)"),
        QStringLiteral("bench_members (vw_id BIGINT NOT NULL, k INTEGER NOT NULL, "
                       "worker_id BIGINT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (vw_id, k))"),
        QStringLiteral("bench_mix (k INTEGER PRIMARY KEY, step_type TEXT NOT NULL, vw_id BIGINT)"),
        QStringLiteral("bench_open (owner TEXT NOT NULL, k INTEGER NOT NULL, "
                       "step_type TEXT NOT NULL, vw_id BIGINT, PRIMARY KEY (owner, k))"),
        QStringLiteral("bench_forms (step_type TEXT PRIMARY KEY, form_code TEXT NOT NULL)"),
        QStringLiteral("bench_questions (form_code TEXT NOT NULL, k INTEGER NOT NULL, "
                       "question_id TEXT NOT NULL, role TEXT NOT NULL, sample TEXT NOT NULL, "
                       "PRIMARY KEY (form_code, k))"),
        QStringLiteral("bench_requests (step_type TEXT NOT NULL, request_type TEXT NOT NULL, "
                       "required {{bool}} NOT NULL, route INTEGER NOT NULL)"),
    };
    for (const QString &table : tables) {
        m_scratchTables << table.section(QLatin1Char(' '), 0, 0);
        if (Status made = utility(QStringLiteral("CREATE TABLE ") + table); !made)
            return made;
    }
    QSqlQuery vws = m_db.exec(QStringLiteral("SELECT code, id FROM virtual_workers"));
    while (vws.next())
        m_virtualWorkers.insert(vws.value(0).toString(), vws.value(1).toLongLong());
    return Status::ok();
}

Status AuthorityGenerator::writeNames()
{
    QString error;
    const QStringList given = givenNames();
    for (int k = 0; k < given.size() && error.isEmpty(); ++k)
        m_db.exec(QStringLiteral("INSERT INTO bench_given (k, name) VALUES (?, ?)"), {k, given[k]},
                  &error);
    const QStringList starts = familyNameStarts();
    const QStringList ends = familyNameEnds();
    int k = 0;
    for (const QString &start : starts)
        for (const QString &end : ends)
            if (error.isEmpty())
                m_db.exec(QStringLiteral("INSERT INTO bench_family (k, name) VALUES (?, ?)"),
                          {k++, QString(start + end)}, &error);
    m_numbers.insert(QStringLiteral("givenPairs"), given.size() / 2);
    m_numbers.insert(QStringLiteral("families"), k);
    return error.isEmpty() ? Status::ok() : Status::failure(error);
}

Status AuthorityGenerator::writeWorkers()
{
    QString error;
    const QStringList given = givenNames();
    const QStringList starts = familyNameStarts();
    const QStringList ends = familyNameEnds();
    int serial = 0;
    auto addWorker = [&](const QString &username, const QString &title, qint64 teamId,
                         qint64 managerId, const QString &role) -> qint64 {
        const int n = serial++;
        const QString name = given.value((n * 7) % given.size()) + QLatin1Char(' ') +
                             starts.value((n * 3) % starts.size()) + ends.value(n % ends.size());
        const qint64 id = m_db.insert(
            QStringLiteral("INSERT INTO workers (username, display_name, job_title, team_id, "
                           "manager_id) VALUES (?, ?, ?, ?, ?) RETURNING id"),
            {username, name, title,
             teamId > 0 ? QVariant(teamId) : QVariant(QMetaType(QMetaType::LongLong)),
             managerId > 0 ? QVariant(managerId) : QVariant(QMetaType(QMetaType::LongLong))},
            &error);
        if (error.isEmpty())
            m_db.exec(QStringLiteral("INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"),
                      {id, role}, &error);
        return id;
    };
    int socialWorkers = 0;
    for (int team = 1; team <= m_scale.teams && error.isEmpty(); ++team) {
        const QString number = QStringLiteral("%1").arg(team, 2, 10, QLatin1Char('0'));
        const qint64 teamId = m_db.insert(
            QStringLiteral("INSERT INTO teams (name, service) VALUES (?, ?) RETURNING id"),
            {QString(QStringLiteral("CWD Team ") + number),
             QStringLiteral("Children with Disabilities")},
            &error);
        const qint64 managerId =
            addWorker(QStringLiteral("bench.manager.") + number, QStringLiteral("Team Manager"),
                      teamId, 0, QStringLiteral("ps_manager"));
        m_db.exec(QStringLiteral("INSERT INTO bench_managers (k, worker_id) VALUES (?, ?)"),
                  {team - 1, managerId}, &error);
        for (int i = 0; i < m_scale.socialWorkersPerTeam && error.isEmpty(); ++i) {
            const QString username =
                QStringLiteral("bench.sw.%1").arg(socialWorkers + 1, 3, 10, QLatin1Char('0'));
            const qint64 id = addWorker(username, QStringLiteral("Social Worker"), teamId,
                                        managerId, QStringLiteral("social_worker"));
            m_db.exec(QStringLiteral("INSERT INTO bench_sw (k, worker_id, team_id, manager_id) "
                                     "VALUES (?, ?, ?, ?)"),
                      {socialWorkers++, id, teamId, managerId}, &error);
        }
    }
    QHash<qint64, int> members;
    for (const SpecialistGroup &group : specialistGroups()) {
        for (int i = 1; i <= group.count && error.isEmpty(); ++i) {
            const QString username =
                QStringLiteral("bench.%1.%2").arg(group.key).arg(i, 2, 10, QLatin1Char('0'));
            const qint64 id = addWorker(username, group.title, 0, 0, group.role);
            for (const QString &inbox : group.inboxes) {
                const qint64 vw = m_virtualWorkers.value(inbox);
                m_db.exec(QStringLiteral("INSERT INTO virtual_worker_members (virtual_worker_id, "
                                         "worker_id) VALUES (?, ?)"),
                          {vw, id}, &error);
                m_db.exec(QStringLiteral("INSERT INTO bench_members (vw_id, k, worker_id, role) "
                                         "VALUES (?, ?, ?, ?)"),
                          {vw, members[vw]++, id, group.role}, &error);
            }
        }
    }
    if (!error.isEmpty())
        return Status::failure(QStringLiteral("workers: ") + error);
    for (auto it = m_virtualWorkers.cbegin(); it != m_virtualWorkers.cend(); ++it)
        if (members.value(it.value()) < 4)
            return Status::failure(it.key() + QStringLiteral(" needs at least 4 members"));
    m_numbers.insert(QStringLiteral("socialWorkers"), socialWorkers);
    m_numbers.insert(QStringLiteral("managers"), m_scale.teams);
    m_numbers.insert(QStringLiteral("panelVw"),
                     m_virtualWorkers.value(QStringLiteral("cs-cwd-panel")));
    m_numbers.insert(
        QStringLiteral("panelMember"),
        m_db.scalar(QStringLiteral("SELECT worker_id FROM bench_members WHERE vw_id = ? AND k = 0"),
                    {m_numbers.value(QStringLiteral("panelVw"))})
            .toLongLong());
    m_log << QStringLiteral("  workers: %1 (%2 teams of a PS/Manager and %3 Social Workers, and "
                            "specialists)\n")
                 .arg(serial)
                 .arg(m_scale.teams)
                 .arg(m_scale.socialWorkersPerTeam);
    return Status::ok();
}

Status AuthorityGenerator::writeReferenceTables()
{
    QString error;
    auto vwId = [this](const QString &code) {
        const qint64 id = m_virtualWorkers.value(code);
        return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
    };
    // The history's step types, 1000 slots shared out by StepShare::perThousand.
    int slot = 0;
    for (const StepShare &share : historyMix())
        for (int i = 0; i < share.perThousand && error.isEmpty(); ++i)
            m_db.exec(
                QStringLiteral("INSERT INTO bench_mix (k, step_type, vw_id) VALUES (?, ?, ?)"),
                {slot++, share.stepType, vwId(share.inbox)}, &error);
    if (slot != 1000)
        return Status::failure(
            QStringLiteral("the history mix must share out 1000 slots, not %1").arg(slot));
    const QStringList swTypes = socialWorkerOpenTypes();
    for (int k = 0; k < swTypes.size(); ++k)
        m_db.exec(
            QStringLiteral("INSERT INTO bench_open (owner, k, step_type) VALUES ('sw', ?, ?)"),
            {k, swTypes[k]}, &error);
    const QStringList managerTypes = managerOpenTypes();
    for (int k = 0; k < managerTypes.size(); ++k)
        m_db.exec(QStringLiteral("INSERT INTO bench_open (owner, k, step_type) VALUES "
                                 "('manager', ?, ?)"),
                  {k, managerTypes[k]}, &error);
    const auto inboxes = inboxWork();
    for (int k = 0; k < inboxes.size(); ++k)
        m_db.exec(QStringLiteral("INSERT INTO bench_open (owner, k, step_type, vw_id) VALUES "
                                 "('inbox', ?, ?, ?)"),
                  {k, inboxes[k].second, vwId(inboxes[k].first)}, &error);
    m_numbers.insert(QStringLiteral("swTypes"), swTypes.size());
    m_numbers.insert(QStringLiteral("managerTypes"), managerTypes.size());
    m_numbers.insert(QStringLiteral("inboxes"), inboxes.size());

    // Each step type's primary form and its first questions, with sample answers.
    for (const StepTypeDefinition &type : m_definitions.stepTypes()) {
        m_db.exec(QStringLiteral("INSERT INTO bench_forms (step_type, form_code) VALUES (?, ?)"),
                  {type.name, type.primaryForm}, &error);
    }
    for (const FormDefinition &form : m_definitions.forms()) {
        int k = 0;
        for (const SectionDefinition &section : form.sections) {
            for (const QuestionDefinition &question : section.questions) {
                QString role = form.ownerRoleOf(question.id);
                if (role.isEmpty())
                    role = QStringLiteral("social_worker");
                m_db.exec(QStringLiteral("INSERT INTO bench_questions (form_code, k, question_id, "
                                         "role, sample) VALUES (?, ?, ?, ?, ?)"),
                          {form.code, k++, question.id, role, sampleAnswer(question)}, &error);
            }
        }
    }
    for (const HistoryRequest &request : historyRequests())
        m_db.exec(
            QStringLiteral("INSERT INTO bench_requests (step_type, request_type, required, "
                           "route) VALUES (?, ?, ?, ?)"),
            {request.stepType, request.requestType, request.required, routeNumber(request.route)},
            &error);
    return error.isEmpty() ? Status::ok() : Status::failure(QStringLiteral("lookups: ") + error);
}

Status AuthorityGenerator::writePeople()
{
    m_numbers.insert(QStringLiteral("children"), m_scale.children);
    // Child n: reference C(100000+n), allocated to Social Worker n mod the number of them.
    // Even n are girls; names come from the name tables by arithmetic on n.
    if (Status done =
            run(QStringLiteral("children"),
                series(m_scale.children) +
                    QStringLiteral(
                        "INSERT INTO people (person_ref, given_name, family_name, date_of_birth, "
                        "gender, address, is_child, is_restricted, allocated_worker_id, team_id) "
                        "SELECT 'C' || (100000 + s.n), g.name, f.name, ") +
                    dayFromToday(QStringLiteral("-(200 + (s.n * 37) % 6300)")) +
                    QStringLiteral(", CASE WHEN s.n % 2 = 0 THEN 'Female' ELSE 'Male' END, "
                                   "(1 + s.n % 180) || ' ' || st.name || ' Road, Leeds', ") +
                    boolean(true) +
                    QStringLiteral(
                        ", s.n % 50 = 7, b.worker_id, b.team_id "
                        "FROM s CROSS JOIN bench_given g CROSS JOIN bench_family f "
                        "CROSS JOIN bench_family st CROSS JOIN bench_sw b "
                        "WHERE g.k = 2 * (((s.n * 13) / 2) % {givenPairs}) + s.n % 2 "
                        "AND f.k = (s.n * 7 + s.n / 1000) % {families} "
                        "AND st.k = (s.n * 11) % {families} AND b.k = s.n % {socialWorkers}") +
                    inOrder(QStringLiteral("s.n")));
        !done)
        return done;
    const qint64 first = m_db.scalar(QStringLiteral("SELECT min(id) FROM people")).toLongLong();
    const qint64 last = m_db.scalar(QStringLiteral("SELECT max(id) FROM people")).toLongLong();
    if (last - first + 1 != m_scale.children)
        return Status::failure(QStringLiteral("children's ids are not consecutive"));
    m_numbers.insert(QStringLiteral("childBase"), first);

    // Every child's mother, and a father for every other child, in the child's family name.
    for (const bool mothers : {true, false}) {
        const QString letter = mothers ? QStringLiteral("M") : QStringLiteral("F");
        if (Status done = run(
                mothers ? QStringLiteral("mothers") : QStringLiteral("fathers"),
                series(m_scale.children) +
                    QStringLiteral("INSERT INTO people (person_ref, given_name, family_name, "
                                   "date_of_birth, gender, address) SELECT '") +
                    letter + QStringLiteral("' || (100000 + s.n), g.name, c.family_name, ") +
                    dayFromToday(QStringLiteral("-(7000 + (s.n * 53) % 7000)")) +
                    (mothers ? QStringLiteral(", 'Female'") : QStringLiteral(", 'Male'")) +
                    QStringLiteral(", c.address FROM s CROSS JOIN people c CROSS JOIN bench_given "
                                   "g WHERE c.id = {childBase} + s.n AND g.k = ") +
                    (mothers ? QStringLiteral("2 * ((s.n * 17 + 5) % {givenPairs})")
                             : QStringLiteral("2 * ((s.n * 19 + 3) % {givenPairs}) + 1 AND "
                                              "s.n % 2 = 0")) +
                    inOrder(QStringLiteral("s.n")));
            !done)
            return done;
        // Both ways: the child's Mother (with parental responsibility), the parent's Son or
        // Daughter.
        const QString parent = mothers ? QStringLiteral("Mother") : QStringLiteral("Father");
        if (Status done = run(
                parent + QStringLiteral(" relationships"),
                QStringLiteral("INSERT INTO relationships (person_id, related_person_id, "
                               "relationship, has_parental_responsibility) "
                               "SELECT c.id, p.id, '") +
                    parent + QStringLiteral("', ") + boolean(true) +
                    QStringLiteral(" FROM people c JOIN people p ON p.person_ref = '") + letter +
                    QStringLiteral("' || substr(c.person_ref, 2) WHERE c.is_child "
                                   "UNION ALL SELECT p.id, c.id, CASE WHEN c.gender = 'Female' "
                                   "THEN 'Daughter' ELSE 'Son' END, ") +
                    boolean(false) +
                    QStringLiteral(" FROM people c JOIN people p ON p.person_ref = '") + letter +
                    QStringLiteral("' || substr(c.person_ref, 2) WHERE c.is_child"));
            !done)
            return done;
    }
    return Status::ok();
}

Status AuthorityGenerator::writeHistory()
{
    const qint64 open =
        qint64(m_numbers.value(QStringLiteral("socialWorkers"))) * m_scale.openPerSocialWorker +
        qint64(m_scale.teams) * m_scale.openPerManager +
        qint64(m_numbers.value(QStringLiteral("inboxes"))) * m_scale.inboxLoad;
    const qint64 history = qMax<qint64>(0, m_scale.steps - open);
    m_numbers.insert(QStringLiteral("history"), history);
    // Ten years of work, oldest first, ending a month ago: step n was created
    // 30 days + (history - n) * secondsPerStep ago, started a day later, finished five days later.
    m_numbers.insert(QStringLiteral("secondsPerStep"),
                     qMax<qint64>(1, qint64(3650) * 86400 / qMax<qint64>(1, history)));
    const QString created = QStringLiteral("(2592000 + ({history} - s.n) * {secondsPerStep})");
    // Steps of a virtual worker's type were taken and finished by one of its members; the rest
    // by the child's allocated Social Worker. One in 97 was cancelled.
    const QString holder = QStringLiteral("COALESCE(vm.worker_id, p.allocated_worker_id)");
    return run(
        QStringLiteral("finished steps"),
        series(history) +
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, created_by, created_at, started_by, started_at, "
                           "finished_by, finished_as_role, finished_at, cancelled_reason, "
                           "revision) SELECT p.id, m.step_type, CASE WHEN s.n % 97 = 13 THEN "
                           "'cancelled' ELSE 'finished' END, ") +
            holder + QStringLiteral(", p.allocated_worker_id, ") + secondsAgo(created) +
            QStringLiteral(", ") + holder + QStringLiteral(", ") +
            secondsAgo(created + QStringLiteral(" - 86400")) + QStringLiteral(", ") + holder +
            QStringLiteral(", COALESCE(vm.role, 'social_worker'), ") +
            secondsAgo(created + QStringLiteral(" - 432000")) +
            QStringLiteral(", CASE WHEN s.n % 97 = 13 THEN 'No longer needed' END, 3 "
                           "FROM s CROSS JOIN people p CROSS JOIN bench_mix m "
                           "LEFT JOIN bench_members vm ON vm.vw_id = m.vw_id AND vm.k = s.n % 4 "
                           "WHERE p.id = {childBase} + (s.n * 7919) % {children} "
                           "AND m.k = (s.n * 31 + s.n / 1000) % 1000") +
            inOrder(QStringLiteral("s.n")));
}

Status AuthorityGenerator::writeOpenWork()
{
    m_numbers.insert(
        QStringLiteral("lastHistoryStep"),
        m_db.scalar(QStringLiteral("SELECT COALESCE(max(id), 0) FROM worksteps")).toLongLong());
    m_numbers.insert(QStringLiteral("perSw"), m_scale.openPerSocialWorker);
    m_numbers.insert(QStringLiteral("halfSw"), m_scale.openPerSocialWorker / 2);
    m_numbers.insert(
        QStringLiteral("caseload"),
        qMax<qint64>(1, m_scale.children / m_numbers.value(QStringLiteral("socialWorkers"))));
    // Social Worker b's item j (j = n / socialWorkers): the first half incoming (the first few
    // of those scheduled for later days: future work), the second half started; about one in
    // five has a due date, some overdue; a third were sent by their PS/Manager.
    const QString j = QStringLiteral("(s.n / {socialWorkers})");
    const QString createdAgo = j + QStringLiteral(" * 36000 + b.k * 60 + 3600");
    if (Status done = run(
            QStringLiteral("Social Workers' open work"),
            series(m_numbers.value(QStringLiteral("socialWorkers")) * m_scale.openPerSocialWorker) +
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id, created_by, created_at, due_date, "
                               "scheduled_for, started_by, started_at, revision) "
                               "SELECT {childBase} + b.k + {socialWorkers} * ((") +
                j + QStringLiteral(" * 7 + b.k) % {caseload}), o.step_type, CASE WHEN ") + j +
                QStringLiteral(" < {halfSw} THEN 'incoming' ELSE 'started' END, b.worker_id, "
                               "CASE WHEN ") +
                j + QStringLiteral(" % 3 = 0 THEN b.manager_id ELSE b.worker_id END, ") +
                secondsAgo(createdAgo) + QStringLiteral(", CASE WHEN ") + j +
                QStringLiteral(" % 5 = 1 THEN ") + dayFromToday(j + QStringLiteral(" % 20 - 5")) +
                QStringLiteral(" END, CASE WHEN ") + j + QStringLiteral(" < 4 THEN ") +
                dayFromToday(QStringLiteral("2 + 3 * ") + j) + QStringLiteral(" END, CASE WHEN ") +
                j + QStringLiteral(" >= {halfSw} THEN b.worker_id END, CASE WHEN ") + j +
                QStringLiteral(" >= {halfSw} THEN ") +
                secondsAgo(createdAgo + QStringLiteral(" - 1800")) +
                QStringLiteral(" END, CASE WHEN ") + j +
                QStringLiteral(" >= {halfSw} THEN 1 ELSE 0 END "
                               "FROM s CROSS JOIN bench_sw b CROSS JOIN bench_open o "
                               "WHERE b.k = s.n % {socialWorkers} AND o.owner = 'sw' "
                               "AND o.k = ") +
                j + QStringLiteral(" % {swTypes}") + inOrder(QStringLiteral("s.n")));
        !done)
        return done;

    const QString mj = QStringLiteral("(s.n / {managers})");
    if (Status done = run(
            QStringLiteral("PS/Managers' open work"),
            series(qint64(m_scale.teams) * m_scale.openPerManager) +
                QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                               "assignee_worker_id, created_by, created_at, due_date, started_by, "
                               "started_at, revision) SELECT p.id, o.step_type, CASE WHEN ") +
                mj +
                QStringLiteral(" % 2 = 0 THEN 'incoming' ELSE 'started' END, b.worker_id, "
                               "p.allocated_worker_id, ") +
                secondsAgo(mj + QStringLiteral(" * 50000 + 7200")) +
                QStringLiteral(", CASE WHEN ") + mj + QStringLiteral(" % 4 = 0 THEN ") +
                dayFromToday(mj + QStringLiteral(" - 3")) + QStringLiteral(" END, CASE WHEN ") +
                mj + QStringLiteral(" % 2 = 1 THEN b.worker_id END, CASE WHEN ") + mj +
                QStringLiteral(" % 2 = 1 THEN ") + secondsAgo(mj + QStringLiteral(" * 50000")) +
                QStringLiteral(" END, CASE WHEN ") + mj +
                QStringLiteral(" % 2 = 1 THEN 1 ELSE 0 END FROM s CROSS JOIN bench_managers b "
                               "CROSS JOIN people p CROSS JOIN bench_open o "
                               "WHERE b.k = s.n % {managers} "
                               "AND p.id = {childBase} + (s.n * 7907 + 11) % {children} "
                               "AND o.owner = 'manager' AND o.k = ") +
                mj + QStringLiteral(" % {managerTypes}") + inOrder(QStringLiteral("s.n")));
        !done)
        return done;

    // Each inbox: inboxLoad incoming steps from the last few weeks.
    const QString ij = QStringLiteral("(s.n / {inboxes})");
    return run(QStringLiteral("inboxes' incoming work"),
               series(m_numbers.value(QStringLiteral("inboxes")) * m_scale.inboxLoad) +
                   QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                                  "assignee_virtual_worker_id, created_by, created_at, due_date) "
                                  "SELECT p.id, o.step_type, 'incoming', o.vw_id, "
                                  "p.allocated_worker_id, ") +
                   secondsAgo(ij + QStringLiteral(" * 6000 + 600")) +
                   QStringLiteral(", CASE WHEN ") + ij + QStringLiteral(" % 3 = 0 THEN ") +
                   dayFromToday(ij + QStringLiteral(" % 30 - 10")) +
                   QStringLiteral(" END FROM s CROSS JOIN bench_open o CROSS JOIN people p "
                                  "WHERE o.owner = 'inbox' AND o.k = s.n % {inboxes} "
                                  "AND p.id = {childBase} + (s.n * 7901 + 5) % {children}") +
                   inOrder(QStringLiteral("s.n")));
}

Status AuthorityGenerator::writeRequests()
{
    // Finished work: the requests its step type sends, all answered.
    if (Status done =
            run(QStringLiteral("answered requests"),
                QStringLiteral(
                    "INSERT INTO requests (step_id, request_type, is_required, status, "
                    "sender_worker_id, sent_as_role, recipient_worker_id, "
                    "recipient_virtual_worker_id, sent_at, responded_by, responded_as_role, "
                    "responded_at) SELECT w.id, r.request_type, r.required, 'completed', "
                    "CASE r.route WHEN 2 THEN {panelMember} ELSE w.assignee_worker_id END, "
                    "CASE r.route WHEN 2 THEN 'panel' ELSE 'social_worker' END, "
                    "CASE r.route WHEN 0 THEN b.manager_id WHEN 2 THEN w.assignee_worker_id END, "
                    "CASE r.route WHEN 1 THEN {panelVw} END, w.started_at, "
                    "CASE r.route WHEN 0 THEN b.manager_id WHEN 1 THEN {panelMember} "
                    "ELSE w.assignee_worker_id END, "
                    "CASE r.route WHEN 0 THEN 'ps_manager' WHEN 1 THEN 'panel' "
                    "ELSE 'social_worker' END, w.finished_at "
                    "FROM worksteps w JOIN bench_sw b ON b.worker_id = w.assignee_worker_id "
                    "JOIN bench_requests r ON r.step_type = w.step_type "
                    "WHERE w.status = 'finished' AND w.id <= {lastHistoryStep}") +
                    inOrder(QStringLiteral("w.id, r.route")));
        !done)
        return done;
    // Open work: two in three of the started steps that ask their PS/Manager are waiting for an
    // answer (the PS/Managers' incoming requests, the Social Workers' sent ones); on the others
    // of SC Panel the request waits for CS CWD – Panel.
    if (Status done =
            run(QStringLiteral("requests to PS/Managers"),
                QStringLiteral(
                    "INSERT INTO requests (step_id, request_type, is_required, status, "
                    "sender_worker_id, sent_as_role, recipient_worker_id, sent_at) "
                    "SELECT w.id, r.request_type, r.required, 'outstanding', w.assignee_worker_id, "
                    "'social_worker', b.manager_id, w.started_at FROM worksteps w "
                    "JOIN bench_sw b ON b.worker_id = w.assignee_worker_id "
                    "JOIN bench_requests r ON r.step_type = w.step_type AND r.route = 0 "
                    "WHERE w.id > {lastHistoryStep} AND w.status = 'started' AND w.id % 3 <> 0"));
        !done)
        return done;
    return run(
        QStringLiteral("requests to the panel"),
        QStringLiteral("INSERT INTO requests (step_id, request_type, is_required, status, "
                       "sender_worker_id, sent_as_role, recipient_virtual_worker_id, sent_at) "
                       "SELECT w.id, 'CS Request for CWD Panel', ") +
            boolean(false) +
            QStringLiteral(", 'outstanding', w.assignee_worker_id, 'social_worker', "
                           "{panelVw}, w.started_at FROM worksteps w "
                           "JOIN bench_sw b ON b.worker_id = w.assignee_worker_id "
                           "WHERE w.id > {lastHistoryStep} AND w.status = 'started' "
                           "AND w.step_type = 'SC Panel' AND w.id % 3 = 0"));
}

Status AuthorityGenerator::writeAnswers()
{
    m_numbers.insert(QStringLiteral("answers"), m_scale.answersPerStep);
    // The primary form of every started and finished step, opened when it was started.
    if (Status done = run(QStringLiteral("forms opened"),
                          QStringLiteral("INSERT INTO step_forms (step_id, form_code, opened_by, "
                                         "opened_at) SELECT w.id, f.form_code, w.started_by, "
                                         "w.started_at FROM worksteps w JOIN bench_forms f ON "
                                         "f.step_type = w.step_type WHERE w.status IN "
                                         "('started', 'finished')") +
                              inOrder(QStringLiteral("w.id")));
        !done)
        return done;
    // Its first questions answered when it was started; one step in ten changed its first
    // answer later (version 2).
    if (Status done =
            run(QStringLiteral("answers"),
                QStringLiteral(
                    "INSERT INTO form_answers (step_id, form_code, question_id, value, "
                    "version, saved_by, saved_as_role, saved_at) "
                    "SELECT w.id, q.form_code, q.question_id, q.sample, 1, w.started_by, "
                    "q.role, w.started_at FROM worksteps w "
                    "JOIN bench_forms f ON f.step_type = w.step_type "
                    "JOIN bench_questions q ON q.form_code = f.form_code AND q.k < {answers} "
                    "WHERE w.status IN ('started', 'finished')") +
                    inOrder(QStringLiteral("w.id, q.k")));
        !done)
        return done;
    if (Status done = run(
            QStringLiteral("changed answers"),
            QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, value, "
                           "version, saved_by, saved_as_role, saved_at) "
                           "SELECT w.id, q.form_code, q.question_id, q.sample, 2, w.started_by, "
                           "q.role, COALESCE(w.finished_at, w.started_at) FROM worksteps w "
                           "JOIN bench_forms f ON f.step_type = w.step_type "
                           "JOIN bench_questions q ON q.form_code = f.form_code AND q.k = 0 "
                           "WHERE w.status IN ('started', 'finished') AND w.id % 10 = 0"));
        !done)
        return done;
    // SC Panel's next action agreed at panel: a CS Placement Request for the Social Worker.
    return run(QStringLiteral("next actions"),
               QStringLiteral("INSERT INTO next_actions (step_id, form_code, step_type, "
                              "assignee_worker_id, send_immediately, added_by, added_as_role, "
                              "added_at) SELECT w.id, 'C0824', 'CS Placement Request', "
                              "w.assignee_worker_id, ") +
                   boolean(false) +
                   QStringLiteral(", {panelMember}, 'panel', w.started_at FROM worksteps w "
                                  "WHERE w.step_type = 'SC Panel' AND w.status = 'finished'"));
}

Status AuthorityGenerator::writeEpisodes()
{
    // One child in forty has Direct Payments: an episode with its start event.
    if (Status done = run(
            QStringLiteral("Direct Payments episodes"),
            QStringLiteral("INSERT INTO episodes (person_id, episode_type, start_date, "
                           "payment_for_person_id, created_by) SELECT c.id, 'Direct Payments', ") +
                dayFromToday(QStringLiteral("-(c.id % 900) - 30")) +
                QStringLiteral(", c.id, c.allocated_worker_id FROM people c WHERE c.is_child AND "
                               "c.id % 40 = 3"));
        !done)
        return done;
    return run(QStringLiteral("episode events"),
               QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                              "details, recorded_by) SELECT e.person_id, e.id, "
                              "'Start Direct Payments', e.start_date, "
                              "'weekly_amount=120.00', e.created_by FROM episodes e"));
}

Status AuthorityGenerator::createLogins()
{
    if (m_db.dialect().backend() != ConnectionSettings::Backend::Postgres)
        return Status::ok();
    // What casedesk-admin add-worker does for each worker (security/accounts.cpp): a login role
    // in casedesk_user and in the group role of each of their roles. Without a password: the
    // harness's server trusts its socket.
    QElapsedTimer timer;
    timer.start();
    const Status made = utility(QStringLiteral(
        "DO $$ DECLARE w record; r record; BEGIN "
        "FOR w IN SELECT id, username FROM workers WHERE username LIKE 'bench.%' LOOP "
        "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = w.username) THEN "
        "    EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE', "
        "                   w.username); "
        "  END IF; "
        "  EXECUTE format('GRANT casedesk_user TO %I', w.username); "
        "  FOR r IN SELECT role FROM worker_roles WHERE worker_id = w.id LOOP "
        "    EXECUTE format('GRANT %I TO %I', casedesk_ensure_group_role(r.role), w.username); "
        "  END LOOP; "
        "END LOOP; END $$"));
    m_log
        << QStringLiteral("  login roles: %1 s\n").arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
    return made;
}

Status AuthorityGenerator::finish()
{
    const bool postgres = m_db.dialect().backend() == ConnectionSettings::Backend::Postgres;
    for (const QString &table : std::as_const(m_scratchTables))
        if (Status dropped = utility(QStringLiteral("DROP TABLE ") + table); !dropped)
            return dropped;
    QElapsedTimer timer;
    timer.start();
    if (postgres) {
        utility(QStringLiteral("RESET session_replication_role"));
        // As autovacuum would leave a live database: statistics, and the visibility map that
        // lets index-only scans skip the table.
        if (Status vacuumed = utility(QStringLiteral("VACUUM ANALYZE")); !vacuumed)
            return vacuumed;
    } else {
        if (!m_db.commit())
            return Status::failure(QStringLiteral("commit failed"));
        utility(QStringLiteral("PRAGMA foreign_keys = ON"));
        if (Status analysed = utility(QStringLiteral("ANALYZE")); !analysed)
            return analysed;
    }
    m_log << QStringLiteral("  %1: %2 s\n")
                 .arg(postgres ? QStringLiteral("VACUUM ANALYZE") : QStringLiteral("ANALYZE"), -28)
                 .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
    return Status::ok();
}

QList<QPair<QString, qint64>> AuthorityGenerator::tableSizes() const
{
    QList<QPair<QString, qint64>> sizes;
    const QStringList tables{
        QStringLiteral("teams"),        QStringLiteral("workers"),
        QStringLiteral("people"),       QStringLiteral("relationships"),
        QStringLiteral("worksteps"),    QStringLiteral("step_forms"),
        QStringLiteral("form_answers"), QStringLiteral("requests"),
        QStringLiteral("next_actions"), QStringLiteral("episodes"),
        QStringLiteral("events"),       QStringLiteral("virtual_worker_members")};
    for (const QString &table : tables) // names from the list above only
        sizes << qMakePair(
            table, m_db.scalar(QStringLiteral("SELECT count(*) FROM ") + table).toLongLong());
    return sizes;
}

} // namespace casedesk::bench
