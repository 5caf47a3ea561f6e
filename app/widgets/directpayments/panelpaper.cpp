#include "panelpaper.h"

#include "common/inlinemessage.h"
#include "paper/paperoutput.h"
#include "paper/paperreader.h"

#include <QAction>
#include <QMenu>
#include <QPushButton>

namespace casedesk {

QPushButton *PanelPaper::button(QWidget *owner, const DpContext &context, PanelId panelId,
                                InlineMessage *message)
{
    const PaperOutput::Report report = [message](bool succeeded, const QString &text) {
        if (!text.isEmpty())
            message->showMessage(
                succeeded ? InlineMessage::Kind::Success : InlineMessage::Kind::Error, text);
    };
    const auto reader = [context, panelId](bool pack) -> PaperOutput::Reader {
        return [context, panelId, pack] {
            const qint64 panel = panelId();
            const Actor actor = context.actor;
            const DefinitionRegistry *definitions = &context.dp.engine().definitions();
            return context.background.run([panel, actor, definitions, pack](Database &db) {
                PaperReader reader(db, *definitions);
                if (!panel) {
                    PaperDocument none;
                    none.status = Status::failure(tr("Choose a panel first."));
                    return none;
                }
                return pack ? reader.panelPack(panel, actor) : reader.panelAgenda(panel, actor);
            });
        };
    };
    auto *menu = new QMenu(owner);
    menu->addSection(tr("Agenda"));
    menu->addActions(PaperOutput::actions(owner, reader(false), report, QStringLiteral("agenda")));
    menu->addSection(tr("Panel pack (every case with its referral and reports)"));
    menu->addActions(PaperOutput::actions(owner, reader(true), report, QStringLiteral("pack")));
    auto *button = new QPushButton(tr("Prin&t…"), owner);
    button->setObjectName(QStringLiteral("panelPaperButton"));
    button->setToolTip(tr("Print the selected panel's agenda or pack, or save it as a PDF"));
    button->setAutoDefault(false);
    button->setMenu(menu);
    return button;
}

} // namespace casedesk
