#include "recordopener.h"

#include "app/workopener.h"
#include "findpersondialog.h"
#include "mainwindow/mainwindow.h"
#include "personrecordview.h"

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
    auto *view = new PersonRecordView(*m_session.database, m_work->engine(), personId, actor);
    m_window->addWorkTab(view, view->title());
    connect(
        view, &PersonRecordView::titleChanged, m_window,
        [window = m_window, view](const QString &title) { window->setWorkTabTitle(view, title); });
    connect(view, &PersonRecordView::openStepRequested, m_work, &WorkOpener::openFromRecord);
    connect(view, &PersonRecordView::stepStarted, m_work, &WorkOpener::open);
    connect(view, &PersonRecordView::openEpisodeRequested, this, &RecordOpener::episodeRequested);
    connect(view, &PersonRecordView::startDirectPaymentsRequested, this,
            &RecordOpener::startDirectPaymentsRequested);
    if (view->isRefused())
        m_window->statusBar()->showMessage(view->refusal(), 10000);
    return view;
}

PersonRecordView *RecordOpener::openPersonOfStep(qint64 stepId)
{
    const StepRecord step = m_work->engine().step(stepId);
    if (step.personId <= 0) {
        m_window->statusBar()->showMessage(
            tr("Choose a piece of work in a workview first, then open its person's record."),
            10000);
        return nullptr;
    }
    return openPerson(step.personId);
}

} // namespace casedesk
