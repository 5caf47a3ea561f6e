#pragma once

#include "directpayments/directpayments.h"

#include <QWidget>

class QChart;
class QChartView;
class QGridLayout;
class QLabel;

namespace casedesk {

// Decline reasons as a stacked bar chart: one bar per group (a month or a team), one coloured
// segment per reason, so trends stand out. The reasons are long sentences, so the key is not the
// chart's own legend (which cuts them short) but a list under the chart: a colour swatch and
// the whole reason, wrapped, with how many requests it declined. Hovering a segment shows its
// reason, group and count.
class DeclineChart : public QWidget
{
    Q_OBJECT

public:
    explicit DeclineChart(const QString &title, QWidget *parent = nullptr);

    // `reasonOrder`: every reason in a fixed order (the form's list), so that a reason has the
    // same colour in every chart.
    void setCounts(const QList<DeclineReasonCount> &counts, const QStringList &reasonOrder = {});
    QChart *chart() const;
    QChartView *chartView() const { return m_view; }
    // The key's reason labels, in the order of the chart's segments.
    QList<QLabel *> keyLabels() const { return m_keyLabels; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void followPalette(QChart *chart) const;
    void showKey(const QStringList &reasons, const QList<QColor> &colours,
                 const QList<int> &totals);

    QChartView *m_view;
    QWidget *m_key;
    QGridLayout *m_keyLayout;
    QList<QLabel *> m_keyLabels;
    QString m_title;
    QList<DeclineReasonCount> m_counts;
    QStringList m_reasonOrder;
};

} // namespace casedesk
