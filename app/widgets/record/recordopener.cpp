#include "recordopener.h"

#include "app/workopener.h"
#include "findpersondialog.h"
#include "mainwindow/mainwindow.h"
#include "personrecordview.h"
#include "workflow/workflowengine.h"

#include <QLineEdit>
#include <QStatusBar>
#include <QTabWidget>

namespace casedesk {

RecordOpener::RecordOpener(Session &session, WorkOpener *work, MainWindow *window)
    : QObject(window), m_session(session), m_work(work), m_window(window)
{
    connect(window, &MainWindow::findPersonRequested, this, [this] { findPerson(); });
    connect(window, &MainWindow::personRecordOfWorkRequested, this,
            [this](qint64 stepId) { openPersonOfStep(stepId); });
}

FindPersonDialog *RecordOpener::findPerson()
{
    auto *dialog = new FindPersonDialog(m_session.background(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &FindPersonDialog::personChosen, this,
            [this](qint64 personId) { openPerson(personId); });
    dialog->show();
    dialog->searchBox()->setFocus(Qt::OtherFocusReason);
    return dialog;
}

PersonRecordView *RecordOpener::openPerson(qint64 personId)
{
    QTabWidget *tabs = m_window->workArea();
    for (int i = 0; i < tabs->count(); ++i) {
        auto *open = qobject_cast<PersonRecordView *>(tabs->widget(i));
        if (open && open->personId() == personId && !open->isRefused()) {
            tabs->setCurrentIndex(i);
            return open;
        }
    }
    const Actor actor{m_session.worker.id, m_session.actingRole};
    WorkflowEngine &engine = m_work->engine();
    auto *view =
        new PersonRecordView(m_session.background(), engine.definitions(), personId, actor);
    m_window->addWorkTab(view, view->title());
    connect(
        view, &PersonRecordView::titleChanged, m_window,
        [window = m_window, view](const QString &title) { window->setWorkTabTitle(view, title); });
    connect(view, &PersonRecordView::openStepRequested, m_work, &WorkOpener::openFromRecord);
    connect(view, &PersonRecordView::stepStarted, m_work, &WorkOpener::open);
    connect(view, &PersonRecordView::openEpisodeRequested, this, &RecordOpener::episodeRequested);
    connect(view, &PersonRecordView::startDirectPaymentsRequested, this,
            &RecordOpener::startDirectPaymentsRequested);
    // A new episode (Start Direct Payments) or step shows without pressing Reload; a step
    // started from the record shows in the workviews and wherever else work is shown.
    connect(&engine, &WorkflowEngine::workChanged, view, &PersonRecordView::refreshWork);
    connect(view, &PersonRecordView::workChanged, &engine,
            [&engine] { emit engine.workChanged(); });
    connect(view, &PersonRecordView::readDone, m_window, [window = m_window, view] {
        if (view->isRefused())
            window->statusBar()->showMessage(view->refusal(), 10000);
    });
    return view;
}

void RecordOpener::openPersonOfStep(qint64 stepId)
{
    if (stepId <= 0) {
        m_window->statusBar()->showMessage(
            tr("Choose a piece of work in a workview first, then open its person's record."),
            10000);
        return;
    }
    struct Found
    {
        qint64 personId = 0;
        QString error;
    };
    m_session.background()
        .run([stepId](Database &db) {
            Found found;
            found.personId = PersonRecordQuery(db).personOfStep(stepId, &found.error);
            if (!found.error.isEmpty() && PersonRecordQuery::isConnectionLost(db))
                found.error = PersonRecordQuery::connectionLostMessage();
            return found;
        })
        .then(this, [this](const Found &found) {
            if (!found.error.isEmpty())
                m_window->statusBar()->showMessage(
                    tr("Could not open the person's record: %1").arg(found.error), 10000);
            else if (found.personId <= 0)
                m_window->statusBar()->showMessage(
                    tr("Choose a piece of work in a workview first, then open its person's "
                       "record."),
                    10000);
            else
                openPerson(found.personId);
        });
}

} // namespace casedesk
