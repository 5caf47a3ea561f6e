#pragma once

#include "session/session.h"
#include "workview/workerdirectory.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QWidget>
#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QSettings;
class QTimer;

namespace casedesk {

class DefinitionRegistry;
class InlineMessage;

// Sign-in to this computer's own SQLite database: pick one of its workers (the demo authority on
// a first start). The file is opened, created, upgraded and seeded off the GUI thread
// (SessionOpener::openLocalOffThread); the page stays live and says what it is doing after
// 300 ms. Problems with the data folder or file are shown on the page; a used file that has gone
// or is damaged can be set aside to start again with the demo data, after asking.
class LocalSignInPage : public QWidget
{
    Q_OBJECT

public:
    LocalSignInPage(const QString &databasePath, QSettings &settings,
                    const DefinitionRegistry *definitions, QWidget *parent = nullptr);
    ~LocalSignInPage() override;

    QString databasePath() const { return m_path; }
    // Opens (creating, upgrading and seeding as needed) and lists the workers, off the GUI
    // thread. The future ends, once the page shows the outcome, with whether the list loaded
    // (false with the reason shown on the page); a call while a load is on its way gets the same
    // future. A page destroyed first cancels it.
    QFuture<bool> load();
    bool isLoaded() const { return m_loaded; }
    bool isLoading() const { return m_loading != nullptr; }
    // What the page says while it loads ("" before 300 ms and when it is not loading).
    QString busyText() const;

    // The worker to select when the list loads (the one who signed in last time).
    void setPreferredWorker(const QString &username) { m_preferred = username; }
    WorkerIdentity selectedWorker() const;
    bool selectWorker(const QString &username);
    // Where the session's database handle is to be aimed (Database::aimAt; the database thread
    // opens its own connection); the page is unloaded.
    ConnectionSettings takeDatabaseSettings();
    // "Start again with demo data…": asks first; then sets the file aside and loads afresh. The
    // future ends with false if the worker said no, the file could not be set aside or the new
    // file did not load.
    QFuture<bool> startAfresh();

    InlineMessage *message() const { return m_message; }
    QListWidget *workerList() const { return m_workers; }

signals:
    void workerChosen(); // double-click or Enter on a worker
    void selectionChanged();
    // A load ended and the page shows its outcome.
    void loaded(bool ok);

private:
    void showOpened(const SessionOpener::LocalOpened &opened);

    QString m_path;
    QSettings &m_settings;
    QString m_preferred;
    const DefinitionRegistry *m_definitions;
    bool m_loaded = false;
    ConnectionSettings m_databaseSettings;
    QList<WorkerIdentity> m_workerIdentities;
    // The load on its way: its future's promise (a page destroyed mid-load cancels it) and the
    // watcher, a child of the page, so that nothing runs for a page that is gone.
    std::unique_ptr<QPromise<bool>> m_loading;
    QFuture<bool> m_loadingFuture;
    QFutureWatcher<SessionOpener::LocalOpened> *m_job;
    QString m_setAsideNote; // shown once a load after starting afresh has ended
    QTimer *m_busyDelay;
    QString m_stage;
    QLabel *m_busy;
    QListWidget *m_workers;
    InlineMessage *m_message;
    QPushButton *m_retry;
    QPushButton *m_startAfresh;
};

} // namespace casedesk
