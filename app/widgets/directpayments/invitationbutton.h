#pragma once

#include "dpcontext.h"

#include <QCoreApplication>
#include <functional>

class QPushButton;
class QWidget;

namespace casedesk {

class InlineMessage;

// The panel screens' "Add to calendar…" button: an iCalendar invitation (MeetingInvitations) for
// the selected panel date, the selected case's slot on its agenda or its review meeting, made on
// the screen's database thread and saved where the worker chooses. A meeting exported again keeps
// its calendar entry (same UID, higher SEQUENCE after a change); a removed one is cancelled.
// Tests answer the file dialog as CsvExport's is answered: setNextSaveFileName(path).
class InvitationButton
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::InvitationButton)

public:
    using Id = std::function<qint64()>;
    // `panelId`: the selected panel; `slotId`: the selected agenda item (0: none);
    // `reviewId`: the selected case's panel case when it is a review (0: not a review).
    static QPushButton *button(QWidget *owner, const DpContext &context, Id panelId, Id slotId,
                               Id reviewId, InlineMessage *message);
    static void setNextSaveFileName(const QString &path);
};

} // namespace casedesk
