#pragma once

#include "session/session.h"

#include <QModelIndex>
#include <QSettings>
#include <QStringList>
#include <memory>

class QAbstractItemModel;
class QAction;
class QComboBox;
class QWidget;

namespace casedesk {
class FormEditor;
class MainWindow;
class NextActionsEditor;
class RequestsDialog;
class StepEditor;
class WorkOpener;
} // namespace casedesk

namespace casedesk::test {

// One worker at their desk: signed in through the sign-in dialog, with the main window and the
// work opener wired as the application wires them. Reads the Full workview as the worker sees it
// and opens work from it with the keyboard.
class Desk
{
public:
    Desk(const QString &databasePath, QSettings &settings, const QString &username);
    ~Desk();

    MainWindow &window() const { return *m_window; }
    Session &session() { return m_session; }

    // Chooses a role in the "Acting as" box with the keyboard.
    bool actAs(const QString &roleName);

    // The heading of a category in an owner's part of the Full workview, "Incoming work (6)";
    // empty when the owner has nothing in that category. `owner` is the start of the owner row
    // ("My work", "CS CWD – Panel").
    QString heading(const QString &owner, const QString &category) const;
    // The Narrow workview shows the same headings, and the same work under each, as the Full.
    bool narrowAgrees() const;
    // "Person | Title" of every row in the category.
    QStringList rows(const QString &owner, const QString &category) const;
    // Rows of `person` (start of the person column) in the category: their titles.
    QStringList titlesFor(const QString &owner, const QString &category,
                          const QString &person) const;

    // Selects the row of `person` with `title` in the Full workview and presses Enter; returns
    // the step editor that opened (null if none did).
    StepEditor *open(const QString &owner, const QString &category, const QString &person,
                     const QString &title);
    // The category's heading row in the Full workview (invalid if the owner has none).
    QModelIndex categoryIndex(const QString &owner, const QString &category) const;

private:
    QAbstractItemModel *model() const;

    Session m_session;
    std::unique_ptr<MainWindow> m_window;
    WorkOpener *m_opener = nullptr;
};

// Doing things with the widgets as a person would, by keyboard and mouse.
namespace gui {

// Moves a combo box to the item whose text starts with `text`, using the arrow keys.
bool choose(QComboBox *combo, const QString &text);
// Clicks the tool bar button of a step editor action.
void click(StepEditor *editor, QAction *action);
// Types into a question's editor (text, line, date as dd/mm/yyyy, number).
void type(FormEditor *form, const QString &questionId, const QString &text);
// Chooses an answer of a choice question.
bool choose(FormEditor *form, const QString &questionId, const QString &choice);
// Answers a Yes/No question with the space bar.
void answer(FormEditor *form, const QString &questionId, bool yes);
// Ticks a confirmation ("Checked and completed by").
void tick(FormEditor *form, const QString &questionId);
// Adds a next action through the section's next actions editor.
bool addNextAction(NextActionsEditor *editor, const QString &stepType, const QString &assignTo,
                   const QString &assignee = QString(), bool sendImmediately = false);
// Opens another form through the Forms and letters menu.
bool openThroughFormsMenu(StepEditor *editor, const QString &formCode);
// Opens the requests dialog with the Requests button.
RequestsDialog *openRequests(StepEditor *editor);
// Sends a request from the dialog; recipient is the start of the recipient's entry.
bool sendRequest(RequestsDialog *dialog, const QString &requestType, const QString &recipient);
// Selects the request and clicks Completed.
bool complete(RequestsDialog *dialog, const QString &requestType);

} // namespace gui

} // namespace casedesk::test
