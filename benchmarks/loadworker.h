#pragma once

#include "live/liverefresh.h"
#include "loadstats.h"
#include "storage/connectionsettings.h"
#include "storage/databasethread.h"
#include "workflow/records.h"
#include "workview/workerdirectory.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>

namespace casedesk {
class ChangeListener;
}

namespace casedesk::bench {

// How a simulated worker behaves (casedesk_load's options).
struct LoadPlan
{
    int pollMs = 5000;     // the workview read whole, as the periodic fallback
    int thinkMinMs = 3000; // between opening a record or a step
    int thinkMaxMs = 8000;
    int saveMs = 30000;    // a save about this often
    int finishMs = 300000; // a visit made and finished about this often
    QString runTag;        // in every save token of the run
};

// One worker signed in as their own login through the real core classes, as CaseDesk runs
// them without its widgets: a DatabaseThread for their requests, a ChangeListener on their
// private channel, and LiveRefresh deciding which sections of their workview to read again.
class SimulatedWorker : public QObject
{
    Q_OBJECT

public:
    SimulatedWorker(const ConnectionSettings &login, const LoadPlan &plan, LoadStats &stats,
                    QObject *parent = nullptr);
    ~SimulatedWorker() override;

    void signIn();
    void stop();
    bool isSignedIn() const { return m_identity.isValid(); }
    const WorkerIdentity &identity() const { return m_identity; }
    const QList<qint64> &startedSteps() const { return m_steps; }
    // A change to this worker's tray committed elsewhere at `at` (LoadStats::now()).
    void changeCommitted(qint64 at);
    const QStringList &savedTokens() const { return m_tokens; }
    // What a confirmed save wrote: "step form question value".
    QString saveDetail(const QString &token) const { return m_saveDetails.value(token); }
    // Requests asked and not answered yet (at the end of a run: stuck, counted as errors).
    int inFlight() const { return m_inFlight; }

signals:
    void signedIn();

private:
    struct Outcome
    {
        QString error;
        qint64 startedAt = 0;
        double ms = 0;
        QVariant value;
    };
    // Runs `work` on this worker's database thread, times it, and hands the outcome back here.
    void ask(const QString &interaction, std::function<QVariant(Database &, QString *)> work,
             std::function<void(const Outcome &)> done = {});
    void listen();
    void due(const LiveChange &change);
    void readSections(const LiveChange &change);
    void act();
    void save();
    void finish();
    void schedule(QTimer &timer, int meanMs);
    Actor actor() const;
    qint64 randomStep() const;

    ConnectionSettings m_login;
    LoadPlan m_plan;
    LoadStats &m_stats;
    std::unique_ptr<DatabaseThread> m_db;
    std::unique_ptr<ChangeListener> m_listener;
    LiveRefresh m_live;
    WorkerIdentity m_identity;
    QList<qint64> m_steps;
    QList<qint64> m_children;
    QTimer m_think;
    QTimer m_saveTimer;
    QTimer m_finishTimer;
    bool m_reading = false;
    LiveChange m_readAgain;
    QList<qint64> m_pendingCommits; // committed, not yet shown by a refresh
    QStringList m_tokens;
    QHash<QString, QString> m_saveDetails;
    int m_saves = 0;
    int m_inFlight = 0;
    bool m_stopping = false;
};

} // namespace casedesk::bench
