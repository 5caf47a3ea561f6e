#include "reportsview.h"

#include "common/inlinemessage.h"
#include "declinechart.h"
#include "definitions/definitionregistry.h"
#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"
#include "domain/sensibledates.h"
#include "dpbusy.h"
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
    m_busy = new BusyNote(QStringLiteral("reportsBusy"), this);
    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("reportsMessage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_busy);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs);
    reload();
}

bool ReportsView::isBusy() const
{
    return m_busy->isWaiting();
}

QLabel *ReportsView::busyNote() const
{
    return m_busy;
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
    connect(m_agendaPanel, &QComboBox::currentIndexChanged, this, [this] { read(Agenda); });
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
    connect(m_within, &QSpinBox::valueChanged, this, [this] { read(Reviews); });
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
    connect(m_from, &QDateEdit::dateChanged, this, [this] { read(Declines); });
    connect(m_to, &QDateEdit::dateChanged, this, [this] { read(Declines); });
    return page;
}

void ReportsView::reload()
{
    read(Everything);
}

// What one read of the reports brings back: the parts asked for.
struct ReportsView::Reading
{
    int parts = 0;
    QHash<int, quint64> asked;
    QList<PanelRecord> panels;
    qint64 panelId = 0; // the agenda's panel (0: none in the timetable)
    ReportTable agenda;
    ReportTable reviews;
    ReportTable byMonth;
    ReportTable byTeam;
    QList<DeclineReasonCount> byMonthCounts;
    QList<DeclineReasonCount> byTeamCounts;
    bool lost = false;
};

void ReportsView::read(int parts)
{
    const quint64 asked = ++m_readsAsked;
    QHash<int, quint64> marks;
    for (int part : {Panels, Agenda, Reviews, Declines}) {
        if (parts & part) {
            m_latest[part] = asked;
            marks.insert(part, asked);
        }
    }
    m_busy->begin(tr("Reading the reports\u2026"));
    const qint64 selected = m_agendaPanel->currentData().toLongLong();
    const int within = m_within->value();
    const QDate from = m_from->date();
    const QDate to = m_to->date();
    // On the database thread (copies in, values out): every part asked, in one request.
    m_context
        .ask([parts, marks, selected, within, from, to](DirectPayments &dp) {
            Reading reading;
            reading.parts = parts;
            reading.asked = marks;
            const QDate today = dp.today();
            reading.panelId = selected;
            if (parts & Panels) {
                reading.panels = dp.timetable(today.addYears(-1), today.addYears(2));
                // The panel chosen, else the next one, else the last one that met.
                qint64 next = 0;
                bool kept = false;
                for (const PanelRecord &panel : std::as_const(reading.panels)) {
                    kept = kept || panel.id == selected;
                    if (next == 0 && panel.meetingDate() >= today)
                        next = panel.id;
                }
                reading.panelId = kept                       ? selected
                                  : next > 0                 ? next
                                  : reading.panels.isEmpty() ? 0
                                                             : reading.panels.last().id;
            }
            if ((parts & Agenda) && reading.panelId > 0)
                reading.agenda = dp.agendaReport(reading.panelId);
            if (parts & Reviews)
                reading.reviews = dp.reviewsDueReport(today, within);
            if (parts & Declines) {
                reading.byMonth = dp.declineReasonsByMonthReport(from, to);
                reading.byTeam = dp.declineReasonsByTeamReport(from, to);
                reading.byMonthCounts = dp.declineReasonsByMonth(from, to);
                reading.byTeamCounts = dp.declineReasonsByTeam(from, to);
            }
            reading.lost = dp.connectionLost();
            return reading;
        })
        .then(this, [this](const Reading &reading) {
            m_busy->end();
            showReading(reading);
        });
}

void ReportsView::showReading(const Reading &reading)
{
    const auto current = [&](int part) {
        return (reading.parts & part) && reading.asked.value(part) == m_latest.value(part);
    };
    if (reading.lost) {
        m_message->showError(
            tr("The reports could not be read. %1").arg(DirectPayments::connectionLostMessage()));
        emit readDone();
        return;
    }
    m_message->clearMessage();
    if (current(Panels)) {
        const QSignalBlocker blocker(m_agendaPanel);
        m_agendaPanel->clear();
        for (const PanelRecord &panel : reading.panels)
            m_agendaPanel->addItem(tr("%1 (%n case(s))", nullptr, panel.itemCount)
                                       .arg(DirectPayments::formatDateTime(panel.meetingAt)),
                                   panel.id);
        m_agendaPanel->setCurrentIndex(m_agendaPanel->findData(reading.panelId));
    }
    if (current(Agenda)) {
        if (reading.panelId > 0)
            m_agenda->setTable(reading.agenda);
        else
            m_agenda->setTable(
                ReportTable{tr("There are no Direct Payments panels in the timetable."), {}, {}});
    }
    if (current(Reviews))
        m_reviews->setTable(reading.reviews);
    if (current(Declines)) {
        m_byMonth->setTable(reading.byMonth);
        m_byTeam->setTable(reading.byTeam);
        QStringList order; // the maintained list of decline reasons, in the form's order
        if (const FormDefinition *form = m_context.dp.engine().definitions().form(dp::PanelForm)) {
            if (const QuestionDefinition *reason = form->question(dp::q::DeclineReason))
                order = reason->choices;
        }
        m_byMonthChart->setCounts(reading.byMonthCounts, order);
        m_byTeamChart->setCounts(reading.byTeamCounts, order);
    }
    emit readDone();
}

} // namespace casedesk
