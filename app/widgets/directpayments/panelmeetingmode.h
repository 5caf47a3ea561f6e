#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace casedesk {

class InlineMessage;

// Panel meeting mode: the panel administrator walks a panel's agenda case by case during the
// meeting ("Case 2 of 5", Previous/Next, Page Up/Page Down), sees the case's summary (child,
// worker, team, kind, what was submitted) and opens the panel step's form to record the outcome.
class PanelMeetingMode : public QWidget
{
    Q_OBJECT

public:
    explicit PanelMeetingMode(const DpContext &context, qint64 panelId = 0,
                              QWidget *parent = nullptr);

    bool setPanel(qint64 panelId);
    qint64 panelId() const;
    // Re-reads the agenda, staying on the same case.
    void reload();

    int caseCount() const { return int(m_items.size()); }
    int currentIndex() const { return m_index; }
    const AgendaItem *currentItem() const;
    bool showCase(int index);
    bool next() { return showCase(m_index + 1); }
    bool previous() { return showCase(m_index - 1); }
    // Starts (or resumes) the case's panel step with the date of panel filled in, then asks for
    // its form to be opened (recordOutcomeRequested). False, with the reason on screen, if not.
    bool recordOutcome();

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

private:
    void showPanels(qint64 select);
    void updateCase();
    QString summaryHtml(const AgendaItem &item);

    DpContext m_context;
    QList<AgendaItem> m_items;
    int m_index = -1;

    QComboBox *m_panels;
    QLabel *m_counter;
    QLabel *m_title;
    QTextBrowser *m_summary;
    QPushButton *m_previous;
    QPushButton *m_next;
    QPushButton *m_record;
    InlineMessage *m_message;
};

} // namespace casedesk
