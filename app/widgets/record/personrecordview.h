#pragma once

#include "records/personrecordquery.h"

#include <QWidget>

class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTreeView;
class QTreeWidget;

namespace casedesk {

class ElidedLabel;
class HistoryModel;
class InlineMessage;
class WorkflowEngine;

// A person's record, opened as a work tab: details (reference, date of birth and age, gender,
// address, restricted), allocated worker and team, relationships with parental responsibility,
// episodes, the history of steps and requests (newest first, read a page at a time), and who has
// viewed the record. Opening it goes through PersonRecordQuery::open, so the server may refuse
// it (a restricted record): then the refusal is all it shows.
//
// It opens nothing itself: a step of the history (double-click or Enter) emits
// openStepRequested, an episode openEpisodeRequested, Start Direct Payments
// startDirectPaymentsRequested. Start work creates a step the record can start (the visits and
// assessments of forms/step-types marked startableFromRecord) assigned to the worker, starts it,
// and emits stepStarted.
class PersonRecordView : public QWidget
{
    Q_OBJECT

public:
    PersonRecordView(Database &db, WorkflowEngine &engine, qint64 personId, const Actor &actor,
                     QWidget *parent = nullptr);

    qint64 personId() const { return m_personId; }
    bool isRefused() const { return m_refused; }
    // The server's refusal, or why the record could not be read; empty when it opened.
    QString refusal() const { return m_refusal; }
    const PersonRecord &record() const { return m_record; }
    // "Lily Hargreaves (C100201)", or "Record not opened".
    QString title() const;

    // Reads everything but the history's later pages again; does not count as another opening.
    void reload();
    // After work changed (here or elsewhere; the engine's workChanged): the episodes, and the
    // history while only its first page is read, keeping what is selected in them.
    void refreshWork();
    // Creates and starts a step of `stepType` on this person, assigned to the worker.
    qint64 startWork(const QString &stepType);

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

signals:
    void openStepRequested(qint64 stepId);
    void openEpisodeRequested(qint64 episodeId);
    void startDirectPaymentsRequested(qint64 personId);
    void stepStarted(qint64 stepId);
    void titleChanged(const QString &title);

private:
    QWidget *createRecordPage();
    QWidget *createRefusedPage();
    QWidget *createDetails(QWidget *parent);
    QWidget *createHistory(QWidget *parent);
    void showRecord();
    void showRelationships();
    void showEpisodes();
    void showViewers();
    void updateHistorySummary();
    void openHistoryRow(const QModelIndex &index);
    void openEpisode();

    Database &m_db;
    WorkflowEngine &m_engine;
    PersonRecordQuery m_query;
    qint64 m_personId;
    Actor m_actor;
    PersonRecord m_record;
    bool m_refused = false;
    QString m_refusal;

    QStackedWidget *m_pages = nullptr;
    InlineMessage *m_refusedMessage = nullptr;
    ElidedLabel *m_heading = nullptr;
    QLabel *m_subheading = nullptr;
    InlineMessage *m_restrictedBanner = nullptr;
    InlineMessage *m_message = nullptr;
    QPushButton *m_startWork = nullptr;
    QMenu *m_startWorkMenu = nullptr;
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
