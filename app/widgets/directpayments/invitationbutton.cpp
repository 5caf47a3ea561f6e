#include "invitationbutton.h"

#include "calendar/meetinginvitations.h"
#include "common/inlinemessage.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <optional>

namespace casedesk {

namespace {

std::optional<QString> nextFileName;

QString askFileName(QWidget *parent, const QString &suggested)
{
    if (nextFileName) {
        const QString path = *nextFileName;
        nextFileName.reset();
        return path;
    }
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, InvitationButton::tr("Save invitation"),
                                        QDir(folder).filePath(suggested),
                                        InvitationButton::tr("Calendar files (*.ics)"));
}

bool write(const QString &path, const QByteArray &content, InlineMessage *message)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(content) != content.size() || !file.flush()) {
        message->showError(InvitationButton::tr("CaseDesk could not save the invitation to %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

// The first where the worker chooses; the cancellations of a moved case's earlier slots beside it.
void save(QWidget *owner, const QList<MeetingInvitation> &invitations, InlineMessage *message)
{
    for (const MeetingInvitation &invitation : invitations) {
        if (!invitation.status) {
            message->showError(invitation.status.message());
            return;
        }
    }
    const MeetingInvitation &first = invitations.first();
    const QString path = askFileName(owner, first.suggestedFileName);
    if (path.isEmpty() || !write(path, first.ics, message))
        return;
    QStringList alongside;
    for (qsizetype i = 1; i < invitations.size(); ++i) {
        const QString other = QFileInfo(path).dir().filePath(invitations.at(i).suggestedFileName);
        if (!write(other, invitations.at(i).ics, message))
            return;
        alongside << QDir::toNativeSeparators(other);
    }
    QString text = first.cancellation
                       ? InvitationButton::tr("Saved the cancellation of %1 to %2: open it in "
                                              "your calendar to remove the meeting.")
                       : InvitationButton::tr("Saved the invitation to %1 to %2: open it in your "
                                              "calendar, or send it to those invited.");
    text = text.arg(first.event.summary, QDir::toNativeSeparators(path));
    if (!alongside.isEmpty())
        text += QLatin1Char(' ') +
                InvitationButton::tr("The case was moved: its earlier slot is cancelled in %1.")
                    .arg(alongside.join(QStringLiteral(", ")));
    message->showMessage(InlineMessage::Kind::Success, text);
}

} // namespace

void InvitationButton::setNextSaveFileName(const QString &path)
{
    nextFileName = path;
}

QPushButton *InvitationButton::button(QWidget *owner, const DpContext &context, Id panelId,
                                      Id slotId, Id reviewId, InlineMessage *message)
{
    auto *menu = new QMenu(owner);
    const auto add = [owner, context, message, menu](const QString &text, const QString &name,
                                                     MeetingKind kind, Id id,
                                                     const QString &nothing) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        QObject::connect(action, &QAction::triggered, owner, [=] {
            const qint64 meeting = id();
            if (!meeting) {
                message->showError(nothing);
                return;
            }
            const Actor actor = context.actor;
            context.background
                .run([kind, meeting, actor](Database &db) {
                    MeetingInvitations invitations(db);
                    return kind == MeetingKind::Slot
                               ? invitations.slotInvitations(meeting, actor)
                               : QList<MeetingInvitation>{
                                     invitations.invitation(kind, meeting, actor)};
                })
                .then(owner, [owner, message](const QList<MeetingInvitation> &invitations) {
                    save(owner, invitations, message);
                });
        });
    };
    add(tr("This &panel date…"), QStringLiteral("panelInvitationAction"), MeetingKind::Panel,
        panelId, tr("Choose a panel first."));
    add(tr("The selected &case's slot on the agenda…"), QStringLiteral("slotInvitationAction"),
        MeetingKind::Slot, slotId, tr("Choose a case on the agenda first."));
    add(tr("The selected case's &review meeting…"), QStringLiteral("reviewInvitationAction"),
        MeetingKind::Review, reviewId, tr("Choose a review on the agenda first."));
    auto *button = new QPushButton(tr("Add to &calendar…"), owner);
    button->setObjectName(QStringLiteral("invitationButton"));
    button->setToolTip(tr("Save a meeting invitation (.ics) that Outlook and Thunderbird open"));
    button->setAutoDefault(false);
    button->setMenu(menu);
    return button;
}

} // namespace casedesk
