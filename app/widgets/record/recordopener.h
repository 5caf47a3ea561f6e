#pragma once

#include "session/session.h"

#include <QObject>

namespace casedesk {

class FindPersonDialog;
class MainWindow;
class PersonRecordView;
class WorkOpener;

// Opens people's records in the main window: Find person (Person menu, Ctrl+F), the
// record of the selected piece of work, and a record as a work tab (one tab per person). Steps
// chosen in a record open through the WorkOpener (read-only unless they are the worker's own
// started work); episodes and Start Direct Payments are passed on as signals.
class RecordOpener : public QObject
{
    Q_OBJECT

public:
    RecordOpener(Session &session, WorkOpener *work, MainWindow *window);

    // Shows Find person (window-modal; returns at once). Choosing someone opens their record.
    FindPersonDialog *findPerson();
    // Opens the record as a tab at once (it reads itself off the GUI thread), or brings its tab
    // forward. A refused record's tab shows the refusal.
    PersonRecordView *openPerson(qint64 personId);
    // The record of the person a step is about, once the step's person has been read.
    void openPersonOfStep(qint64 stepId);

signals:
    void episodeRequested(qint64 episodeId);
    void startDirectPaymentsRequested(qint64 personId);

private:
    Session &m_session;
    WorkOpener *m_work;
    MainWindow *m_window;
};

} // namespace casedesk
