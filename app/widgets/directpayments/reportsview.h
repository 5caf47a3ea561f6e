#pragma once

#include "dpcontext.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QDateEdit;
class QSpinBox;
class QTabWidget;

namespace casedesk {

class BusyNote;
class DeclineChart;
class InlineMessage;
class ReportTableView;

// Direct Payments reports for the panel administrator and managers, each exportable as CSV:
// a panel's agenda, reviews due and overdue, and decline reasons by month and by team (a table
// and a stacked bar chart).
//
// The reports are read on the database thread (DpContext::ask): the screen appears at once and
// fills when its read lands. Opening it, or reload(), reads the timetable and every report in one
// request; changing a report's panel, days or period reads that report alone. "Reading the
// reports…" (reportsBusy) shows when an answer takes more than 300 ms; a lost connection is said
// in place (reportsMessage). Answers that land after the screen was closed are dropped.
class ReportsView : public QWidget
{
    Q_OBJECT

public:
    explicit ReportsView(const DpContext &context, QWidget *parent = nullptr);

    void reload();
    // A read is on its way.
    bool isBusy() const;
    QLabel *busyNote() const;
    InlineMessage *message() const { return m_message; }

    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *agendaPanelChoice() const { return m_agendaPanel; }
    ReportTableView *agendaReport() const { return m_agenda; }
    ReportTableView *reviewsReport() const { return m_reviews; }
    QSpinBox *reviewsWithin() const { return m_within; }
    ReportTableView *byMonthReport() const { return m_byMonth; }
    ReportTableView *byTeamReport() const { return m_byTeam; }
    DeclineChart *byMonthChart() const { return m_byMonthChart; }
    DeclineChart *byTeamChart() const { return m_byTeamChart; }
    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }

signals:
    // A read of the reports landed.
    void readDone();

private:
    struct Reading;
    enum Part
    {
        Panels = 1,
        Agenda = 2,
        Reviews = 4,
        Declines = 8,
        Everything = Panels | Agenda | Reviews | Declines
    };
    QWidget *agendaPage();
    QWidget *reviewsPage();
    QWidget *declinesPage();
    // Reads `parts` of the screen, with what is chosen on it now.
    void read(int parts);
    void showReading(const Reading &reading);

    DpContext m_context;
    // The latest read asked of each part: an older answer for a part is of no use.
    QHash<int, quint64> m_latest;
    quint64 m_readsAsked = 0;
    QTabWidget *m_tabs;
    BusyNote *m_busy = nullptr;
    InlineMessage *m_message = nullptr;
    QComboBox *m_agendaPanel = nullptr;
    ReportTableView *m_agenda = nullptr;
    QSpinBox *m_within = nullptr;
    ReportTableView *m_reviews = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    ReportTableView *m_byMonth = nullptr;
    ReportTableView *m_byTeam = nullptr;
    DeclineChart *m_byMonthChart = nullptr;
    DeclineChart *m_byTeamChart = nullptr;
};

} // namespace casedesk
