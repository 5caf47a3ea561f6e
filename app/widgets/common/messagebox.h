#pragma once

#include <QMessageBox>

namespace casedesk {

// Every modal question CaseDesk asks goes through here, so tests can answer it without a dialog
// appearing, as KeePassXC's MessageBox does:
//
//     MessageBox::setNextAnswer(QMessageBox::Discard);
//     editor.confirmClose(); // returns at once as if Discard had been clicked
//
// The next answer is used once, by whichever helper is called next, and then cleared. With
// CASEDESK_UNATTENDED=1 in the environment (every test has it) a question with no answer set
// shows nothing and returns NoButton, which every caller takes as Cancel.
class MessageBox
{
public:
    static QMessageBox::StandardButton
    question(QWidget *parent, const QString &title, const QString &text,
             QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
             QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);
    static QMessageBox::StandardButton
    warning(QWidget *parent, const QString &title, const QString &text,
            QMessageBox::StandardButtons buttons = QMessageBox::Ok,
            QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);
    static QMessageBox::StandardButton
    information(QWidget *parent, const QString &title, const QString &text,
                QMessageBox::StandardButtons buttons = QMessageBox::Ok,
                QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);
    static QMessageBox::StandardButton
    critical(QWidget *parent, const QString &title, const QString &text,
             QMessageBox::StandardButtons buttons = QMessageBox::Ok,
             QMessageBox::StandardButton defaultButton = QMessageBox::NoButton);

    // For tests: the next helper call returns `button` without showing anything.
    static void setNextAnswer(QMessageBox::StandardButton button);
    // For tests: how many helper calls have been made, and the text of the last one.
    static int callCount();
    static QString lastText();
    // Whether CASEDESK_UNATTENDED=1: nobody can answer a modal question.
    static bool unattended();

private:
    static QMessageBox::StandardButton show(QMessageBox::Icon icon, QWidget *parent,
                                            const QString &title, const QString &text,
                                            QMessageBox::StandardButtons buttons,
                                            QMessageBox::StandardButton defaultButton);
};

} // namespace casedesk
