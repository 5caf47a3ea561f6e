#include "workviewactions.h"

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "fullworkview.h"
#include "mainwindow/mainwindow.h"
#include "narrowworkview.h"
#include "reassigndialog.h"
#include "session/session.h"
#include "workflow/workflowengine.h"

#include <QAction>
#include <QStatusBar>

namespace casedesk {

namespace {

// "2 taken; 1 refused: SC Panel – Lily Hargreaves (C100201): <why>"
QString summary(const QString &done, int count, const QStringList &refusals)
{
    QStringList parts;
    if (count > 0 || refusals.isEmpty())
        parts << done.arg(count);
    if (!refusals.isEmpty())
        parts << WorkviewActions::tr("%n refused: %1", nullptr, int(refusals.size()))
                     .arg(refusals.join(QStringLiteral("; ")));
    return parts.join(QStringLiteral("; "));
}

} // namespace

WorkviewActions::WorkviewActions(WorkflowEngine &engine, const Directory &directory,
                                 Session &session, MainWindow *window)
    : QObject(window), m_engine(engine), m_directory(directory), m_session(session),
      m_window(window)
{
    m_take = new QAction(tr("&Take"), this);
    m_take->setObjectName(QStringLiteral("takeAction"));
    m_take->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_take, &QAction::triggered, this, [this] { take(selectedWork()); });

    m_reassign = new QAction(tr("Re&assign\u2026"), this);
    m_reassign->setObjectName(QStringLiteral("reassignAction"));
    m_reassign->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reassign, &QAction::triggered, this, [this] { reassignSelected(); });

    window->addWorkviewActions({m_take, m_reassign});
    for (WorkviewTree *tree : {window->fullWorkview()->tree(), window->narrowWorkview()->tree()})
        connect(tree, &WorkviewTree::selectedWorkChanged, this, &WorkviewActions::updateActions);
    updateActions();
}

Actor WorkviewActions::actor() const
{
    return Actor{m_session.worker.id, m_session.actingRole};
}

QList<WorkRef> WorkviewActions::selectedWork() const
{
    WorkviewTree *narrow = m_window->narrowWorkview()->tree();
    if (narrow->hasFocus() && !narrow->selectedWork().isEmpty())
        return narrow->selectedWork();
    const QList<WorkRef> full = m_window->fullWorkview()->tree()->selectedWork();
    return full.isEmpty() ? narrow->selectedWork() : full;
}

void WorkviewActions::updateActions()
{
    const bool any = !selectedWork().isEmpty();
    const QString select = tr("Select one or more pieces of work in a workview first "
                              "(Ctrl+click or Shift+click selects several).");
    m_take->setEnabled(any);
    m_take->setToolTip(any ? tr("Start the selected incoming work as your own (%1)")
                                 .arg(m_take->shortcut().toString(QKeySequence::NativeText))
                           : select);
    m_reassign->setEnabled(any);
    m_reassign->setToolTip(any ? tr("Give the selected work to another worker, team or inbox "
                                    "(%1)")
                                     .arg(m_reassign->shortcut().toString(QKeySequence::NativeText))
                               : select);
    for (QAction *action : {m_take, m_reassign})
        action->setStatusTip(action->toolTip());
}

QString WorkviewActions::take(const QList<WorkRef> &work)
{
    int taken = 0;
    QStringList refusals;
    for (const WorkRef &item : work) {
        if (item.requestId) {
            refusals << tr("%1: this is a request; open it to act on it.").arg(item.label);
            continue;
        }
        const Status status = m_engine.startStep(item.stepId, actor());
        if (status)
            ++taken;
        else
            refusals << tr("%1: %2").arg(item.label, status.message());
    }
    const QString text = summary(tr("%1 taken"), taken, refusals);
    report(text, !refusals.isEmpty());
    return text;
}

QString WorkviewActions::reassign(const QList<WorkRef> &work, const Assignee &to,
                                  const QString &toName)
{
    int moved = 0;
    QStringList refusals;
    for (const WorkRef &item : work) {
        if (item.requestId) {
            refusals << tr("%1: a request is answered by whoever it was sent to; it cannot be "
                           "reassigned.")
                            .arg(item.label);
            continue;
        }
        const Status status = m_engine.reassignStep(item.stepId, to, actor());
        if (status)
            ++moved;
        else
            refusals << tr("%1: %2").arg(item.label, status.message());
    }
    const QString text =
        summary(tr("%1 reassigned to %2").arg(QStringLiteral("%1"), toName), moved, refusals);
    report(text, !refusals.isEmpty());
    return text;
}

ReassignDialog *WorkviewActions::reassignSelected()
{
    const QList<WorkRef> work = selectedWork();
    if (work.isEmpty()) {
        report(m_reassign->toolTip(), true);
        return nullptr;
    }
    auto *dialog = new ReassignDialog(m_directory, int(work.size()), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, work] { reassign(work, dialog->assignee(), dialog->assigneeName()); });
    dialog->open();
    return dialog;
}

void WorkviewActions::report(const QString &text, bool refused)
{
    m_window->fullWorkview()->report()->showMessage(
        refused ? InlineMessage::Kind::Warning : InlineMessage::Kind::Success, text);
    m_window->statusBar()->showMessage(text, 15000);
    emit reported(text);
}

} // namespace casedesk
