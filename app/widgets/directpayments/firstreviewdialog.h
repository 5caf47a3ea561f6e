#pragma once

#include "directpayments/directpayments.h"
#include "dpcontext.h"
#include "records/personrecordquery.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimeEdit;
class QTimer;
class QTreeWidget;

namespace casedesk {

class BusyNote;
class InlineMessage;

// Schedule first review (DOMAIN.md Workflow B, 5): an existing direct payment that was never
// reviewed at panel, and has no task in the Direct Payments Group tray. The panel administrator
// finds the child (name or reference, PersonRecordQuery::search), gives the date the payment
// started and who it is for / made to, then the review meeting (a panel of the timetable and a
// time) and the allocated worker who writes the pre-meeting report. OK hands everything to
// DirectPayments::scheduleFirstReview; a refusal shows next to the field it is about and nothing
// chosen is lost.
//
// The search, the child's related people and the scheduling run on the database thread
// (DpContext::ask, DpContext::background): the dialog stays live, "Searching…" and the like
// (firstReviewBusy) show when an answer takes more than 300 ms, an answer to an older search or
// child is dropped, and while the scheduling is on its way Schedule and Cancel wait for it
// (nothing is scheduled twice). Schedule pressed while a search or the related people are on
// their way schedules once they land.
class FirstReviewDialog : public QDialog
{
    Q_OBJECT

public:
    // `workers`: who may be chosen to write the pre-meeting report (id, text).
    FirstReviewDialog(const DpContext &context, const QList<PanelRecord> &panels,
                      const QList<QPair<qint64, QString>> &workers, QWidget *parent = nullptr);

    // Searches for what is typed (Enter in the search box; typing searches after a pause); the
    // results land later (readDone).
    void search();
    qint64 selectedChildId() const;
    // The child whose review was scheduled, and the pre-meeting report created for it.
    QString scheduledChildName() const { return m_scheduledChild; }
    qint64 preMeetingReportId() const { return m_reportId; }

    QLineEdit *searchBox() const { return m_search; }
    QTreeWidget *results() const { return m_results; }
    QLabel *searchHint() const { return m_hint; }
    QDateEdit *paymentStartEdit() const { return m_paymentStart; }
    QComboBox *paymentForChoice() const { return m_paymentFor; }
    QComboBox *panelChoice() const { return m_panels; }
    QTimeEdit *timeEdit() const { return m_time; }
    QComboBox *workerChoice() const { return m_workers; }
    QPushButton *okButton() const { return m_ok; }
    InlineMessage *message() const { return m_message; }
    InlineMessage *childMessage() const { return m_childMessage; }
    InlineMessage *paymentStartMessage() const { return m_paymentStartMessage; }
    InlineMessage *paymentForMessage() const { return m_paymentForMessage; }
    InlineMessage *meetingMessage() const { return m_meetingMessage; }
    InlineMessage *workerMessage() const { return m_workerMessage; }

    QLabel *busyNote() const;
    // A search, a read of the related people or the scheduling is on its way.
    bool isBusy() const;

    // OK: asks the core; accepts the dialog once it agreed. False when refused at once (no child
    // chosen, no panel) or already scheduling.
    bool tryAccept();

signals:
    // A search, a read of the related people or the scheduling was answered.
    void readDone();

public slots:
    // Not while the scheduling is on its way: its outcome is awaited.
    void reject() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showResults(const QString &text, const QList<PersonDetails> &people, const QString &error);
    void childChosen();
    void clearMessages();
    void showRefusal(const Status &status);
    void updateButtons();

    DpContext m_context;
    quint64 m_searchesAsked = 0;
    quint64 m_searching = 0; // the search on its way, 0 when none
    quint64 m_peopleAsked = 0;
    qint64 m_peopleFor = -1; // the child whose related people are offered, or on their way
    bool m_readingPeople = false;
    bool m_scheduling = false;
    bool m_acceptWhenRead = false; // Schedule pressed while a search or the people were read
    QList<PanelRecord> m_panelList;
    QList<PersonDetails> m_found;
    QString m_scheduledChild;
    qint64 m_reportId = 0;

    QLineEdit *m_search;
    QTreeWidget *m_results;
    QLabel *m_hint;
    QDateEdit *m_paymentStart;
    QComboBox *m_paymentFor;
    QComboBox *m_panels;
    QTimeEdit *m_time;
    QComboBox *m_workers;
    QPushButton *m_ok = nullptr;
    QPushButton *m_cancel = nullptr;
    InlineMessage *m_message;
    InlineMessage *m_childMessage;
    InlineMessage *m_paymentStartMessage;
    InlineMessage *m_paymentForMessage;
    InlineMessage *m_meetingMessage;
    InlineMessage *m_workerMessage;
    BusyNote *m_busy;
    QTimer *m_pause;
};

} // namespace casedesk
