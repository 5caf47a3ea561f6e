#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace casedesk {

class BusyNote;
class ElidedLabel;
class InlineMessage;

// The workspace of one Direct Payments episode: the timeline (every step, decision, placement
// and date, in order) and each step with its answers, decision, requests and next actions.
// Answers copied forward say where they came from and whether they were confirmed or changed.
// "Export chronology" saves the child's whole chronology as CSV.
//
// Reads run on the database thread (DpContext::ask): the tab appears at once and fills when the
// workspace lands (the episode, its steps and each step's copied answers, in one request);
// "Reading the workspace…" (workspaceBusy) shows when that takes more than 300 ms; a lost
// connection is said in place. Answers that land after the tab was closed are dropped.
class EpisodeWorkspaceView : public QWidget
{
    Q_OBJECT

public:
    EpisodeWorkspaceView(const DpContext &context, qint64 episodeId, QWidget *parent = nullptr);

    // Reads the workspace again (the tab keeps what it shows until the answer lands).
    void reload();
    // "Workspace – Ava Example"; "Opening the workspace…" until the first read lands.
    QString title() const;
    // A read (or the chronology's) is on its way.
    bool isBusy() const;
    QLabel *busyNote() const;
    const EpisodeWorkspace &workspace() const { return m_workspace; }

    // Asks where to save (CsvExport), then reads the chronology and writes it there; says on
    // screen what happened. False when cancelled (or an export is already on its way).
    bool exportChronology();

    QTreeWidget *timeline() const { return m_timeline; }
    QTreeWidget *steps() const { return m_steps; }
    QPushButton *exportButton() const { return m_export; }
    InlineMessage *message() const { return m_message; }

signals:
    void titleChanged(const QString &title);
    // A read of the workspace (or an export) finished.
    void readDone();

private:
    struct Reading;
    void showReading(const Reading &reading);
    void showTimeline();
    void showSteps();

    DpContext m_context;
    qint64 m_episodeId;
    EpisodeWorkspace m_workspace;
    // Each step's copied answers, by step (read with the workspace).
    QHash<qint64, QList<CopiedAnswer>> m_copied;
    bool m_read = false; // the first read landed
    quint64 m_readsAsked = 0;
    bool m_exporting = false;
    BusyNote *m_busy;
    ElidedLabel *m_heading;
    QLabel *m_details;
    QTreeWidget *m_timeline;
    QTreeWidget *m_steps;
    QPushButton *m_export;
    InlineMessage *m_message;
};

} // namespace casedesk
