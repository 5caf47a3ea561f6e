#include "inlinemessage.h"

#include <QGuiApplication>
#include <QPalette>

namespace casedesk {

InlineMessage::InlineMessage(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(false);
    updateStyle();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_message = text;
    setText(text);
    setAccessibleName(kind == Kind::Error ? tr("Problem: %1").arg(text) : text);
    updateStyle();
    setVisible(!text.isEmpty());
}

void InlineMessage::clearMessage()
{
    m_message.clear();
    clear();
    setAccessibleName(QString());
    setVisible(false);
}

void InlineMessage::setBoxed(bool boxed)
{
    m_boxed = boxed;
    updateStyle();
}

void InlineMessage::updateStyle()
{
    const char *background = Style::InfoBackground;
    QString color = QLatin1String(Style::MessageText);
    switch (m_kind) {
    case Kind::Error:
        background = Style::ErrorBackground;
        color = QLatin1String(Style::ErrorText);
        break;
    case Kind::Warning:
        background = Style::WarningBackground;
        break;
    case Kind::Information:
        break;
    case Kind::Success:
        background = Style::SuccessBackground;
        break;
    }
    if (m_boxed) {
        const QString border =
            m_kind == Kind::Error ? QLatin1String(Style::ErrorText) : QLatin1String(Style::Border);
        setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; border: 1px solid %3; "
                                     "border-left: 4px solid %3; border-radius: 3px; "
                                     "padding: 6px 8px; }")
                          .arg(color, QLatin1String(background), border));
    } else {
        setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: 600; }").arg(color));
    }
}

bool Style::isDarkPalette()
{
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

} // namespace casedesk
