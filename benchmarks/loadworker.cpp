#include "loadworker.h"

#include "definitions/definitionregistry.h"
#include "live/changelistener.h"
#include "records/personrecordquery.h"
#include "workflow/workflowengine.h"
#include "workview/workviewquery.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QUuid>

namespace casedesk::bench {

namespace {

const QString SocialWorker = QStringLiteral("social_worker");

// A text or date question of one of the step's forms that a Social Worker answers.
std::pair<QString, QString> answerableQuestion(const StepRecord &step)
{
    for (const QString &code : step.openForms) {
        const FormDefinition *form = DefinitionRegistry::shared().form(code);
        for (const SectionDefinition &section :
             form ? form->sections : QList<SectionDefinition>()) {
            for (const QuestionDefinition &question : section.questions) {
                const QString owner = form->ownerRoleOf(question.id);
                if ((question.type == QuestionType::Text || question.type == QuestionType::Line ||
                     question.type == QuestionType::Date) &&
                    (owner.isEmpty() || owner == SocialWorker) && question.visibleWhen.isAlways() &&
                    section.visibleWhen.isAlways())
                    return {form->code, question.id};
            }
        }
    }
    return {};
}

} // namespace

SimulatedWorker::SimulatedWorker(const ConnectionSettings &login, const LoadPlan &plan,
                                 LoadStats &stats, QObject *parent)
    : QObject(parent), m_login(login), m_plan(plan), m_stats(stats)
{
    for (QTimer *timer : {&m_think, &m_saveTimer, &m_finishTimer})
        timer->setSingleShot(true);
    connect(&m_think, &QTimer::timeout, this, &SimulatedWorker::act);
    connect(&m_saveTimer, &QTimer::timeout, this, &SimulatedWorker::save);
    connect(&m_finishTimer, &QTimer::timeout, this, &SimulatedWorker::finish);
    connect(&m_live, &LiveRefresh::due, this, &SimulatedWorker::due);
}

SimulatedWorker::~SimulatedWorker()
{
    stop();
}

Actor SimulatedWorker::actor() const
{
    return Actor{m_identity.id, SocialWorker};
}

qint64 SimulatedWorker::randomStep() const
{
    return m_steps.isEmpty() ? 0
                             : m_steps.at(QRandomGenerator::global()->bounded(int(m_steps.size())));
}

void SimulatedWorker::schedule(QTimer &timer, int meanMs)
{
    // Between half and one and a half times the mean, so workers do not move in step.
    timer.start(meanMs / 2 + int(QRandomGenerator::global()->bounded(qMax(1, meanMs))));
}

void SimulatedWorker::ask(const QString &interaction,
                          std::function<QVariant(Database &, QString *)> work,
                          std::function<void(const Outcome &)> done)
{
    LoadStats *stats = &m_stats;
    ++m_inFlight;
    m_db->run([work, stats](Database &db) {
            Outcome outcome;
            outcome.startedAt = stats->now();
            QElapsedTimer clock;
            clock.start();
            if (!db.isOpen())
                outcome.error = QStringLiteral("no connection to the server");
            else
                outcome.value = work(db, &outcome.error);
            outcome.ms = double(clock.nsecsElapsed()) / 1e6;
            return outcome;
        })
        .then(this, [this, interaction, done](const Outcome &outcome) {
            --m_inFlight;
            if (outcome.error.isEmpty())
                m_stats.interaction(interaction, outcome.ms);
            else
                m_stats.error(interaction, outcome.error);
            if (done)
                done(outcome);
        });
}

void SimulatedWorker::signIn()
{
    m_db = std::make_unique<DatabaseThread>(m_login, QString());
    const QString username = m_login.userName;
    ask(
        QStringLiteral("sign-in (identity, own started steps)"),
        [username](Database &db, QString *error) {
            const WorkerIdentity identity = WorkerDirectory(db).identityByUsername(username);
            if (!identity.isValid()) {
                *error = QStringLiteral("no such worker");
                return QVariant();
            }
            QVariantList steps;
            QVariantList children;
            QSqlQuery query = db.exec(QStringLiteral("SELECT id, person_id FROM worksteps WHERE "
                                                     "assignee_worker_id = ? AND status = "
                                                     "'started' ORDER BY id LIMIT 20"),
                                      {identity.id}, error);
            while (query.next()) {
                steps << query.value(0);
                children << query.value(1);
            }
            return QVariant(QVariantList{QVariant::fromValue(identity), steps, children});
        },
        [this](const Outcome &outcome) {
            if (!outcome.error.isEmpty() || m_stopping)
                return;
            const QVariantList read = outcome.value.toList();
            m_identity = read.at(0).value<WorkerIdentity>();
            for (const QVariant &id : read.at(1).toList())
                m_steps << id.toLongLong();
            for (const QVariant &id : read.at(2).toList())
                m_children << id.toLongLong();
            listen();
            schedule(m_think, (m_plan.thinkMinMs + m_plan.thinkMaxMs) / 2);
            schedule(m_saveTimer, m_plan.saveMs);
            schedule(m_finishTimer, m_plan.finishMs);
            emit signedIn();
        });
}

void SimulatedWorker::listen()
{
    m_listener = std::make_unique<ChangeListener>(m_login, QString(), m_identity.id);
    m_listener->setFallbackInterval(m_plan.pollMs);
    connect(m_listener.get(), &ChangeListener::workChanged, this, [this](const QString &payload) {
        m_stats.notified();
        m_live.notified(payload);
    });
    connect(m_listener.get(), &ChangeListener::pollDue, &m_live, &LiveRefresh::poll);
    connect(m_listener.get(), &ChangeListener::connectionStateChanged, this,
            [this](bool connected, const QString &message) {
                if (!connected && !m_stopping)
                    m_stats.error(QStringLiteral("live updates"), message);
            });
    m_listener->start();
}

void SimulatedWorker::stop()
{
    m_stopping = true;
    m_think.stop();
    m_saveTimer.stop();
    m_finishTimer.stop();
    if (m_listener) {
        m_listener->disconnect(this);
        m_listener->stop();
    }
    m_live.disconnect(this);
}

void SimulatedWorker::changeCommitted(qint64 at)
{
    m_stats.concerning();
    m_pendingCommits << at;
}

void SimulatedWorker::due(const LiveChange &change)
{
    if (m_stopping)
        return;
    if (m_reading) {
        // One read at a time, as the window's: what came meanwhile is read right after.
        m_readAgain.merge(change);
        return;
    }
    readSections(change);
}

void SimulatedWorker::readSections(const LiveChange &change)
{
    QList<WorkviewOwner> shown{WorkviewOwner::worker(m_identity.id, m_identity.displayName)};
    for (const VirtualWorkerRef &inbox : m_identity.virtualWorkers)
        shown << WorkviewOwner::virtualWorker(inbox.id, inbox.name, inbox.code);
    const QList<WorkviewOwner> sections = change.sectionsToRead(shown);
    if (sections.isEmpty())
        return;
    const bool periodic = change.everything;
    const bool ownSection = sections.first().kind == WorkviewOwner::Kind::Worker;
    if (periodic)
        m_stats.periodicRefresh();
    else
        m_stats.automaticRefresh();
    m_reading = true;
    ask(
        periodic ? QStringLiteral("workview (periodic, whole)")
                 : QStringLiteral("workview (live, changed sections)"),
        [sections](Database &db, QString *error) {
            int items = 0;
            for (const WorkviewOwner &owner : sections)
                items +=
                    WorkviewQuery(db).section(owner, WorkviewQuery::DefaultPageSize, error).total();
            return QVariant(items);
        },
        [this, ownSection](const Outcome &outcome) {
            m_reading = false;
            if (ownSection) {
                // Every change committed before this read began is on screen now.
                const qint64 landed = m_stats.now();
                for (qsizetype i = m_pendingCommits.size() - 1; i >= 0; --i) {
                    if (m_pendingCommits.at(i) <= outcome.startedAt) {
                        m_stats.liveDelay(double(landed - m_pendingCommits.at(i)));
                        m_pendingCommits.removeAt(i);
                    }
                }
            }
            if (!m_readAgain.isEmpty() && !m_stopping) {
                const LiveChange again = m_readAgain;
                m_readAgain = LiveChange();
                readSections(again);
            }
        });
}

void SimulatedWorker::act()
{
    const qint64 step = randomStep();
    const Actor me = actor();
    if (step > 0 && QRandomGenerator::global()->bounded(2) == 0) {
        ask(QStringLiteral("open step (snapshot)"), [step, me](Database &db, QString *error) {
            WorkflowEngine engine(db, DefinitionRegistry::shared());
            const StepSnapshot snapshot = engine.snapshot(step, me);
            if (snapshot.step.id != step)
                *error = QStringLiteral("step %1 did not open").arg(step);
            return QVariant();
        });
    } else if (!m_children.isEmpty()) {
        const qint64 child =
            m_children.at(QRandomGenerator::global()->bounded(int(m_children.size())));
        ask(QStringLiteral("open record (details, history, viewers)"),
            [child, me](Database &db, QString *error) {
                const RecordReading reading = PersonRecordQuery(db).read(child, me, true);
                if (!reading.status)
                    *error = reading.status.message();
                return QVariant();
            });
    }
    schedule(m_think, (m_plan.thinkMinMs + m_plan.thinkMaxMs) / 2);
}

void SimulatedWorker::save()
{
    schedule(m_saveTimer, m_plan.saveMs);
    const qint64 step = randomStep();
    if (step <= 0)
        return;
    const Actor me = actor();
    const QString token = m_plan.runTag + QLatin1Char('-') + m_login.userName + QLatin1Char('-') +
                          QString::number(++m_saves);
    ask(
        QStringLiteral("save one answer"),
        [step, me, token](Database &db, QString *error) {
            WorkflowEngine engine(db, DefinitionRegistry::shared());
            const auto [form, question] = answerableQuestion(engine.step(step));
            if (form.isEmpty()) {
                *error = QStringLiteral("step %1 has no question to answer").arg(step);
                return QVariant();
            }
            const QuestionDefinition *q =
                DefinitionRegistry::shared().form(form)->question(question);
            // A new value each time: an unchanged one is no save (and leaves no token).
            const QDate was =
                QDate::fromString(engine.answers(step, form).value(question).value, Qt::ISODate);
            const QString value =
                q->type == QuestionType::Date
                    ? (was.isValid() ? was.addDays(1) : QDate(2026, 1, 1)).toString(Qt::ISODate)
                    : QStringLiteral("Load save ") + token;
            const Status saved =
                engine.saveAnswers(step, form, {{question, value}}, me, -1, nullptr, token);
            if (!saved)
                *error = saved.message();
            return QVariant(
                QStringList{QString::number(step), form, question, value, was.toString(Qt::ISODate)}
                    .join(u' '));
        },
        [this, token](const Outcome &outcome) {
            if (!outcome.error.isEmpty())
                return;
            m_tokens << token;
            m_saveDetails.insert(token, outcome.value.toString());
            changeCommitted(outcome.startedAt + qint64(outcome.ms));
        });
}

void SimulatedWorker::finish()
{
    schedule(m_finishTimer, m_plan.finishMs);
    if (m_children.isEmpty())
        return;
    const qint64 child = m_children.first();
    const Actor me = actor();
    ask(
        QStringLiteral("finish a visit (create, start, answer, finish)"),
        [child, me](Database &db, QString *error) {
            WorkflowEngine engine(db, DefinitionRegistry::shared());
            Status status;
            const qint64 id = engine.createStep(child, QStringLiteral("Child in Need Visit"),
                                                Assignee::me(), me, &status);
            if (id <= 0) {
                *error = QStringLiteral("create: ") + status.message();
                return QVariant();
            }
            status = engine.startStep(id, me);
            if (status)
                status = engine.saveAnswers(
                    id, QStringLiteral("CS-VISIT"),
                    {{QStringLiteral("visit_date"), QStringLiteral("2026-11-20")},
                     {QStringLiteral("visit_type"), QStringLiteral("Announced")},
                     {QStringLiteral("child_seen"), QStringLiteral("true")},
                     {QStringLiteral("observations"), QStringLiteral("Settled.")}},
                    me);
            if (status)
                status = engine.finishStep(id, me);
            if (!status)
                *error = status.message();
            return QVariant();
        },
        [this](const Outcome &outcome) {
            if (!outcome.error.isEmpty())
                return;
            // Four commits, each a change to this worker's tray.
            for (int i = 0; i < 4; ++i)
                changeCommitted(outcome.startedAt + qint64(outcome.ms));
        });
}

} // namespace casedesk::bench
