#pragma once

#include "dpcontext.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QSpinBox;
class QTabWidget;

namespace casedesk {

class DeclineChart;
class ReportTableView;

// Direct Payments reports for the panel administrator and managers, each exportable as CSV:
// a panel's agenda, reviews due and overdue, and decline reasons by month and by team (a table
// and a stacked bar chart).
class ReportsView : public QWidget
{
    Q_OBJECT

public:
    explicit ReportsView(const DpContext &context, QWidget *parent = nullptr);

    void reload();

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

private:
    QWidget *agendaPage();
    QWidget *reviewsPage();
    QWidget *declinesPage();
    void showAgenda();
    void showReviews();
    void showDeclines();

    DpContext m_context;
    QTabWidget *m_tabs;
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
