#pragma once

#include "directpayments/directpayments.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QPlainTextEdit;
class QTimeEdit;

namespace casedesk {

class InlineMessage;

// Moving a case to another panel, or bringing a declined case back to a later one: which panel
// (from the timetable) and why. OK hands both to `apply`; a refusal shows in the dialog.
class ChoosePanelDialog : public QDialog
{
    Q_OBJECT

public:
    using Apply = std::function<Status(qint64 panelId, const QString &reason)>;

    ChoosePanelDialog(const QString &title, const QString &intro, const QList<PanelRecord> &panels,
                      Apply apply, QWidget *parent = nullptr);

    QComboBox *panelChoice() const { return m_panels; }
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    InlineMessage *message() const { return m_message; }
    bool tryAccept();

private:
    Apply m_apply;
    QComboBox *m_panels;
    QPlainTextEdit *m_reason;
    InlineMessage *m_message;
};

// Schedule Direct Payments Review: the date and time of the review meeting (a panel of the
// timetable) and the allocated worker who writes the pre-meeting report.
class ScheduleReviewDialog : public QDialog
{
    Q_OBJECT

public:
    using Apply = std::function<Status(const QDateTime &meetingAt, qint64 workerId)>;

    ScheduleReviewDialog(const QString &intro, const QList<PanelRecord> &panels,
                         const QList<QPair<qint64, QString>> &workers, qint64 suggestedWorker,
                         Apply apply, QWidget *parent = nullptr);

    QComboBox *panelChoice() const { return m_panels; }
    QTimeEdit *timeEdit() const { return m_time; }
    QComboBox *workerChoice() const { return m_workers; }
    InlineMessage *message() const { return m_message; }
    bool tryAccept();

private:
    Apply m_apply;
    QList<PanelRecord> m_panelList;
    QComboBox *m_panels;
    QTimeEdit *m_time;
    QComboBox *m_workers;
    InlineMessage *m_message;
};

} // namespace casedesk
