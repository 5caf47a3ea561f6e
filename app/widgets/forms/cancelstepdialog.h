#pragma once

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace casedesk {

class InlineMessage;

// "Cancel step…": a step started by mistake (the wrong child, a duplicate) is cancelled with a
// reason, which the history shows. The dialog stays open while the cancel runs, so a refusal is
// shown beside the reason and the reason is never lost; it closes once the step is cancelled.
class CancelStepDialog : public QDialog
{
    Q_OBJECT

public:
    CancelStepDialog(const QString &stepType, const QString &personName, bool unsavedAnswers,
                     QWidget *parent = nullptr);

    QPlainTextEdit *reasonBox() const { return m_reason; }
    QPushButton *cancelStepButton() const { return m_confirm; }
    QString reason() const;
    // While the cancel runs: nothing can be pressed twice.
    void setWorking(bool working);
    void showRefusal(const QString &message);

signals:
    void cancelAsked(const QString &reason);

private:
    QPlainTextEdit *m_reason;
    QPushButton *m_confirm;
    InlineMessage *m_message;
};

} // namespace casedesk
