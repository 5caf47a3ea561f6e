#pragma once

#include "workflow/stepcontext.h"

#include <QFrame>

class QLabel;
class QTextBrowser;
class QTimer;

namespace casedesk {

class DefinitionRegistry;
class InlineMessage;

// What a step is about, read-only, beside its own forms (showsContext in forms/): the report being
// approved, the referral being placed, the question asked when it was sent back, the decision
// being notified; each form with its step and who answered. It only shows what it is given (the
// StepEditor reads it on the database thread): "Reading…" after 300 ms while it waits, a problem
// in place, and nothing that can be edited.
class StepContextPanel : public QFrame
{
    Q_OBJECT

public:
    explicit StepContextPanel(const DefinitionRegistry &definitions, QWidget *parent = nullptr);

    // A read has started: after 300 ms without an answer, says it is reading.
    void setWaiting();
    // The answer: shows the forms, or the problem (what was shown before stays cleared).
    void setContext(const StepContext &context);

    bool isWaiting() const { return m_waiting; }
    bool isEmpty() const { return m_shown.isEmpty(); }
    // For tests and the accessible name: the text shown.
    QString text() const;
    QTextBrowser *browser() const { return m_browser; }
    QLabel *busyLabel() const { return m_busy; }
    InlineMessage *problem() const { return m_problem; }

private:
    QString html(const ContextForm &form) const;

    const DefinitionRegistry &m_definitions;
    QList<ContextForm> m_shown;
    bool m_waiting = false;
    QLabel *m_title = nullptr;
    QLabel *m_busy = nullptr;
    QTimer *m_busyDelay = nullptr;
    InlineMessage *m_problem = nullptr;
    QTextBrowser *m_browser = nullptr;
};

} // namespace casedesk
