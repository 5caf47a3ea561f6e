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

class InlineMessage;

// Schedule first review (DOMAIN.md Workflow B, 5): an existing direct payment that was never
// reviewed at panel, and has no task in the Direct Payments Group tray. The panel administrator
// finds the child (name or reference, PersonRecordQuery::search), gives the date the payment
// started and who it is for / made to, then the review meeting (a panel of the timetable and a
// time) and the allocated worker who writes the pre-meeting report. OK hands everything to
// DirectPayments::scheduleFirstReview; a refusal shows next to the field it is about and nothing
// chosen is lost.
class FirstReviewDialog : public QDialog
{
    Q_OBJECT

public:
    // `workers`: who may be chosen to write the pre-meeting report (id, text).
    FirstReviewDialog(const DpContext &context, const QList<PanelRecord> &panels,
                      const QList<QPair<qint64, QString>> &workers, QWidget *parent = nullptr);

    // Searches for what is typed (Enter in the search box; typing searches after a pause).
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

    // OK: asks the core; accepts the dialog when it agreed.
    bool tryAccept();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void childChosen();
    void clearMessages();
    void showRefusal(const Status &status);

    DpContext m_context;
    PersonRecordQuery m_query;
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
    InlineMessage *m_message;
    InlineMessage *m_childMessage;
    InlineMessage *m_paymentStartMessage;
    InlineMessage *m_paymentForMessage;
    InlineMessage *m_meetingMessage;
    InlineMessage *m_workerMessage;
    QTimer *m_pause;
};

} // namespace casedesk
