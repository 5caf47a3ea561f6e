#pragma once

#include "dpcontext.h"

#include <QCoreApplication>
#include <functional>

class QPushButton;
class QWidget;

namespace casedesk {

class InlineMessage;

// The panel screens' "Print…" button: the selected panel's agenda and its panel pack, printed or
// saved as PDF (PaperOutput), read on the screen's database thread and audited as reads of each
// child's record. Its outcome is shown in `message`, beside the panel.
class PanelPaper
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::PanelPaper)

public:
    using PanelId = std::function<qint64()>;
    static QPushButton *button(QWidget *owner, const DpContext &context, PanelId panelId,
                               InlineMessage *message);
};

} // namespace casedesk
