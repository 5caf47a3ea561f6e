#include "shortcuttooltips.h"

#include <QAction>
#include <QApplication>
#include <QHelpEvent>
#include <QToolButton>
#include <QToolTip>

namespace casedesk {

void ShortcutToolTips::install()
{
    static ShortcutToolTips *filter = nullptr;
    if (filter || !qApp)
        return;
    filter = new ShortcutToolTips(qApp);
    qApp->installEventFilter(filter);
}

QString ShortcutToolTips::textFor(const QAction *action)
{
    const QString tip = action->toolTip();
    if (action->shortcut().isEmpty())
        return tip;
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return tip.contains(keys) ? tip : tr("%1 (%2)").arg(tip, keys);
}

bool ShortcutToolTips::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return false;
    auto *button = qobject_cast<QToolButton *>(watched);
    const QAction *action = button ? button->defaultAction() : nullptr;
    if (!action || action->shortcut().isEmpty() || action->toolTip().isEmpty())
        return false;
    QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), textFor(action), button);
    return true;
}

} // namespace casedesk
