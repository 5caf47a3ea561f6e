#include "elidedlabel.h"

#include <QEvent>
#include <QFontMetrics>

namespace casedesk {

namespace {
// Wide enough for a usual heading; beyond it the label asks for no more room.
const int PreferredCharacters = 60;
const int MinimumCharacters = 8;
} // namespace

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setText(const QString &text)
{
    m_fullText = text;
    setAccessibleName(text);
    updateShownText();
    updateGeometry();
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics metrics(font());
    const int width = qMin(metrics.horizontalAdvance(m_fullText),
                           metrics.averageCharWidth() * PreferredCharacters);
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right() + 2 * margin(),
                 QLabel::minimumSizeHint().height());
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics metrics(font());
    const int width =
        qMin(metrics.horizontalAdvance(m_fullText), metrics.averageCharWidth() * MinimumCharacters);
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right() + 2 * margin(),
                 QLabel::minimumSizeHint().height());
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateShownText();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateShownText();
}

void ElidedLabel::updateShownText()
{
    const QString shown =
        QFontMetrics(font()).elidedText(m_fullText, Qt::ElideRight, contentsRect().width());
    if (shown != QLabel::text())
        QLabel::setText(shown);
    setToolTip(shown == m_fullText ? QString() : m_fullText);
}

QString elidedTitle(const QString &text, int characters)
{
    if (text.size() <= characters)
        return text;
    qsizetype kept = characters - 1;
    if (kept > 0 && text.at(kept - 1).isHighSurrogate())
        --kept; // never half a character
    return text.left(kept).trimmed() + QChar(0x2026);
}

} // namespace casedesk
