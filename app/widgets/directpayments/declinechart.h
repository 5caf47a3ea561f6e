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

    void setCounts(const QList<DeclineReasonCount> &counts);
    QChart *chart() const;
    QChartView *chartView() const { return m_view; }

private:
    QChartView *m_view;
    QString m_title;
};

} // namespace casedesk
