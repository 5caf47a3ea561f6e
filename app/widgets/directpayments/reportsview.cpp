#include "reportsview.h"

#include "declinechart.h"
#include "definitions/definitionregistry.h"
#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"
#include "domain/sensibledates.h"
#include "reporttableview.h"

#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QDateEdit *dateEdit(const QDate &date, const QString &name, const QString &accessible,
                    QWidget *parent)
{
    auto *edit = new QDateEdit(date, parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    edit->setAccessibleName(accessible);
    // Typing 0001 or 9999 is a slip: the dates CaseDesk accepts anywhere.
    edit->setDateRange(SensibleDates::earliest(), SensibleDates::latest());
    return edit;
}

QHBoxLayout *labelled(QWidget *parent, const QList<QPair<QString, QWidget *>> &fields)
{
    auto *row = new QHBoxLayout;
    for (const auto &field : fields) {
        auto *label = new QLabel(field.first, parent);
        label->setBuddy(field.second);
        row->addWidget(label);
        row->addWidget(field.second);
    }
    row->addStretch(1);
    return row;
}

} // namespace

ReportsView::ReportsView(const DpContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("reportsView"));
    m_tabs->setObjectName(QStringLiteral("reportTabs"));
    m_tabs->addTab(agendaPage(), tr("Panel &agenda"));
    m_tabs->addTab(reviewsPage(), tr("Reviews &due"));
    m_tabs->addTab(declinesPage(), tr("Decline &reasons"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    reload();
}

QWidget *ReportsView::agendaPage()
{
    auto *page = new QWidget(this);
    m_agendaPanel = new QComboBox(page);
    m_agendaPanel->setObjectName(QStringLiteral("reportPanelChoice"));
    m_agendaPanel->setAccessibleName(tr("Panel"));
    m_agenda = new ReportTableView(QStringLiteral("panel-agenda"), page);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(labelled(page, {{tr("&Panel:"), m_agendaPanel}}));
    layout->addWidget(m_agenda, 1);
    connect(m_agendaPanel, &QComboBox::currentIndexChanged, this, &ReportsView::showAgenda);
    return page;
}

QWidget *ReportsView::reviewsPage()
{
    auto *page = new QWidget(this);
    m_within = new QSpinBox(page);
    m_within->setObjectName(QStringLiteral("reviewsWithin"));
    m_within->setRange(1, 250);
    m_within->setValue(20);
    m_within->setSuffix(tr(" working days"));
    m_within->setAccessibleName(tr("Show reviews due within"));
    m_reviews = new ReportTableView(QStringLiteral("reviews-due"), page);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(labelled(page, {{tr("Due &within:"), m_within}}));
    layout->addWidget(m_reviews, 1);
    connect(m_within, &QSpinBox::valueChanged, this, &ReportsView::showReviews);
    return page;
}

QWidget *ReportsView::declinesPage()
{
    auto *page = new QWidget(this);
    const QDate today = m_context.dp.today();
    m_from = dateEdit(QDate(today.year(), today.month(), 1).addMonths(-11),
                      QStringLiteral("declinesFrom"), tr("Panels from"), page);
    m_to = dateEdit(today, QStringLiteral("declinesTo"), tr("Panels to"), page);
    m_byMonth = new ReportTableView(QStringLiteral("decline-reasons-by-month"), page);
    m_byTeam = new ReportTableView(QStringLiteral("decline-reasons-by-team"), page);
    m_byMonthChart = new DeclineChart(tr("Decline reasons by month"), page);
    m_byMonthChart->setObjectName(QStringLiteral("byMonthChart"));
    m_byTeamChart = new DeclineChart(tr("Decline reasons by team"), page);
    m_byTeamChart->setObjectName(QStringLiteral("byTeamChart"));
    m_byMonthChart->chartView()->setObjectName(QStringLiteral("byMonthChartView"));
    m_byTeamChart->chartView()->setObjectName(QStringLiteral("byTeamChartView"));

    auto *charts = new QSplitter(Qt::Horizontal, page);
    charts->addWidget(m_byMonthChart);
    charts->addWidget(m_byTeamChart);
    auto *tables = new QSplitter(Qt::Horizontal, page);
    tables->addWidget(m_byMonth);
    tables->addWidget(m_byTeam);
    auto *both = new QSplitter(Qt::Vertical, page);
    both->addWidget(charts);
    both->addWidget(tables);
    both->setSizes({460, 260});
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(labelled(page, {{tr("Panels &from:"), m_from}, {tr("&to:"), m_to}}));
    layout->addWidget(both, 1);
    // As the page reads: the period, the charts above, then each table and its Export.
    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_byMonthChart->chartView());
    setTabOrder(m_byMonthChart->chartView(), m_byTeamChart->chartView());
    setTabOrder(m_byTeamChart->chartView(), m_byMonth->tableWidget());
    setTabOrder(m_byMonth->tableWidget(), m_byMonth->exportButton());
    setTabOrder(m_byMonth->exportButton(), m_byTeam->tableWidget());
    setTabOrder(m_byTeam->tableWidget(), m_byTeam->exportButton());
    connect(m_from, &QDateEdit::dateChanged, this, &ReportsView::showDeclines);
    connect(m_to, &QDateEdit::dateChanged, this, &ReportsView::showDeclines);
    return page;
}

void ReportsView::reload()
{
    const QDate today = m_context.dp.today();
    const qint64 selected = m_agendaPanel->currentData().toLongLong();
    {
        QSignalBlocker blocker(m_agendaPanel);
        m_agendaPanel->clear();
        int chosen = -1;
        for (const PanelRecord &panel :
             m_context.dp.timetable(today.addYears(-1), today.addYears(2))) {
            m_agendaPanel->addItem(tr("%1 (%n case(s))", nullptr, panel.itemCount)
                                       .arg(DirectPayments::formatDateTime(panel.meetingAt)),
                                   panel.id);
            if (panel.id == selected ||
                (selected == 0 && chosen < 0 && panel.meetingDate() >= today))
                chosen = m_agendaPanel->count() - 1;
        }
        m_agendaPanel->setCurrentIndex(chosen >= 0 ? chosen : m_agendaPanel->count() - 1);
    }
    showAgenda();
    showReviews();
    showDeclines();
}

void ReportsView::showAgenda()
{
    const qint64 panelId = m_agendaPanel->currentData().toLongLong();
    if (panelId > 0)
        m_agenda->setTable(m_context.dp.agendaReport(panelId));
    else
        m_agenda->setTable(
            ReportTable{tr("There are no Direct Payments panels in the timetable."), {}, {}});
}

void ReportsView::showReviews()
{
    m_reviews->setTable(m_context.dp.reviewsDueReport(m_context.dp.today(), m_within->value()));
}

void ReportsView::showDeclines()
{
    const QDate from = m_from->date();
    const QDate to = m_to->date();
    m_byMonth->setTable(m_context.dp.declineReasonsByMonthReport(from, to));
    m_byTeam->setTable(m_context.dp.declineReasonsByTeamReport(from, to));
    QStringList order; // the maintained list of decline reasons, in the form's order
    if (const FormDefinition *form = m_context.dp.engine().definitions().form(dp::PanelForm)) {
        if (const QuestionDefinition *reason = form->question(dp::q::DeclineReason))
            order = reason->choices;
    }
    m_byMonthChart->setCounts(m_context.dp.declineReasonsByMonth(from, to), order);
    m_byTeamChart->setCounts(m_context.dp.declineReasonsByTeam(from, to), order);
}

} // namespace casedesk
