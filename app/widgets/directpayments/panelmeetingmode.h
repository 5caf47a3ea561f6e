#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace casedesk {

class BusyNote;
class InlineMessage;

// Panel meeting mode: the panel administrator walks a panel's agenda case by case during the
// meeting ("Case 2 of 5", Previous/Next, Page Up/Page Down), sees the case's summary (child,
// worker, team, kind, what was submitted) and opens the panel step's form to record the outcome.
//
// Every read and write runs on the database thread (DpContext::ask): the screen appears at once
// and fills when its read lands. Opening it, or reload(), reads the timetable, the agenda and what
// was submitted for the case shown in one request; choosing another panel reads its agenda; each
// other case's submission is read when it is first shown. "Reading the agenda…" (meetingBusy)
// shows when an answer takes more than 300 ms; a lost connection is said in place. Answers that
// land after the screen was closed are dropped.
class PanelMeetingMode : public QWidget
{
    Q_OBJECT

public:
    explicit PanelMeetingMode(const DpContext &context, qint64 panelId = 0,
                              QWidget *parent = nullptr);

    // Shows this panel's agenda (once the timetable is read, if it is still on its way). False
    // when the timetable read has no such panel.
    bool setPanel(qint64 panelId);
    qint64 panelId() const;
    // Re-reads the timetable and the agenda, staying on the same panel and case.
    void reload();

    int caseCount() const { return int(m_items.size()); }
    int currentIndex() const { return m_index; }
    const AgendaItem *currentItem() const;
    bool showCase(int index);
    bool next() { return showCase(m_index + 1); }
    bool previous() { return showCase(m_index - 1); }
    // Starts (or resumes) the case's panel step with the date of panel filled in, then asks for
    // its form to be opened (recordOutcomeRequested) once the server agreed; the reason shows on
    // screen if not. False when there is no case, or an opening is already on its way.
    bool recordOutcome();

    // A read or write is on its way.
    bool isBusy() const;
    QLabel *busyNote() const;
    QLabel *counter() const { return m_counter; }
    QTextBrowser *summary() const { return m_summary; }
    QPushButton *previousButton() const { return m_previous; }
    QPushButton *nextButton() const { return m_next; }
    QPushButton *recordButton() const { return m_record; }
    QComboBox *panelChoice() const { return m_panels; }
    InlineMessage *message() const { return m_message; }

signals:
    // Open this panel step's form (the main window opens a step editor tab).
    void recordOutcomeRequested(qint64 stepId);
    // A read of the agenda (or of a case's submission) landed.
    void readDone();

private:
    struct Reading;
    // Reads the agenda of `panelId` (with the timetable first when `withPanels`, choosing
    // `panelId` there, or the next panel when 0), showing `keepCaseId` when it is still there.
    void read(bool withPanels, qint64 panelId, qint64 keepCaseId);
    void showReading(const Reading &reading);
    void readSubmission(const AgendaItem &item);
    void updateCase();
    QString summaryHtml(const AgendaItem &item) const;

    DpContext m_context;
    QList<AgendaItem> m_items;
    int m_index = -1;
    // What was submitted, by episode, as read for the cases shown (dropped on every reload).
    QHash<qint64, EpisodeWorkspace> m_submissions;
    QSet<qint64> m_submissionsAsked;
    quint64 m_readsAsked = 0; // the latest agenda read; older answers are of no use
    bool m_readingAgenda = false;
    bool m_opening = false;    // an openAgendaItem on its way
    bool m_readFailed = false; // the message on screen says a read failed

    QComboBox *m_panels;
    QLabel *m_counter;
    QLabel *m_title;
    QTextBrowser *m_summary;
    QPushButton *m_previous;
    QPushButton *m_next;
    QPushButton *m_record;
    InlineMessage *m_message;
    BusyNote *m_busy;
};

} // namespace casedesk
