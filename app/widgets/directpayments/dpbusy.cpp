#include "dpbusy.h"

#include "common/inlinemessage.h"

namespace casedesk {

BusyNote::BusyNote(const QString &objectName, QWidget *parent) : QLabel(parent)
{
    setObjectName(objectName);
    setTextFormat(Qt::PlainText);
    setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    hide();
    m_delay.setSingleShot(true);
    m_delay.setInterval(300);
    connect(&m_delay, &QTimer::timeout, this, &QLabel::show);
}

void BusyNote::begin(const QString &text)
{
    ++m_waiting;
    setText(text);
    setAccessibleName(text);
    if (isHidden() && !m_delay.isActive())
        m_delay.start();
}

void BusyNote::end()
{
    if (m_waiting > 0 && --m_waiting > 0)
        return;
    m_delay.stop();
    hide();
}

} // namespace casedesk
