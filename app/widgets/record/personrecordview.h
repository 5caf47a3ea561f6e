#pragma once

#include "records/personrecordquery.h"
#include "storage/databasethread.h"

#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTimer;
class QTreeView;
class QTreeWidget;

namespace casedesk {

class DefinitionRegistry;
class ElidedLabel;
class HistoryModel;
class InlineMessage;

// A person's record, opened as a work tab: details (reference, date of birth and age, gender,
// address, restricted), allocated worker and team, relationships with parental responsibility,
// episodes, the history of steps and requests (newest first, read a page at a time), and who has
// viewed the record. Opening it goes through PersonRecordQuery::read (which records the opening),
// so the server may refuse it (a restricted record): then the refusal is all it shows.
//
// Every read and write runs off the GUI thread, on `background` (DatabaseThread): the tab appears
// at once, "Opening the record…" shows if the answer takes more than 300 ms, and a refusal, a
// record that no longer exists or a lost connection (with Try again) is shown in place. An
// answer that lands after the tab was closed is dropped. readDone() follows each read.
//
// It opens nothing itself: a step of the history (double-click or Enter) emits
// openStepRequested, an episode openEpisodeRequested, Start Direct Payments
// startDirectPaymentsRequested. Start work creates a step the record can start (the visits and
// assessments of forms/step-types marked startableFromRecord) assigned to the worker, starts it,
// and emits workChanged, then stepStarted. Its owner calls refreshWork() when work changes.
class PersonRecordView : public QWidget
{
    Q_OBJECT

public:
    PersonRecordView(DatabaseThread &background, const DefinitionRegistry &definitions,
                     qint64 personId, const Actor &actor, QWidget *parent = nullptr);

    qint64 personId() const { return m_personId; }
    // Still waiting for the record's first answer.
    bool isOpening() const { return m_state == State::Opening; }
    // Refused, gone or not reached: the refusal page shows why.
    bool isRefused() const { return m_state == State::Refused; }
    // A read or write of the record is on its way (opening, Reload, a refresh, Start work, a
    // page of history).
    bool isBusy() const;
    // What the place that waits says now ("Opening the record…"); empty when nothing is shown.
    QString busyText() const;
    // The server's refusal, or why the record could not be read; empty when it opened.
    QString refusal() const { return m_refusal; }
    const PersonRecord &record() const { return m_record; }
    // "Lily Hargreaves (C100201)", "Opening the record…", or "Record not opened".
    QString title() const;

    // Reads the record again, with the first page of history; does not count as another opening.
    void reload();
    // After work changed (here or elsewhere; the engine's workChanged): the episodes, and the
    // history while only its first page is read, keeping what is selected in them.
    void refreshWork();
    // Creates and starts a step of `stepType` on this person, assigned to the worker.
    void startWork(const QString &stepType);

    // For tests and the main window.
    QLabel *detailLabel(const QString &field) const; // "reference", "dateOfBirth", ...
    QTreeWidget *relationshipsList() const { return m_relationships; }
    QTreeWidget *episodesList() const { return m_episodes; }
    QTreeView *historyView() const { return m_historyView; }
    HistoryModel *historyModel() const { return m_history; }
    QLabel *historySummary() const { return m_historySummary; }
    QTreeWidget *viewersList() const { return m_viewers; }
    QLabel *viewersNote() const { return m_viewersNote; }
    InlineMessage *message() const { return m_message; }
    QPushButton *startWorkButton() const { return m_startWork; }
    QMenu *startWorkMenu() const { return m_startWorkMenu; }
    QPushButton *startDirectPaymentsButton() const { return m_startDirectPayments; }
    // "You can see the placement request you were asked about", for roles that open only that.
    InlineMessage *askedAboutNote() const { return m_askedAbout; }
    QPushButton *tryAgainButton() const { return m_tryAgain; }

signals:
    void openStepRequested(qint64 stepId);
    void openEpisodeRequested(qint64 episodeId);
    void startDirectPaymentsRequested(qint64 personId);
    void stepStarted(qint64 stepId);
    void titleChanged(const QString &title);
    // Work was done from this record (a step created): others showing work should read again.
    void workChanged();
    void readDone();

private:
    // The signed-in worker when their role opens only what they are asked about; otherwise 0.
    qint64 askedAboutWorker() const
    {
        return m_definitions.opensWholeRecords(m_actor.role) ? 0 : m_actor.workerId;
    }
    enum class State
    {
        Opening,
        Open,
        Refused
    };
    // What a read asked while another was on its way still has to read.
    enum class ReadAgain
    {
        Nothing,
        Work,
        Record
    };

    void open();
    void showOpened(const RecordReading &reading);
    void showRefusal(const Status &status);
    void showReadAgain(const RecordReading &reading);
    void readFinished();
    void beginWaiting(const QString &text);
    void endWaiting();
    void showWaiting();
    QWidget *createOpeningPage();
    QWidget *createRecordPage();
    QWidget *createRefusedPage();
    QWidget *createDetails(QWidget *parent);
    QWidget *createHistory(QWidget *parent);
    void showRecord();
    void showRelationships();
    void showEpisodes();
    void showViewers(const QList<RecordView> &views, bool allowed);
    void updateHistorySummary();
    void openHistoryRow(const QModelIndex &index);
    void openEpisode();

    // Print… and Save as PDF… of the record's summary.
    QPushButton *paperButton(QWidget *page);

    DatabaseThread &m_background;
    const DefinitionRegistry &m_definitions;
    qint64 m_personId;
    Actor m_actor;
    PersonRecord m_record;
    State m_state = State::Opening;
    QString m_refusal;
    bool m_reading = false; // opening, Reload or a refresh on its way
    ReadAgain m_readAgain = ReadAgain::Nothing;
    bool m_wholeHistory = false; // the next refresh reads the history from the top
    bool m_ownChange = false;    // while this view says work changed: no refresh of its own
    int m_waiting = 0;           // requests on their way that the worker waits for
    QString m_waitingFor;
    QTimer *m_busyDelay = nullptr;

    QWidget *m_openingPage = nullptr;
    QLabel *m_opening = nullptr;
    QWidget *m_recordPage = nullptr;
    QWidget *m_refusedPage = nullptr;
    QPushButton *m_tryAgain = nullptr;
    QLabel *m_busy = nullptr;
    QLabel *m_historyBusy = nullptr;
    QTimer *m_historyBusyDelay = nullptr;
    QStackedWidget *m_pages = nullptr;
    InlineMessage *m_refusedMessage = nullptr;
    ElidedLabel *m_heading = nullptr;
    QLabel *m_subheading = nullptr;
    InlineMessage *m_restrictedBanner = nullptr;
    InlineMessage *m_message = nullptr;
    QPushButton *m_startWork = nullptr;
    QMenu *m_startWorkMenu = nullptr;
    QHash<QString, QAction *> m_startActions; // step type -> its Start work action
    InlineMessage *m_askedAbout = nullptr;
    QPushButton *m_startDirectPayments = nullptr;
    QPushButton *m_reload = nullptr;
    QHash<QString, QLabel *> m_details;
    QTreeWidget *m_relationships = nullptr;
    QTreeWidget *m_episodes = nullptr;
    QTreeView *m_historyView = nullptr;
    HistoryModel *m_history = nullptr;
    QLabel *m_historySummary = nullptr;
    QPushButton *m_showMore = nullptr;
    QTreeWidget *m_viewers = nullptr;
    QLabel *m_viewersNote = nullptr;
};

} // namespace casedesk
