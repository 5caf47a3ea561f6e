#include "workviewactions.h"

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "fullworkview.h"
#include "mainwindow/mainwindow.h"
#include "narrowworkview.h"
#include "reassigndialog.h"
#include "session/session.h"
#include "storage/databasethread.h"
#include "workflow/workflowengine.h"

#include <QAction>
#include <QStatusBar>
#include <QTimer>

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

    m_clearNotice = new QAction(tr("C&lear notice"), this);
    m_clearNotice->setObjectName(QStringLiteral("clearNoticeAction"));
    m_clearNotice->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_clearNotice, &QAction::triggered, this, [this] { clearNotices(selectedWork()); });

    m_busyNote = new QTimer(this);
    m_busyNote->setSingleShot(true);
    m_busyNote->setInterval(300);
    connect(m_busyNote, &QTimer::timeout, this, [this] {
        if (m_busy)
            m_window->statusBar()->showMessage(m_underWay);
    });

    window->addWorkviewActions({m_take, m_reassign, m_clearNotice});
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
    m_take->setEnabled(any && !m_busy);
    m_take->setToolTip(m_busy ? m_underWay
                       : any  ? tr("Start the selected incoming work as your own (%1)")
                                   .arg(m_take->shortcut().toString(QKeySequence::NativeText))
                             : select);
    m_reassign->setEnabled(any && !m_busy);
    m_reassign->setToolTip(m_busy ? m_underWay
                           : any
                               ? tr("Give the selected work to another worker, team or inbox (%1)")
                                     .arg(m_reassign->shortcut().toString(QKeySequence::NativeText))
                               : select);
    m_clearNotice->setEnabled(any && !m_busy);
    m_clearNotice->setToolTip(
        m_busy ? m_underWay
        : any  ? tr("Take the selected notices you have read off your tray (%1)")
                    .arg(m_clearNotice->shortcut().toString(QKeySequence::NativeText))
              : select);
    for (QAction *action : {m_take, m_reassign, m_clearNotice})
        action->setStatusTip(action->toolTip());
}

bool WorkviewActions::run(const QList<WorkRef> &work, const QString &underWay, Act act,
                          std::function<QString(const Outcome &)> summarise)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_underWay = underWay;
    m_busyNote->start();
    updateActions();
    const DefinitionRegistry *definitions = &m_engine.definitions();
    const Actor by = actor();
    // The pieces go to the server together, in one job: per piece, why it was refused ("" if
    // not).
    m_session.background()
        .run([definitions, work, by, act](Database &db) {
            WorkflowEngine engine(db, *definitions);
            QStringList refusals;
            for (const WorkRef &item : work) {
                const Status status = act(engine, item, by);
                if (status)
                    refusals << QString();
                else if (status.message().isEmpty())
                    refusals << tr("the server refused it.");
                else
                    refusals << status.message();
            }
            return refusals;
        })
        .then(this, [this, work, summarise](const QStringList &refusals) {
            m_busy = false;
            m_busyNote->stop();
            // Reported piece by piece in the order selected.
            Outcome outcome;
            for (qsizetype i = 0; i < work.size(); ++i) {
                const QString why = refusals.value(i);
                if (why.isEmpty())
                    ++outcome.done;
                else
                    outcome.refusals << tr("%1: %2").arg(work.at(i).label, why);
            }
            report(summarise(outcome), !outcome.refusals.isEmpty());
            updateActions();
            // The job's engine told no one; the session's tells the workviews and open steps.
            emit m_engine.workChanged();
        });
    return true;
}

bool WorkviewActions::take(const QList<WorkRef> &work)
{
    return run(
        work,
        work.size() == 1 ? tr("Taking 1 piece of work\u2026")
                         : tr("Taking %1 pieces of work\u2026").arg(work.size()),
        [](WorkflowEngine &engine, const WorkRef &item, const Actor &by) {
            if (item.requestId)
                return Status::failure(tr("this is a request; open it to act on it."));
            return engine.startStep(item.stepId, by);
        },
        [](const Outcome &outcome) {
            return summary(tr("%1 taken"), outcome.done, outcome.refusals);
        });
}

bool WorkviewActions::reassign(const QList<WorkRef> &work, const Assignee &to,
                               const QString &toName)
{
    return run(
        work,
        work.size() == 1
            ? tr("Reassigning 1 piece of work to %1\u2026").arg(toName)
            : tr("Reassigning %1 pieces of work to %2\u2026").arg(work.size()).arg(toName),
        [to](WorkflowEngine &engine, const WorkRef &item, const Actor &by) {
            if (item.requestId)
                return Status::failure(tr("a request is answered by whoever it was sent to; it "
                                          "cannot be reassigned."));
            return engine.reassignStep(item.stepId, to, by);
        },
        [toName](const Outcome &outcome) {
            return summary(tr("%1 reassigned to %2").arg(QStringLiteral("%1"), toName),
                           outcome.done, outcome.refusals);
        });
}

bool WorkviewActions::clearNotices(const QList<WorkRef> &work)
{
    return run(
        work,
        work.size() == 1 ? tr("Clearing 1 notice\u2026")
                         : tr("Clearing %1 notices\u2026").arg(work.size()),
        [](WorkflowEngine &engine, const WorkRef &item, const Actor &by) {
            if (!item.requestId)
                return Status::failure(tr("this is a piece of work, not a notice; only notices "
                                          "are cleared."));
            return engine.clearNotice(item.requestId, by);
        },
        [](const Outcome &outcome) {
            return summary(tr("%1 cleared"), outcome.done, outcome.refusals);
        });
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
