#pragma once

#include "directpayments/directpayments.h"

#include <QDialog>
#include <QFuture>
#include <functional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimeEdit;
class QTimer;

namespace casedesk {

class InlineMessage;

// While the change OK asked for is on its way (on the database thread): OK disabled, so it is
// never asked twice, and after 300 ms a line saying so; then the dialog closes when the core
// agreed, or shows the refusal and lets the user change their choice.
class ApplyWait : public QObject
{
    Q_OBJECT

public:
    ApplyWait(QDialog *dialog, const QString &text);
    QLabel *label() const { return m_label; }
    void setOkButton(QPushButton *ok) { m_ok = ok; }
    bool isApplying() const { return m_applying; }
    // Runs when the answer comes (nothing when the dialog was closed meanwhile).
    void wait(const QFuture<Status> &answer, std::function<void(const Status &)> outcome);

private:
    QLabel *m_label;
    QPushButton *m_ok = nullptr;
    QTimer *m_delay;
    bool m_applying = false;
};

// Moving a case to another panel, or bringing a declined case back to a later one: which panel
// (from the timetable) and why. OK hands both to `apply`; a refusal shows in the dialog.
class ChoosePanelDialog : public QDialog
{
    Q_OBJECT

public:
    using Apply = std::function<QFuture<Status>(qint64 panelId, const QString &reason)>;

    ChoosePanelDialog(const QString &title, const QString &intro, const QList<PanelRecord> &panels,
                      Apply apply, QWidget *parent = nullptr);

    QComboBox *panelChoice() const { return m_panels; }
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    InlineMessage *message() const { return m_message; }
    QLabel *busyLabel() const { return m_wait->label(); }
    // OK: asks for the change (false when one is already on its way).
    bool tryAccept();
    bool isApplying() const { return m_wait->isApplying(); }

private:
    Apply m_apply;
    QComboBox *m_panels;
    QPlainTextEdit *m_reason;
    InlineMessage *m_message;
    ApplyWait *m_wait;
};

// Schedule Direct Payments Review: the date and time of the review meeting (a panel of the
// timetable) and the allocated worker who writes the pre-meeting report.
class ScheduleReviewDialog : public QDialog
{
    Q_OBJECT

public:
    using Apply = std::function<QFuture<Status>(const QDateTime &meetingAt, qint64 workerId)>;

    // The panel offered first is the first meeting on or after `reviewDue` (the review date the
    // panel set), else the next panel; the worker offered is `suggestedWorker` (the child's
    // allocated worker), else no one.
    ScheduleReviewDialog(const QString &intro, const QList<PanelRecord> &panels,
                         const QList<QPair<qint64, QString>> &workers, qint64 suggestedWorker,
                         const QDate &reviewDue, Apply apply, QWidget *parent = nullptr);

    QComboBox *panelChoice() const { return m_panels; }
    QTimeEdit *timeEdit() const { return m_time; }
    QComboBox *workerChoice() const { return m_workers; }
    InlineMessage *message() const { return m_message; }
    QLabel *busyLabel() const { return m_wait->label(); }
    // OK: asks for the change (false when one is already on its way).
    bool tryAccept();
    bool isApplying() const { return m_wait->isApplying(); }

private:
    Apply m_apply;
    QList<PanelRecord> m_panelList;
    QComboBox *m_panels;
    QTimeEdit *m_time;
    QComboBox *m_workers;
    InlineMessage *m_message;
    ApplyWait *m_wait;
};

} // namespace casedesk
