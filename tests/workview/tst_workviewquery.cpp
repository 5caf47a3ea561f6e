#include "storage/sqlvalues.h"
#include "testdatabase.h"
#include "workview/workerdirectory.h"
#include "workview/workviewquery.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QtTest>

using namespace casedesk;

// A tiny authority written row by row, so the test knows exactly what each workview holds.
class WorkviewFixture
{
public:
    explicit WorkviewFixture(Database &db) : m_db(db)
    {
        team = insert("INSERT INTO teams (name) VALUES (?) RETURNING id", {u"CWD Team North"_qs});
        sw = addWorker(u"sw"_qs, u"Sam Social"_qs, {u"social_worker"_qs});
        manager = addWorker(u"mgr"_qs, u"Mo Manager"_qs, {u"panel"_qs, u"ps_manager"_qs});
        other = addWorker(u"other"_qs, u"Olu Other"_qs, {u"social_worker"_qs});
        m_db.exec(u"UPDATE workers SET is_active = ? WHERE id = ?"_qs, {false, other});
        panel = insert("INSERT INTO virtual_workers (code, name) VALUES (?, ?) RETURNING id",
                       {u"cs-cwd-panel"_qs, QStringLiteral("CS CWD \u2013 Panel")});
        m_db.exec(u"INSERT INTO virtual_worker_members (virtual_worker_id, worker_id) "
                  "VALUES (?, ?)"_qs,
                  {panel, manager});
        child = insert("INSERT INTO people (person_ref, given_name, family_name, is_child) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       {u"C100234"_qs, u"Lily"_qs, u"Example"_qs, true});
    }

    qint64 addWorker(const QString &username, const QString &name, const QStringList &roles)
    {
        const qint64 id = insert("INSERT INTO workers (username, display_name, team_id) "
                                 "VALUES (?, ?, ?) RETURNING id",
                                 {username, name, team});
        for (const QString &role : roles)
            m_db.exec(u"INSERT INTO worker_roles (worker_id, role) VALUES (?, ?)"_qs, {id, role});
        return id;
    }

    qint64 step(const QString &type, const QString &status, qint64 worker, qint64 inbox = 0,
                const QDate &scheduled = QDate(), int minutesAgo = 0)
    {
        return insert(
            "INSERT INTO worksteps (person_id, step_type, status, assignee_worker_id, "
            "assignee_virtual_worker_id, created_by, created_at, due_date, "
            "scheduled_for) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {child, type, status, nullableId(worker), nullableId(inbox), manager,
             QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo), QDate(2030, 1, 31),
             scheduled.isValid() ? QVariant(scheduled) : QVariant(QMetaType(QMetaType::QDate))});
    }

    qint64 request(qint64 stepId, const QString &type, qint64 from, qint64 toWorker, qint64 toInbox,
                   const QString &status = u"outstanding"_qs)
    {
        return insert("INSERT INTO requests (step_id, request_type, is_required, status, "
                      "sender_worker_id, sent_as_role, recipient_worker_id, "
                      "recipient_virtual_worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {stepId, type, true, status, from, u"social_worker"_qs, nullableId(toWorker),
                       nullableId(toInbox)});
    }

    qint64 insert(const char *sql, const QVariantList &values)
    {
        QString error;
        const qint64 id = m_db.insert(QString::fromLatin1(sql), values, &error);
        if (id <= 0)
            qFatal("fixture insert failed: %s", qPrintable(error));
        return id;
    }

    qint64 team = 0, sw = 0, manager = 0, other = 0, panel = 0, child = 0;

private:
    Database &m_db;
};

namespace {

QStringList titles(const WorkviewCategoryPage &page)
{
    QStringList result;
    for (const WorkviewItem &item : page.items)
        result << item.title();
    return result;
}

} // namespace

class TestWorkviewQuery : public QObject
{
    Q_OBJECT

private slots:
    void sortsEveryItemIntoItsCategory()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        const QDate today(2026, 3, 10);
        const QString decision = u"CS Decision on Significant Information (Open SC Case)"_qs;
        f.step(u"Child in Need Visit"_qs, u"incoming"_qs, f.sw, 0, QDate(), 5);
        f.step(u"SC Panel"_qs, u"incoming"_qs, f.sw, 0, today, 1); // due today: incoming
        f.step(u"Child in Care Visit"_qs, u"incoming"_qs, f.sw, 0, today.addDays(7));
        const qint64 started = f.step(decision, u"started"_qs, f.sw);
        f.step(u"Child Protection Visit"_qs, u"finished"_qs, f.sw);
        f.step(u"Child in Need Visit"_qs, u"incoming"_qs, f.other); // someone else's
        const qint64 review = f.request(
            started, u"CS Manager: Please review and confirm next action"_qs, f.sw, f.manager, 0);
        f.request(started, u"CS Manager: Please authorise Panel request"_qs, f.sw, f.manager, 0,
                  u"completed"_qs);
        const qint64 panelStep = f.step(u"SC Panel"_qs, u"started"_qs, f.sw);
        f.request(panelStep, u"CS Request for CWD Panel"_qs, f.manager, 0, f.panel);
        f.step(u"CS Childrens Direct Payment Setup"_qs, u"incoming"_qs, 0, f.panel);

        WorkviewQuery query(test.db(), today);
        const WorkviewOwner sam = WorkviewOwner::worker(f.sw, u"Sam Social"_qs);
        QCOMPARE(titles(query.page(sam, WorkviewCategory::IncomingWork)),
                 QStringList({u"SC Panel"_qs, u"Child in Need Visit"_qs}));
        QCOMPARE(titles(query.page(sam, WorkviewCategory::CurrentWork)),
                 QStringList({u"SC Panel"_qs, decision}));
        QCOMPARE(titles(query.page(sam, WorkviewCategory::FutureWork)),
                 QStringList{u"Child in Care Visit"_qs});
        QVERIFY(query.page(sam, WorkviewCategory::IncomingRequests).items.isEmpty());

        const WorkviewCategoryPage sent = query.page(sam, WorkviewCategory::SentRequests);
        QCOMPARE(sent.total, 1);
        const WorkviewItem &item = sent.items.first();
        QCOMPARE(item.title(),
                 u"CS Manager: Please review and confirm next action: "_qs + decision);
        QCOMPARE(item.requestId, review);
        QCOMPARE(item.stepId, started);
        QCOMPARE(item.personName, u"Lily Example"_qs);
        QCOMPARE(item.personRef, u"C100234"_qs);
        QCOMPARE(item.from, u"Sam Social"_qs);
        QCOMPARE(item.to, u"Mo Manager"_qs);
        QCOMPARE(item.due, QDate(2030, 1, 31));
        QVERIFY(item.required);
        QVERIFY(item.isOutstandingRequest());
        QVERIFY(item.received.isValid());

        const WorkviewOwner mo = WorkviewOwner::worker(f.manager, u"Mo Manager"_qs);
        const WorkviewCategoryPage incoming = query.page(mo, WorkviewCategory::IncomingRequests);
        QCOMPARE(titles(incoming),
                 QStringList{u"CS Manager: Please review and confirm next action: "_qs + decision});
        QCOMPARE(incoming.items.first().from, u"Sam Social"_qs);
        QCOMPARE(titles(query.page(mo, WorkviewCategory::SentRequests)),
                 QStringList{u"CS Request for CWD Panel: SC Panel"_qs});
        QCOMPARE(query.page(mo, WorkviewCategory::SentRequests).items.first().virtualWorker,
                 QStringLiteral("CS CWD \u2013 Panel"));
    }

    void showsEachVirtualWorkerAsItsOwnSection()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        const qint64 panelStep = f.step(u"SC Panel"_qs, u"started"_qs, f.sw);
        f.request(panelStep, u"CS Request for CWD Panel"_qs, f.manager, 0, f.panel);
        f.step(u"CS Childrens Direct Payment Setup"_qs, u"incoming"_qs, 0, f.panel);

        const WorkerIdentity mo = WorkerDirectory(test.db()).identity(f.manager);
        const QList<WorkviewSection> sections = WorkviewQuery(test.db()).workviewOf(mo);
        QCOMPARE(sections.size(), 2);
        QCOMPARE(sections.at(0).owner.kind, WorkviewOwner::Kind::Worker);
        QCOMPARE(sections.at(0).total(), 1); // the request Mo sent
        const WorkviewSection &panel = sections.at(1);
        QCOMPARE(panel.owner.kind, WorkviewOwner::Kind::VirtualWorker);
        QCOMPARE(panel.owner.name, QStringLiteral("CS CWD \u2013 Panel"));
        QCOMPARE(panel.owner.code, u"cs-cwd-panel"_qs);
        QVERIFY(!panel.category(WorkviewCategory::SentRequests));
        QCOMPARE(titles(*panel.category(WorkviewCategory::IncomingRequests)),
                 QStringList{u"CS Request for CWD Panel: SC Panel"_qs});
        QCOMPARE(panel.category(WorkviewCategory::IncomingRequests)->items.first().virtualWorker,
                 QStringLiteral("CS CWD \u2013 Panel"));
        QCOMPARE(titles(*panel.category(WorkviewCategory::IncomingWork)),
                 QStringList{u"CS Childrens Direct Payment Setup"_qs});
    }

    void directPaymentsPanelLinesCountDownToTheirPanel()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        // Three Direct Payments Panel steps without a due date in the inbox: one moved from an
        // earlier panel to a later one, one on a panel, one on none yet.
        const qint64 moved = f.step(u"Direct Payments Panel"_qs, u"incoming"_qs, 0, f.panel);
        const qint64 placed = f.step(u"Direct Payments Panel"_qs, u"incoming"_qs, 0, f.panel);
        const qint64 waiting = f.step(u"Direct Payments Panel"_qs, u"incoming"_qs, 0, f.panel);
        test.db().exec(u"UPDATE worksteps SET due_date = NULL"_qs);
        const auto panelOn = [&](const QDate &day) {
            return f.insert("INSERT INTO panels (panel_type, meeting_at, last_submission_date) "
                            "VALUES ('Direct Payments Panel', ?, ?) RETURNING id",
                            {QDateTime(day, QTime(10, 0)).toUTC(), day.addDays(-7)});
        };
        const qint64 march = panelOn(QDate(2027, 3, 16));
        const qint64 april = panelOn(QDate(2027, 4, 13));
        const auto place = [&](qint64 panel, qint64 step, bool removed) {
            f.insert("INSERT INTO panel_agenda_items (panel_id, step_id, position, removed_at) "
                     "VALUES (?, ?, 1, ?) RETURNING id",
                     {panel, step,
                      removed ? QVariant(QDateTime::currentDateTimeUtc())
                              : QVariant(QMetaType(QMetaType::QDateTime))});
        };
        place(march, moved, true);
        place(april, moved, false);
        place(march, placed, false);

        const WorkviewQuery query(test.db(), QDate(2027, 3, 9));
        const WorkviewCategoryPage page =
            query.page(WorkviewOwner::virtualWorker(f.panel, QString(), QString()),
                       WorkviewCategory::IncomingWork);
        QHash<qint64, WorkviewItem> lines;
        for (const WorkviewItem &item : page.items)
            lines.insert(item.stepId, item);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.value(moved).deadline, QDate(2027, 4, 13));
        QCOMPARE(lines.value(placed).deadline, QDate(2027, 3, 16));
        QCOMPARE(lines.value(placed).workingDaysLeft, 5);
        QVERIFY(!lines.value(placed).countdown.isEmpty());
        QVERIFY(!lines.value(waiting).deadline.isValid());
        QVERIFY(lines.value(waiting).countdown.isEmpty());
        // The page read the meetings itself; asking line by line gives the same.
        QCOMPARE(query.directPaymentsDeadline(lines.value(moved)), QDate(2027, 4, 13));
    }

    void pagesWithTheTotalOnEveryPage()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        for (int i = 0; i < 7; ++i)
            f.step(u"Child in Need Visit %1"_qs.arg(i), u"incoming"_qs, f.sw, 0, QDate(), 10 - i);
        WorkviewQuery query(test.db());
        const WorkviewOwner sam = WorkviewOwner::worker(f.sw, u"Sam Social"_qs);
        const WorkviewCategoryPage first = query.page(sam, WorkviewCategory::IncomingWork, 3, 0);
        QCOMPARE(first.total, 7);
        QCOMPARE(titles(first),
                 QStringList({u"Child in Need Visit 6"_qs, u"Child in Need Visit 5"_qs,
                              u"Child in Need Visit 4"_qs}));
        const WorkviewCategoryPage last = query.page(sam, WorkviewCategory::IncomingWork, 3, 6);
        QCOMPARE(titles(last), QStringList{u"Child in Need Visit 0"_qs});
        QCOMPARE(last.total, 7);
        const WorkviewCategoryPage past = query.page(sam, WorkviewCategory::IncomingWork, 3, 9);
        QVERIFY(past.items.isEmpty());
        QCOMPARE(past.total, 7);
    }

    void bindsTextAsValuesNotSql()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        const QString odd = u"Visit'); DROP TABLE worksteps; --"_qs;
        f.step(odd, u"incoming"_qs, f.sw);
        const WorkviewCategoryPage page = WorkviewQuery(test.db()).page(
            WorkviewOwner::worker(f.sw, QString()), WorkviewCategory::IncomingWork);
        QCOMPARE(titles(page), QStringList{odd});
    }

    void loadsWorkerIdentityAndTheActiveWorkers()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        WorkerDirectory directory(test.db());
        const WorkerIdentity mo = directory.identityByUsername(u"MGR"_qs);
        QVERIFY(mo.isValid());
        QCOMPARE(mo.displayName, u"Mo Manager"_qs);
        QCOMPARE(mo.teamName, u"CWD Team North"_qs);
        QCOMPARE(mo.roles, QStringList({u"ps_manager"_qs, u"panel"_qs})); // casework role first
        QCOMPARE(mo.virtualWorkers.size(), 1);
        QCOMPARE(mo.virtualWorkers.first().code, u"cs-cwd-panel"_qs);
        QVERIFY(!directory.identity(999999).isValid());

        QStringList names;
        for (const WorkerIdentity &worker : directory.activeWorkers())
            names << worker.displayName + u": "_qs + worker.roles.join(u',');
        QCOMPARE(names, QStringList(
                            {u"Mo Manager: ps_manager,panel"_qs, u"Sam Social: social_worker"_qs}));
        // The sign-in picker signs in from this list: memberships as identity() gives them.
        const WorkerIdentity listedMo = directory.activeWorkers().first();
        QCOMPARE(listedMo.virtualWorkers.size(), 1);
        QCOMPARE(listedMo.virtualWorkers.first().code, u"cs-cwd-panel"_qs);
        QCOMPARE(listedMo.virtualWorkers.first().id, mo.virtualWorkers.first().id);
    }

    void everyCategoryQueryUsesAnIndex()
    {
        CASEDESK_TEST_DATABASE(test);
        WorkviewFixture f(test.db());
        WorkviewQuery query(test.db());
        if (test.isPostgres()) {
            // On a small table PostgreSQL rightly prefers a sequential scan; with those priced
            // out, a plan still scanning worksteps or requests means no index serves the query.
            test.db().exec(u"SET enable_seqscan = off"_qs);
            for (WorkviewOwner::Kind kind :
                 {WorkviewOwner::Kind::Worker, WorkviewOwner::Kind::VirtualWorker,
                  WorkviewOwner::Kind::Team}) {
                const WorkviewOwner owner{kind, 1, QString(), QString()};
                for (WorkviewCategory category : WorkviewQuery::categoriesFor(kind)) {
                    // QPSQL prepares statements and EXPLAIN cannot be prepared, so the test's
                    // own constant values are written in, quoted by the driver.
                    QString sql = WorkviewQuery::statement(kind, category);
                    for (const QVariant &value : query.bindings(owner, category, 10, 0)) {
                        QSqlField field(QString(), value.metaType());
                        field.setValue(value);
                        sql.replace(sql.indexOf(u'?'), 1,
                                    test.db().connection().driver()->formatValue(field));
                    }
                    QSqlQuery plan(test.db().connection());
                    QVERIFY2(plan.exec(u"EXPLAIN "_qs + sql), qPrintable(plan.lastError().text()));
                    QStringList lines;
                    while (plan.next())
                        lines << plan.value(0).toString();
                    const QString text = lines.join(u'\n');
                    QVERIFY2(!text.contains(u"Seq Scan on worksteps"_qs) &&
                                 !text.contains(u"Seq Scan on requests"_qs),
                             qPrintable(text));
                    QVERIFY2(text.contains(u"Index"_qs), qPrintable(text));
                }
            }
            return;
        }
        for (WorkviewOwner::Kind kind :
             {WorkviewOwner::Kind::Worker, WorkviewOwner::Kind::VirtualWorker,
              WorkviewOwner::Kind::Team}) {
            const WorkviewOwner owner{kind, 1, QString(), QString()};
            for (WorkviewCategory category : WorkviewQuery::categoriesFor(kind)) {
                QSqlQuery plan = test.db().exec(u"EXPLAIN QUERY PLAN "_qs +
                                                    WorkviewQuery::statement(kind, category),
                                                query.bindings(owner, category, 10, 0));
                QStringList steps;
                while (plan.next())
                    steps << plan.value(3).toString();
                const QString text = steps.join(u" | "_qs);
                QVERIFY2(!text.contains(u"SCAN w "_qs) && !text.contains(u"SCAN r "_qs) &&
                             !text.endsWith(u"SCAN w"_qs) && !text.endsWith(u"SCAN r"_qs),
                         qPrintable(text));
                QVERIFY2(text.contains(u"USING INDEX"_qs), qPrintable(text));
            }
        }
        QSqlQuery plan = test.db().exec(
            u"EXPLAIN QUERY PLAN SELECT v.id FROM virtual_worker_members m JOIN virtual_workers v "
            "ON v.id = m.virtual_worker_id WHERE m.worker_id = ?"_qs,
            {f.manager});
        QVERIFY(plan.next());
        QVERIFY2(plan.value(3).toString().contains(u"virtual_worker_members_by_worker"_qs),
                 qPrintable(plan.value(3).toString()));
    }
};

QTEST_GUILESS_MAIN(TestWorkviewQuery)
#include "tst_workviewquery.moc"
