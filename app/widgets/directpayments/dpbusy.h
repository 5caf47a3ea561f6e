#pragma once

#include <QLabel>
#include <QTimer>

namespace casedesk {

// Where a Direct Payments screen waits for the database thread: "Reading the agenda…", shown only
// once an answer has taken more than 300 ms (a quick answer never flashes a busy sign), hidden
// when the last answer waited for has landed. Counts the requests on their way.
class BusyNote : public QLabel
{
    Q_OBJECT

public:
    BusyNote(const QString &objectName, QWidget *parent);

    // One more request on its way; `text` is what the place says while it waits.
    void begin(const QString &text);
    // One fewer.
    void end();
    bool isWaiting() const { return m_waiting > 0; }

private:
    QTimer m_delay;
    int m_waiting = 0;
};

} // namespace casedesk
