#pragma once

#include <QObject>

class QAction;

namespace casedesk {

// Tool bar buttons say their keyboard shortcut in their tooltip ("Finish this step …
// (Ctrl+Shift+F)"), whatever text their action's tooltip has, so that every shortcut is shown
// where the mouse user looks. Installed once on the application (MainWindow does).
class ShortcutToolTips : public QObject
{
    Q_OBJECT

public:
    static void install();

    // The tooltip text shown for `action`: its tooltip, with its shortcut added if not there.
    static QString textFor(const QAction *action);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
};

} // namespace casedesk
