#include "declinechart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace casedesk {

DeclineChart::DeclineChart(const QString &title, QWidget *parent)
    : QWidget(parent), m_view(new QChartView(this)), m_title(title)
{
    m_view->setObjectName(QStringLiteral("declineChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setAccessibleName(title);
    m_view->setMinimumHeight(260);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setCounts({});
}

QChart *DeclineChart::chart() const
{
    return m_view->chart();
}

void DeclineChart::setCounts(const QList<DeclineReasonCount> &counts,
                             const QStringList &reasonOrder)
{
    // Distinct colours (Okabe–Ito, readable by most colour-blind people), by the reason's place.
    static const QList<QColor> palette{QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
                                       QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                                       QColor(0xd5, 0x5e, 0x00), QColor(0x56, 0xb4, 0xe9),
                                       QColor(0x44, 0x44, 0x44), QColor(0xf0, 0xe4, 0x42)};
    QStringList groups;
    QStringList reasons;
    for (const DeclineReasonCount &count : counts) {
        if (!groups.contains(count.group))
            groups << count.group;
        if (!reasons.contains(count.reason))
            reasons << count.reason;
    }
    groups.sort();
    auto *series = new QStackedBarSeries;
    series->setName(m_title);
    int highest = 0;
    QList<int> totals(groups.size(), 0);
    for (const QString &reason : std::as_const(reasons)) {
        auto *set = new QBarSet(reason.isEmpty() ? tr("No reason recorded") : reason);
        const qsizetype place = reasonOrder.contains(reason)
                                    ? reasonOrder.indexOf(reason)
                                    : reasonOrder.size() + reasons.indexOf(reason);
        set->setColor(palette.at(place % palette.size()));
        for (const QString &group : std::as_const(groups)) {
            int value = 0;
            for (const DeclineReasonCount &count : counts) {
                if (count.group == group && count.reason == reason)
                    value += count.count;
            }
            *set << value;
            totals[groups.indexOf(group)] += value;
        }
        series->append(set);
    }
    for (int total : std::as_const(totals))
        highest = qMax(highest, total);

    auto *chart = new QChart;
    chart->setTitle(m_title);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(groups);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setRange(0, qMax(1, highest));
    y->setTickCount(qMin(qMax(1, highest), 8) + 1);
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(tr("Requests declined"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    if (groups.isEmpty())
        chart->setTitle(tr("%1: no requests were declined in this period").arg(m_title));
    QChart *old = m_view->chart();
    m_view->setChart(chart);
    delete old;
}

} // namespace casedesk
