#include "palettes.h"

#include <QColor>

namespace casedesk {

QPalette darkPalette()
{
    const QColor window(0x2d, 0x31, 0x36);
    const QColor base(0x1f, 0x23, 0x27);
    const QColor text(0xe8, 0xea, 0xed);
    const QColor disabledText(0x8a, 0x90, 0x96);
    const QColor highlight(0x3d, 0x6f, 0xb4);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x27, 0x2b, 0x30));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3f, 0x45));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x38, 0x3d, 0x43));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x9a, 0x9a));
    palette.setColor(QPalette::Light, QColor(0x4a, 0x50, 0x57));
    palette.setColor(QPalette::Midlight, QColor(0x3e, 0x44, 0x4a));
    palette.setColor(QPalette::Mid, QColor(0x26, 0x2a, 0x2e));
    palette.setColor(QPalette::Dark, QColor(0x17, 0x19, 0x1c));
    palette.setColor(QPalette::Shadow, QColor(0x0b, 0x0c, 0x0e));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    palette.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Base, window);
    return palette;
}

} // namespace casedesk
