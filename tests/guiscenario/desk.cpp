#include "desk.h"
#include "signinwait.h"

#include "app/workopener.h"
#include "definitions/definitionregistry.h"
#include "forms/formeditor.h"
#include "forms/nextactionseditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "requests/requestsdialog.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "workview/fullworkview.h"
#include "workview/narrowworkview.h"
#include "workview/workviewmodel.h"
#include "workview/workviewtree.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

namespace casedesk::test {

Desk::Desk(const QString &databasePath, QSettings &settings, const QString &username)
{
    SignInDialog dialog(databasePath, nullptr, settings, &DefinitionRegistry::shared());
    if (!localPageLoaded(dialog) || !dialog.localPage()->selectWorker(username) ||
        !signInAndWait(dialog))
        qFatal("could not sign in as %s", qPrintable(username));
    m_session = dialog.takeSession();
    m_window = std::make_unique<MainWindow>(m_session, &DefinitionRegistry::shared());
    m_opener = new WorkOpener(m_session, DefinitionRegistry::shared(), m_window.get());
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        qFatal("the main window did not show");
}

Desk::~Desk()
{
    m_window.reset(); // before the session it works from
}

bool Desk::actAs(const QString &roleName)
{
    QComboBox *roles = m_window->roleSwitcher();
    roles->setFocus(Qt::TabFocusReason);
    return gui::choose(roles, roleName) && roles->currentText() == roleName;
}

QAbstractItemModel *Desk::model() const
{
    // The workviews are read off the GUI thread: the read on its way lands first.
    if (!QTest::qWaitFor([this] { return !m_window->isReadingWorkview(); }, 10000))
        qWarning("the workview was still being read after 10 s");
    return m_window->fullWorkview()->tree()->model();
}

QModelIndex Desk::categoryIndex(const QString &owner, const QString &category) const
{
    QAbstractItemModel *full = model();
    for (int ownerRow = 0; ownerRow < full->rowCount(); ++ownerRow) {
        const QModelIndex ownerIndex = full->index(ownerRow, 0);
        if (!ownerIndex.data().toString().startsWith(owner))
            continue;
        for (int row = 0; row < full->rowCount(ownerIndex); ++row) {
            const QModelIndex index = full->index(row, 0, ownerIndex);
            if (index.data().toString().startsWith(category + QStringLiteral(" (")))
                return index;
        }
    }
    return {};
}

bool Desk::narrowAgrees() const
{
    // Headings and, under each, the step and request ids of the work, in model order.
    const auto outline = [](QAbstractItemModel *model) {
        QStringList lines;
        for (int ownerRow = 0; ownerRow < model->rowCount(); ++ownerRow) {
            const QModelIndex owner = model->index(ownerRow, 0);
            lines << owner.data().toString();
            for (int row = 0; row < model->rowCount(owner); ++row) {
                const QModelIndex category = model->index(row, 0, owner);
                QStringList work;
                for (int item = 0; item < model->rowCount(category); ++item) {
                    const QModelIndex index = model->index(item, 0, category);
                    work << QStringLiteral("%1/%2")
                                .arg(index.data(WorkviewModel::StepIdRole).toLongLong())
                                .arg(index.data(WorkviewModel::RequestIdRole).toLongLong());
                }
                work.sort();
                lines << category.data().toString() + QStringLiteral(": ") +
                             work.join(QLatin1Char(' '));
            }
        }
        return lines;
    };
    return outline(model()) == outline(m_window->narrowWorkview()->tree()->model());
}

QString Desk::heading(const QString &owner, const QString &category) const
{
    return categoryIndex(owner, category).data().toString();
}

QStringList Desk::rows(const QString &owner, const QString &category) const
{
    QStringList texts;
    const QModelIndex parent = categoryIndex(owner, category);
    for (int row = 0; parent.isValid() && row < model()->rowCount(parent); ++row)
        texts << model()->index(row, WorkviewModel::PersonColumn, parent).data().toString() +
                     QStringLiteral(" | ") +
                     model()->index(row, WorkviewModel::TitleColumn, parent).data().toString();
    return texts;
}

QStringList Desk::titlesFor(const QString &owner, const QString &category,
                            const QString &person) const
{
    QStringList titles;
    for (const QString &row : rows(owner, category)) {
        if (row.startsWith(person))
            titles << row.section(QStringLiteral(" | "), 1);
    }
    titles.sort();
    return titles;
}

StepEditor *Desk::open(const QString &owner, const QString &category, const QString &person,
                       const QString &title)
{
    WorkviewTree *tree = m_window->fullWorkview()->tree();
    const QModelIndex parent = categoryIndex(owner, category);
    for (int row = 0; parent.isValid() && row < model()->rowCount(parent); ++row) {
        const QModelIndex personIndex = model()->index(row, WorkviewModel::PersonColumn, parent);
        const QModelIndex titleIndex = model()->index(row, WorkviewModel::TitleColumn, parent);
        if (!personIndex.data().toString().startsWith(person) || titleIndex.data() != title)
            continue;
        m_window->workArea()->setCurrentIndex(0);
        tree->setFocus(Qt::OtherFocusReason);
        tree->scrollTo(titleIndex);
        tree->setCurrentIndex(titleIndex);
        QTest::keyClick(tree, Qt::Key_Return);
        // The step opens off the GUI thread: its tab appears when it has been read.
        auto *opener = m_window->findChild<WorkOpener *>();
        if (!opener || !QTest::qWaitFor([opener] { return !opener->isOpening(); }, 30000))
            return nullptr;
        return qobject_cast<StepEditor *>(m_window->workArea()->currentWidget());
    }
    return nullptr;
}

namespace gui {

bool choose(QComboBox *combo, const QString &text)
{
    combo->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(combo, Qt::Key_Home);
    for (int step = 0; step <= combo->count(); ++step) {
        if (!text.isEmpty() && combo->currentText().startsWith(text))
            return true;
        if (text.isEmpty() && combo->currentText().isEmpty())
            return true;
        QTest::keyClick(combo, Qt::Key_Down);
    }
    return false;
}

void click(StepEditor *editor, QAction *action)
{
    auto *toolbar = editor->findChild<QToolBar *>(QStringLiteral("stepToolbar"));
    QWidget *button = toolbar ? toolbar->widgetForAction(action) : nullptr;
    if (!button) {
        QTest::qFail("the action has no button in the step's tool bar", __FILE__, __LINE__);
        return;
    }
    // What the step's actions may do is read off the GUI thread (after a dialog closes, say):
    // click once that answer is in, as a worker would.
    if (!QTest::qWaitFor([editor] { return editor->isSettled(); }, 30000))
        qWarning("the step was still busy after 30 s");
    QTest::mouseClick(button, Qt::LeftButton);
    // Save and Finish are jobs: wait for them to end (Save and Close ends with the editor gone).
    QPointer<StepEditor> clicked(editor);
    if (!QTest::qWaitFor([&clicked] { return !clicked || clicked->isSettled(); }, 30000))
        qWarning("the step's save or finish had not ended after 30 s");
}

void type(FormEditor *form, const QString &questionId, const QString &text)
{
    QuestionField *field = form->field(questionId);
    if (!field)
        qFatal("no question %s on %s", qPrintable(questionId), qPrintable(form->formCode()));
    field->editor()->setFocus(Qt::TabFocusReason);
    QTest::keyClicks(field->editor(), text);
}

bool choose(FormEditor *form, const QString &questionId, const QString &choice)
{
    QuestionField *field = form->field(questionId);
    auto *combo = field ? qobject_cast<QComboBox *>(field->editor()) : nullptr;
    return combo && choose(combo, choice) && combo->currentText() == choice;
}

void answer(FormEditor *form, const QString &questionId, bool yes)
{
    QuestionField *field = form->field(questionId);
    if (!field)
        qFatal("no question %s", qPrintable(questionId));
    auto *button =
        field->findChild<QRadioButton *>(yes ? QStringLiteral("yes") : QStringLiteral("no"));
    button->setFocus(Qt::TabFocusReason);
    QTest::keyClick(button, Qt::Key_Space);
}

void tick(FormEditor *form, const QString &questionId)
{
    QuestionField *field = form->field(questionId);
    auto *check = field ? qobject_cast<QCheckBox *>(field->editor()) : nullptr;
    if (!check)
        qFatal("no confirmation %s", qPrintable(questionId));
    check->setFocus(Qt::TabFocusReason);
    QTest::keyClick(check, Qt::Key_Space);
}

bool addNextAction(NextActionsEditor *editor, const QString &stepType, const QString &assignTo,
                   const QString &assignee, bool sendImmediately)
{
    auto *option = editor->findChild<QComboBox *>(QStringLiteral("nextActionOption"));
    auto *kind = editor->findChild<QComboBox *>(QStringLiteral("assigneeKind"));
    auto *who = editor->findChild<QComboBox *>(QStringLiteral("assignee"));
    auto *immediately = editor->findChild<QCheckBox *>(QStringLiteral("sendImmediately"));
    auto *add = editor->findChild<QPushButton *>(QStringLiteral("addNextAction"));
    if (!choose(option, stepType) || option->currentText() != stepType || !choose(kind, assignTo))
        return false;
    if (!assignee.isEmpty() && !choose(who, assignee))
        return false;
    if (sendImmediately != immediately->isChecked()) {
        immediately->setFocus(Qt::TabFocusReason);
        QTest::keyClick(immediately, Qt::Key_Space);
    }
    if (!add->isEnabled())
        return false;
    QTest::mouseClick(add, Qt::LeftButton);
    // The answers are saved, then the next action added, off the GUI thread.
    QPointer<StepEditor> step;
    for (QWidget *parent = editor->parentWidget(); parent && !step; parent = parent->parentWidget())
        step = qobject_cast<StepEditor *>(parent);
    if (!QTest::qWaitFor([&step] { return !step || step->isSettled(); }, 30000))
        return false;
    for (const NextActionRecord &added : editor->added()) {
        if (added.stepType == stepType)
            return true;
    }
    return false;
}

bool openThroughFormsMenu(StepEditor *editor, const QString &formCode)
{
    auto *button = editor->findChild<QToolButton *>(QStringLiteral("formsAndLettersButton"));
    bool chosen = false;
    // The menu runs its own event loop: pick the form while it is open, with the keyboard.
    QTimer::singleShot(0, editor, [&chosen, formCode] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction *action : menu->actions()) {
            if (action->data().toString() == formCode) {
                menu->setActiveAction(action);
                QTest::keyClick(menu, Qt::Key_Return);
                chosen = true;
                return;
            }
        }
        QTest::keyClick(menu, Qt::Key_Escape);
    });
    QTest::mouseClick(button, Qt::LeftButton);
    // The form is opened and read off the GUI thread.
    return chosen &&
           QTest::qWaitFor(
               [editor, formCode] { return editor->isSettled() && editor->formEditor(formCode); },
               30000);
}

RequestsDialog *openRequests(StepEditor *editor)
{
    click(editor, editor->requestsAction());
    // Unsaved answers are saved first: the dialog opens once they are.
    if (!QTest::qWaitFor([editor] { return editor->findChild<RequestsDialog *>() != nullptr; },
                         10000))
        return nullptr;
    auto *dialog = editor->findChild<RequestsDialog *>();
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    // The dialog opens at once and fills when its read lands (and the directory is in).
    if (dialog && !QTest::qWaitFor(
                      [dialog] {
                          return dialog->isLoaded() && !dialog->isBusy() &&
                                 (dialog->recipientCombo()->count() > 0 ||
                                  dialog->requestTypeCombo()->count() == 0);
                      },
                      10000))
        return nullptr;
    return dialog;
}

bool sendRequest(RequestsDialog *dialog, const QString &requestType, const QString &recipient)
{
    const int before = dialog->table()->rowCount();
    if (!choose(dialog->requestTypeCombo(), requestType) ||
        !choose(dialog->recipientCombo(), recipient))
        return false;
    QTest::mouseClick(dialog->sendButton(), Qt::LeftButton);
    // Sending is a job: wait for it and the read after it.
    if (!QTest::qWaitFor([dialog] { return !dialog->isBusy(); }, 10000))
        return false;
    return dialog->table()->rowCount() == before + 1;
}

bool complete(RequestsDialog *dialog, const QString &requestType)
{
    QTableWidget *table = dialog->table();
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, RequestsDialog::RequestColumn)->text() != requestType)
            continue;
        table->setFocus(Qt::OtherFocusReason);
        table->setCurrentCell(row, RequestsDialog::RequestColumn);
        table->selectRow(row);
        if (!dialog->completedButton()->isEnabled())
            return false;
        QTest::mouseClick(dialog->completedButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([dialog] { return !dialog->isBusy(); }, 10000))
            return false;
        return table->item(row, RequestsDialog::StatusColumn)
            ->text()
            .startsWith(QStringLiteral("Completed"));
    }
    return false;
}

} // namespace gui

} // namespace casedesk::test
