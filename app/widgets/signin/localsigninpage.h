#pragma once

#include "storage/database.h"
#include "workview/workerdirectory.h"

#include <QWidget>
#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QSettings;

namespace casedesk {

class DefinitionRegistry;
class InlineMessage;

// Sign-in to this computer's own SQLite database: pick one of its workers (the demo authority on
// a first start). Problems with the data folder or file are shown on the page; a used file that
// has gone or is damaged can be set aside to start again with the demo data, after asking.
class LocalSignInPage : public QWidget
{
    Q_OBJECT

public:
    LocalSignInPage(const QString &databasePath, QSettings &settings,
                    const DefinitionRegistry *definitions, QWidget *parent = nullptr);
    ~LocalSignInPage() override;

    QString databasePath() const { return m_path; }
    // Opens (creating, upgrading and seeding as needed) and lists the workers; false, with the
    // reason shown on the page, if the database cannot be used.
    bool load();
    bool isLoaded() const { return m_db != nullptr; }

    // The worker to select when the list loads (the one who signed in last time).
    void setPreferredWorker(const QString &username) { m_preferred = username; }
    WorkerIdentity selectedWorker() const;
    bool selectWorker(const QString &username);
    // Hands the open database over to the session; the page is unloaded.
    std::unique_ptr<Database> takeDatabase();
    // "Start again with demo data…": asks first; then sets the file aside and loads afresh.
    // False if the worker said no or the file could not be set aside.
    bool startAfresh();

    InlineMessage *message() const { return m_message; }
    QListWidget *workerList() const { return m_workers; }

signals:
    void workerChosen(); // double-click or Enter on a worker
    void selectionChanged();

private:
    QString m_path;
    QSettings &m_settings;
    QString m_preferred;
    const DefinitionRegistry *m_definitions;
    std::unique_ptr<Database> m_db;
    QList<WorkerIdentity> m_workerIdentities;
    QListWidget *m_workers;
    InlineMessage *m_message;
    QPushButton *m_retry;
    QPushButton *m_startAfresh;
};

} // namespace casedesk
