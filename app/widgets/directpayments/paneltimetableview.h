#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"
#include "workview/workviewitem.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

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
class PanelTimetableView : public QWidget
{
    Q_OBJECT

public:
    explicit PanelTimetableView(const DpContext &context, QWidget *parent = nullptr);

    // Reads everything again, keeping the selected panel.
    void reload();

    qint64 selectedPanelId() const;
    bool selectPanel(qint64 panelId);
    const QList<PanelRecord> &panels() const { return m_panelList; }
    const QList<AgendaItem> &agenda() const { return m_agendaList; }
    const QList<AgendaItem> &waiting() const { return m_waitingList; }
    const QList<WorkviewItem> &reviewsToSchedule() const { return m_scheduleList; }

    // Each opens its dialog window-modally and returns it (null when nothing is selected); the
    // view reloads when the dialog is accepted.
    PanelDialog *addPanel();
    PanelDialog *moveSelectedPanel();
    ChoosePanelDialog *moveSelectedCase();
    ChoosePanelDialog *bringBackSelectedCase();
    ScheduleReviewDialog *scheduleSelectedReview();
    // An existing payment never reviewed at panel, with no task in the tray: find the child and
    // schedule their first review.
    FirstReviewDialog *scheduleFirstReview();
    // Places the selected waiting case on the next panel for its submission date.
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

private:
    QList<QPair<qint64, QString>> socialWorkers() const;
    void showPanels();
    void showAgenda();
    void showWaiting();
    void showReviewsToSchedule();
    void updateButtons();
    void done(const QString &what);
    QList<PanelRecord> futurePanels(const QDate &after = QDate()) const;
    const AgendaItem *selectedAgendaItem() const;

    DpContext m_context;
    QList<PanelRecord> m_panelList;
    QList<AgendaItem> m_agendaList;
    QList<AgendaItem> m_waitingList;
    QList<WorkviewItem> m_scheduleList;
    qint64 m_addedPanel = 0;

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
