#pragma once

#include "directpayments/directpayments.h"

#include <QWidget>

class QChart;
class QChartView;

namespace casedesk {

// Decline reasons as a stacked bar chart: one bar per group (a month or a team), one coloured
// segment per reason, so trends stand out.
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

private:
    QChartView *m_view;
    QString m_title;
};

} // namespace casedesk
