#pragma once

#include "directpayments/directpayments.h"
#include "directpayments/timetablequery.h"
#include "dpcontext.h"
#include "workview/workviewitem.h"

#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace casedesk {

class ChoosePanelDialog;
class FirstReviewDialog;
class InlineMessage;
class PanelDialog;
class ScheduleReviewDialog;

// The panel administrator's timetable of Direct Payments panels: when and where each meets, its
// last submission date with a working-day countdown and how many cases it has; adding and moving
// panels; the selected panel's agenda (move a case, bring a declined case back to a later panel);
// the cases waiting for a panel; and the reviews to schedule from the Direct Payments Group tray.
//
// Every read and write runs on the database thread (DatabaseThread): the view appears at once and
// fills when its one opening request lands (timetable, the selected panel's agenda, the waiting
// cases, the reviews to schedule and the social workers the review dialogs offer); the label
// timetableBusy says what it waits for after 300 ms. A write disables the buttons that would
// repeat it until its outcome is in, which is shown in place; then the view reads again.
class PanelTimetableView : public QWidget
{
    Q_OBJECT

public:
    explicit PanelTimetableView(const DpContext &context, QWidget *parent = nullptr);

    // Reads everything again, keeping the selected panel (a read already on its way is followed
    // by one more). readDone() follows.
    void reload();
    // A read or a write is on its way.
    bool isBusy() const { return m_pending > 0; }
    // What the view says it waits for ("Reading the timetable…"); empty when it says nothing.
    QString busyText() const;
    QLabel *busyLabel() const { return m_busy; }
    QPushButton *readAgainButton() const { return m_readAgain; }

    qint64 selectedPanelId() const;
    bool selectPanel(qint64 panelId);
    const QList<PanelRecord> &panels() const { return m_panelList; }
    const QList<AgendaItem> &agenda() const { return m_agendaList; }
    const QList<AgendaItem> &waiting() const { return m_waitingList; }
    const QList<WorkviewItem> &reviewsToSchedule() const { return m_scheduleList; }

    // Each opens its dialog window-modally and returns it (null when nothing is selected); OK
    // runs the change as a job; the view shows its outcome and reads again.
    PanelDialog *addPanel();
    PanelDialog *moveSelectedPanel();
    ChoosePanelDialog *moveSelectedCase();
    ChoosePanelDialog *bringBackSelectedCase();
    ScheduleReviewDialog *scheduleSelectedReview();
    // An existing payment never reviewed at panel, with no task in the tray: find the child and
    // schedule their first review.
    FirstReviewDialog *scheduleFirstReview();
    // Places the selected waiting case on the next panel for its submission date (a job; false
    // when nothing is selected or a change is on its way).
    bool placeSelectedWaitingCase();

    QTableWidget *panelTable() const { return m_panels; }
    QTableWidget *agendaTable() const { return m_agenda; }
    QTableWidget *waitingTable() const { return m_waiting; }
    QTableWidget *scheduleTable() const { return m_schedule; }
    InlineMessage *message() const { return m_message; }
    InlineMessage *waitingMessage() const { return m_waitingMessage; }
    QPushButton *firstReviewButton() const { return m_firstReviewButton; }

signals:
    // "Panel meeting mode" for the selected panel.
    void meetingRequested(qint64 panelId);
    // Something changed the timetable or an agenda (other screens may reload).
    void changed();
    // A read landed (or failed: see message()).
    void readDone();

private:
    struct Reading
    {
        TimetableReading timetable;
        QList<QPair<qint64, QString>> workers; // social workers, for the review dialogs
    };
    struct Written
    {
        Status status;
        qint64 id = 0; // what the change made (the panel added, ...)
    };
    using Change = std::function<Written(DirectPayments &, const Actor &)>;

    // Runs work(Database &, DirectPayments &) on the database thread, like DpContext::ask, with
    // the connection too (to tell a lost connection from a refusal, and for other readers).
    template <typename Work> auto onDatabaseThread(Work work) const;
    void startRead();
    void showReading(const Reading &reading, bool agendaToo);
    void readSelectedAgenda();
    void showAgenda(const QList<AgendaItem> &agenda);
    QFuture<Status> write(const QString &waitingFor, Change change,
                          std::function<QString(const Written &)> success);
    // After a change made here: read again, and tell the other screens.
    void changedHere();
    void beginWaiting(const QString &text);
    void endWaiting();
    QList<QPair<qint64, QString>> socialWorkers() const { return m_workers; }
    void showPanels();
    void showWaiting(const QString &warning);
    void showReviewsToSchedule();
    void updateButtons();
    QList<PanelRecord> futurePanels(const QDate &after = QDate()) const;
    PanelRecord panelOf(qint64 panelId) const;
    const AgendaItem *selectedAgendaItem() const;

    DpContext m_context;
    QList<PanelRecord> m_panelList;
    QList<AgendaItem> m_agendaList;
    QList<AgendaItem> m_waitingList;
    QList<WorkviewItem> m_scheduleList;
    QHash<qint64, qint64> m_scheduleAllocatedWorkers; // step id -> the child's allocated worker
    QList<QPair<qint64, QString>> m_workers;
    qint64 m_wantedPanel = 0; // the panel to select when the next read lands (0: keep)
    bool m_loaded = false;    // a read has landed
    bool m_reading = false;   // the whole timetable is being read
    bool m_readOnceMore = false;
    bool m_announcing = false; // telling the other screens of our own change
    bool m_filling = false;    // the panel table is being refilled: no agenda read for that
    bool m_readFailed = false; // m_message says why the last read failed
    quint64 m_asked = 0;       // reads asked; an agenda that lands after a newer ask is dropped
    int m_writing = 0;
    int m_pending = 0; // reads and writes on their way
    QString m_waitingFor;

    QTimer *m_busyDelay;
    QLabel *m_busy;
    QPushButton *m_readAgain;
    InlineMessage *m_message;
    QTableWidget *m_panels;
    QPushButton *m_add;
    QPushButton *m_move;
    QPushButton *m_meeting;
    QLabel *m_agendaHeading;
    QTableWidget *m_agenda;
    QPushButton *m_moveCase;
    QPushButton *m_bringBack;
    QTableWidget *m_waiting;
    InlineMessage *m_waitingMessage;
    QPushButton *m_place;
    QTableWidget *m_schedule;
    QPushButton *m_scheduleButton;
    QPushButton *m_firstReviewButton;
};

} // namespace casedesk
