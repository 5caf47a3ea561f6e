#include "declinechart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QPainter>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace casedesk {

namespace {

QPixmap swatch(const QColor &colour, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(colour);
    QPainter painter(&pixmap);
    painter.setPen(QColor(0, 0, 0, 90));
    painter.drawRect(0, 0, size - 1, size - 1);
    return pixmap;
}

} // namespace

DeclineChart::DeclineChart(const QString &title, QWidget *parent)
    : QWidget(parent), m_view(new QChartView(this)), m_key(new QWidget(this)),
      m_keyLayout(new QGridLayout(m_key)), m_title(title)
{
    m_view->setObjectName(QStringLiteral("declineChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setAccessibleName(title);
    m_view->setMinimumHeight(220);
    m_key->setObjectName(QStringLiteral("declineChartKey"));
    m_key->setAccessibleName(tr("Key: %1").arg(title));
    m_keyLayout->setContentsMargins(8, 0, 8, 4);
    m_keyLayout->setHorizontalSpacing(6);
    m_keyLayout->setVerticalSpacing(2);
    m_keyLayout->setColumnStretch(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_key);
    setCounts({});
}

QChart *DeclineChart::chart() const
{
    return m_view->chart();
}

void DeclineChart::setCounts(const QList<DeclineReasonCount> &counts,
                             const QStringList &reasonOrder)
{
    m_counts = counts;
    m_reasonOrder = reasonOrder;
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
    // In the same order (so the same colours) in both charts of a period.
    reasons.sort(Qt::CaseInsensitive);
    auto *series = new QStackedBarSeries;
    series->setName(m_title);
    int highest = 0;
    QList<int> totals(groups.size(), 0);
    QList<int> reasonTotals;
    QStringList names;
    for (const QString &reason : std::as_const(reasons)) {
        const QString name = reason.isEmpty() ? tr("No reason recorded") : reason;
        auto *set = new QBarSet(name);
        const qsizetype place = reasonOrder.contains(reason)
                                    ? reasonOrder.indexOf(reason)
                                    : reasonOrder.size() + reasons.indexOf(reason);
        set->setColor(palette.at(place % palette.size()));
        int reasonTotal = 0;
        for (const QString &group : std::as_const(groups)) {
            int value = 0;
            for (const DeclineReasonCount &count : counts) {
                if (count.group == group && count.reason == reason)
                    value += count.count;
            }
            *set << value;
            totals[groups.indexOf(group)] += value;
            reasonTotal += value;
        }
        series->append(set);
        names << name;
        reasonTotals << reasonTotal;
    }
    for (int total : std::as_const(totals))
        highest = qMax(highest, total);
    // A segment's reason in full, where the pointer is.
    connect(series, &QStackedBarSeries::hovered, this,
            [this, groups](bool over, int index, QBarSet *set) {
                if (!over) {
                    QToolTip::hideText();
                    return;
                }
                QToolTip::showText(QCursor::pos(),
                                   tr("%1\n%2: %n declined", nullptr, int(set->at(index)))
                                       .arg(set->label(), groups.value(index)),
                                   m_view);
            });

    auto *chart = new QChart;
    // The theme first: it recolours the series added after it only where they have no colour.
    followPalette(chart);
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
    const QPalette window = QWidget::palette();
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsBrush(window.text());
        axis->setTitleBrush(window.text());
        axis->setGridLineColor(window.color(QPalette::Mid));
        axis->setLinePenColor(window.color(QPalette::Mid));
    }
    chart->legend()->setVisible(false); // the key under the chart shows the reasons in full
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    if (groups.isEmpty())
        chart->setTitle(tr("%1: no requests were declined in this period").arg(m_title));
    QChart *old = m_view->chart();
    m_view->setChart(chart);
    delete old;

    QList<QColor> colours;
    for (QBarSet *set : series->barSets())
        colours << set->color();
    showKey(names, colours, reasonTotals);
    QStringList summary;
    for (int i = 0; i < names.size(); ++i)
        summary << tr("%1: %2").arg(names.at(i)).arg(reasonTotals.at(i));
    m_view->setAccessibleDescription(summary.join(QStringLiteral("; ")));
}

void DeclineChart::followPalette(QChart *chart) const
{
    // Qt Charts draws on white whatever the desktop's colours: in dark mode that is a glaring
    // white panel with grey text. The chart takes the window's colours instead.
    const QPalette colours = palette();
    const bool dark = colours.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(colours.base());
    chart->setTitleBrush(colours.text());
    m_view->setBackgroundBrush(colours.base());
}

void DeclineChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        setCounts(m_counts, m_reasonOrder); // drawn again in the new colours
}

void DeclineChart::showKey(const QStringList &reasons, const QList<QColor> &colours,
                           const QList<int> &totals)
{
    while (QLayoutItem *item = m_keyLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_keyLabels.clear();
    const int size = fontMetrics().height() - 2;
    for (int i = 0; i < reasons.size(); ++i) {
        auto *colour = new QLabel(m_key);
        colour->setPixmap(swatch(colours.value(i), size));
        colour->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
        colour->setContentsMargins(0, 2, 0, 0);
        auto *reason = new QLabel(tr("%1 (%2)").arg(reasons.at(i)).arg(totals.value(i)), m_key);
        reason->setObjectName(QStringLiteral("declineReasonKey"));
        reason->setTextFormat(Qt::PlainText);
        reason->setWordWrap(true);
        reason->setAccessibleName(
            tr("%1: %n declined", nullptr, totals.value(i)).arg(reasons.at(i)));
        m_keyLayout->addWidget(colour, i, 0);
        m_keyLayout->addWidget(reason, i, 1);
        m_keyLabels << reason;
    }
    m_key->setVisible(!reasons.isEmpty());
}

} // namespace casedesk
