#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace casedesk {

class ElidedLabel;
class InlineMessage;

// The workspace of one Direct Payments episode: the timeline (every step, decision, placement
// and date, in order) and each step with its answers, decision, requests and next actions.
// Answers copied forward say where they came from and whether they were confirmed or changed.
// "Export chronology" saves the child's whole chronology as CSV.
class EpisodeWorkspaceView : public QWidget
{
    Q_OBJECT

public:
    EpisodeWorkspaceView(const DpContext &context, qint64 episodeId, QWidget *parent = nullptr);

    void reload();
    QString title() const;
    const EpisodeWorkspace &workspace() const { return m_workspace; }

    // Asks where to save (CsvExport) and writes the chronology; says on screen what happened.
    bool exportChronology();

    QTreeWidget *timeline() const { return m_timeline; }
    QTreeWidget *steps() const { return m_steps; }
    QPushButton *exportButton() const { return m_export; }
    InlineMessage *message() const { return m_message; }

private:
    void showTimeline();
    void showSteps();

    DpContext m_context;
    qint64 m_episodeId;
    EpisodeWorkspace m_workspace;
    ElidedLabel *m_heading;
    QLabel *m_details;
    QTreeWidget *m_timeline;
    QTreeWidget *m_steps;
    QPushButton *m_export;
    InlineMessage *m_message;
};

} // namespace casedesk
