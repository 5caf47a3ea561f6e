#pragma once

#include "forms/stepeditor.h"

#include <QSignalSpy>
#include <QtTest>

// Open, Save and Finish are jobs (they return at once and end with saveDone / finishDone): these
// start one and wait for it to end, for tests that look at what it did.
namespace casedesk::test {

// Whether the save started and succeeded (false after 30 s without an end).
inline bool saveAndWait(StepEditor *editor, int timeoutMs = 30000)
{
    QSignalSpy done(editor, &StepEditor::saveDone);
    if (!editor->save())
        return false;
    if (done.isEmpty() && !done.wait(timeoutMs))
        return false;
    if (!QTest::qWaitFor([editor] { return editor->isSettled(); }, timeoutMs))
        return false;
    return done.first().at(0).toBool();
}

// Whether the finish started and the step finished (false when refused, cancelled or lost).
inline bool finishAndWait(StepEditor *editor, int timeoutMs = 30000)
{
    QSignalSpy done(editor, &StepEditor::finishDone);
    if (!editor->finish())
        return false;
    if (done.isEmpty() && !done.wait(timeoutMs))
        return false;
    if (!QTest::qWaitFor([editor] { return editor->isSettled(); }, timeoutMs))
        return false;
    return done.first().at(0).toBool();
}

// Opening a step is a job too (WorkOpener::open): the editor it opened, or null when refused or
// not done after 30 s.
inline StepEditor *openAndWait(QFuture<StepEditor *> opening, int timeoutMs = 30000)
{
    if (!QTest::qWaitFor([&opening] { return opening.isFinished(); }, timeoutMs))
        return nullptr;
    return opening.isCanceled() ? nullptr : opening.result();
}

} // namespace casedesk::test
