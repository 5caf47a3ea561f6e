// The desktop around the work: several pieces of work taken or reassigned at once, closing the
// window with unsaved answers, names for assistive technology on every control, and a dark
// palette that no control overrides with a light colour of its own.
//
// With CASEDESK_SCREENSHOT_DIR set, the dark-palette test saves what it shows there
// (dark-main.png, dark-step.png) to look at.
#include "desk.h"

#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "common/palettes.h"
#include "common/shortcuttooltips.h"
#include "definitions/definitionregistry.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "requests/requestsdialog.h"
#include "signin/signindialog.h"
#include "signinwait.h"
#include "workflow/workflowengine.h"
#include "workview/fullworkview.h"
#include "workview/reassigndialog.h"
#include "workview/workviewactions.h"
#include "workview/workviewmodel.h"
#include "workview/workviewtree.h"
#include "workviewwait.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

namespace {

const QString MyWork = QStringLiteral("My work");
const QString Incoming = QStringLiteral("Incoming work");
const QString StrutHouse = QStringLiteral("Strut House");
const QString HomePlacement = QStringLiteral("CS Short Term Breaks Placement Request");

QString stripAmpersands(QString text)
{
    return text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
}

// What a screen reader announces for a control: its accessible name, a button's text, or the
// text of the label that names it (its buddy).
QString spokenName(QWidget *widget, QWidget *root)
{
    if (!widget->accessibleName().isEmpty())
        return widget->accessibleName();
    if (auto *button = qobject_cast<QAbstractButton *>(widget); button && !button->text().isEmpty())
        return stripAmpersands(button->text());
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (label->buddy() == widget || (label->buddy() && label->buddy()->focusProxy() == widget))
            return stripAmpersands(label->text());
    }
    return QString();
}

// Controls the keyboard can reach that would be announced without a name.
QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        if (!widget->isVisibleTo(root) || !(widget->focusPolicy() & Qt::TabFocus))
            continue;
        if (spokenName(widget, root).trimmed().isEmpty())
            unnamed << QStringLiteral("%1 %2 in %3")
                           .arg(QString::fromLatin1(widget->metaObject()->className()),
                                widget->objectName(),
                                widget->parentWidget() ? widget->parentWidget()->objectName()
                                                       : QString());
    }
    return unnamed;
}

// Colours a style sheet sets, by property ("background", "color", "border", ...).
QList<QPair<QString, QColor>> styleSheetColours(const QString &sheet)
{
    static const QRegularExpression declaration(
        QStringLiteral("([a-z-]+)\\s*:[^;{}]*?(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|white|black)"));
    QList<QPair<QString, QColor>> colours;
    for (auto match = declaration.globalMatch(sheet); match.hasNext();) {
        const QRegularExpressionMatch m = match.next();
        colours << qMakePair(m.captured(1), QColor(m.captured(2)));
    }
    return colours;
}

// Widgets whose own style sheet puts a light background, or dark text, on the dark palette.
QStringList lightOnDark(QWidget *root)
{
    QStringList wrong;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        // The bar beside a question with a problem is a mark in the error colour, with no text.
        if (widget->objectName() == QLatin1String("problemBar"))
            continue;
        for (const auto &[property, colour] : styleSheetColours(widget->styleSheet())) {
            const bool background = property.startsWith(QLatin1String("background"));
            const bool text = property == QLatin1String("color");
            if ((background && colour.lightness() > 110) || (text && colour.lightness() < 140))
                wrong << QStringLiteral("%1 %2: %3 %4")
                             .arg(QString::fromLatin1(widget->metaObject()->className()),
                                  widget->objectName(), property, colour.name());
        }
    }
    return wrong;
}

QModelIndex categoryOf(QAbstractItemModel *model, const QString &owner, const QString &category)
{
    for (int ownerRow = 0; ownerRow < model->rowCount(); ++ownerRow) {
        const QModelIndex ownerIndex = model->index(ownerRow, 0);
        if (!ownerIndex.data().toString().startsWith(owner))
            continue;
        for (int row = 0; row < model->rowCount(ownerIndex); ++row) {
            const QModelIndex index = model->index(row, 0, ownerIndex);
            if (index.data().toString().startsWith(category + QStringLiteral(" (")))
                return index;
        }
    }
    return {};
}

void clickRow(WorkviewTree *tree, const QModelIndex &index, Qt::KeyboardModifiers modifiers = {})
{
    tree->scrollTo(index);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, modifiers,
                      tree->visualRect(index).center());
}

} // namespace

// Lists what is wrong, if anything.
#define EXPECT_NONE(list)                                                                          \
    do {                                                                                           \
        const QStringList found_ = (list);                                                         \
        QVERIFY2(found_.isEmpty(), qPrintable(found_.join(QStringLiteral("\n"))));                 \
    } while (false)

class TestDesktop : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString databasePath() const { return m_dir.filePath(QStringLiteral("demo/casedesk.sqlite")); }

    std::unique_ptr<Database> m_db;

    Database &db() { return casedesk::test::testConnection(m_db, databasePath()); }

    std::unique_ptr<Desk> signIn(const QString &username)
    {
        return std::make_unique<Desk>(databasePath(), *m_settings, username);
    }

    static WorkviewActions *actionsOf(Desk &desk)
    {
        return desk.window().findChild<WorkOpener *>()->workviewActions();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("casedesk.ini")),
                                                 QSettings::IniFormat);
    }

    void takesSeveralFromTheInboxAndSaysWhatWasRefused()
    {
        auto strut = signIn(QStringLiteral("home.strut"));
        // Two more placement requests reach Strut House, sent by the manager.
        WorkflowEngine manager(db(), DefinitionRegistry::shared());
        const Actor helen{WorkerDirectory(db()).identityByUsername(QStringLiteral("mgr.demo")).id,
                          QStringLiteral("ps_manager")};
        const qint64 strutHouse =
            db().scalar(QStringLiteral("SELECT id FROM virtual_workers WHERE code = ?"),
                        {QStringLiteral("strut-house")})
                .toLongLong();
        const qint64 haven =
            db().scalar(QStringLiteral("SELECT id FROM virtual_workers WHERE code = ?"),
                        {QStringLiteral("haven-cottage")})
                .toLongLong();
        QList<qint64> people;
        for (const char *ref : {"C100201", "C100320"})
            people << db().scalar(QStringLiteral("SELECT id FROM people WHERE person_ref = ?"),
                                  {QString::fromLatin1(ref)})
                          .toLongLong();
        for (qint64 person : std::as_const(people))
            QVERIFY(manager.createStep(person, HomePlacement, Assignee::virtualWorker(strutHouse),
                                       helen) > 0);
        strut->window().refresh();
        CASEDESK_WAIT_FOR_WORKVIEW(strut->window());

        WorkviewActions *actions = actionsOf(*strut);
        QAction *take = actions->takeAction();
        QVERIFY(!take->isEnabled());
        QVERIFY(take->toolTip().startsWith(QStringLiteral("Select one or more pieces of work")));
        QCOMPARE(take->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));

        WorkviewTree *tree = strut->window().fullWorkview()->tree();
        QAbstractItemModel *model = tree->model();
        const QModelIndex inbox = categoryOf(model, StrutHouse, Incoming);
        QCOMPARE(inbox.data().toString(), QStringLiteral("Incoming work (3)"));
        // Click the first, Shift+click the last: all three, and never the heading.
        clickRow(tree, model->index(0, WorkviewModel::TitleColumn, inbox));
        clickRow(tree, model->index(2, WorkviewModel::TitleColumn, inbox), Qt::ShiftModifier);
        QCOMPARE(tree->selectedWork().size(), 3);
        QVERIFY(take->isEnabled());
        QVERIFY(take->toolTip().contains(QStringLiteral("Ctrl+T")));
        QVERIFY(!tree->selectionModel()->isSelected(inbox));

        // Meanwhile the manager sends one of them to Haven Cottage instead.
        const qint64 moved = tree->selectedWork().at(1).stepId;
        const QString movedLabel = tree->selectedWork().at(1).label;
        QVERIFY(manager.reassignStep(moved, Assignee::virtualWorker(haven), helen).isOk());

        // Ctrl+T, with the keyboard in the workview.
        QApplication::setActiveWindow(&strut->window());
        QVERIFY(QTest::qWaitForWindowActive(&strut->window()));
        tree->setFocus(Qt::OtherFocusReason);
        QSignalSpy reported(actions, &WorkviewActions::reported);
        QTest::keyClick(tree, Qt::Key_T, Qt::ControlModifier);
        // One job takes the three; neither action can be used again until it has ended.
        QVERIFY(actions->isBusy());
        QVERIFY(!take->isEnabled());
        QVERIFY(!actions->reassignAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(reported.count(), 1, 10000);
        QVERIFY(!actions->isBusy());
        const QString report = strut->window().fullWorkview()->report()->message();
        QCOMPARE(report, QStringLiteral("2 taken; 1 refused: %1: This step is assigned to Haven "
                                        "Cottage, so only they can start it.")
                             .arg(movedLabel));
        QVERIFY(movedLabel.startsWith(HomePlacement + QStringLiteral(" \u2013 ")));
        QCOMPARE(strut->window().fullWorkview()->report()->kind(), InlineMessage::Kind::Warning);
        CASEDESK_WAIT_FOR_WORKVIEW(strut->window());
        QVERIFY(!take->isEnabled()); // the workview was read again: nothing is selected
        QVERIFY(strut->heading(StrutHouse, Incoming).isEmpty() ||
                strut->heading(StrutHouse, Incoming) == QStringLiteral("Incoming work (0)"));
        QCOMPARE(strut->rows(MyWork, QStringLiteral("Current work")).size(), 2);
    }

    void reassignsSeveralToAColleague()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        WorkviewActions *actions = actionsOf(*sw);
        CASEDESK_WAIT_FOR_WORKVIEW(sw->window());
        WorkviewTree *tree = sw->window().fullWorkview()->tree();
        QAbstractItemModel *model = tree->model();
        const int incoming = sw->rows(MyWork, Incoming).size();
        QVERIFY(incoming >= 3);
        const QModelIndex category = categoryOf(model, MyWork, Incoming);
        const QModelIndex requests = categoryOf(model, MyWork, QStringLiteral("Incoming requests"));
        // Ctrl+click picks pieces here and there: two steps and a request.
        clickRow(tree, model->index(0, WorkviewModel::TitleColumn, category));
        clickRow(tree, model->index(1, WorkviewModel::TitleColumn, category), Qt::ControlModifier);
        clickRow(tree, model->index(0, WorkviewModel::TitleColumn, requests), Qt::ControlModifier);
        const QList<WorkRef> selected = tree->selectedWork();
        QCOMPARE(selected.size(), 3);
        QVERIFY(selected.at(2).requestId > 0);

        QCOMPARE(actions->reassignAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QApplication::setActiveWindow(&sw->window());
        QVERIFY(QTest::qWaitForWindowActive(&sw->window()));
        tree->setFocus(Qt::OtherFocusReason);
        QTest::keyClick(tree, Qt::Key_R, Qt::ControlModifier);
        auto *dialog = sw->window().findChild<ReassignDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTRY_VERIFY(dialog->assigneeCombo()->count() > 0); // the directory is read once, off here
        QVERIFY(gui::choose(dialog->kindCombo(), QStringLiteral("A worker")));
        QVERIFY(gui::choose(dialog->assigneeCombo(), QStringLiteral("Priya Natarajan")));
        if (const QString dir = qEnvironmentVariable("CASEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(dialog->grab().save(dir + QStringLiteral("/reassign-dialog.png")));
        QSignalSpy reported(actions, &WorkviewActions::reported);
        QTest::mouseClick(dialog->reassignButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(reported.count(), 1, 10000);
        CASEDESK_WAIT_FOR_WORKVIEW(sw->window());
        if (const QString dir = qEnvironmentVariable("CASEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(sw->window().grab().save(dir + QStringLiteral("/reassigned.png")));

        const QString report = sw->window().fullWorkview()->report()->message();
        QCOMPARE(report, QStringLiteral("2 reassigned to Priya Natarajan; 1 refused: %1: a request "
                                        "is answered by whoever it was sent to; it cannot be "
                                        "reassigned.")
                             .arg(selected.at(2).label));
        QCOMPARE(sw->rows(MyWork, Incoming).size(), incoming - 2);
        {
            auto priya = signIn(QStringLiteral("sw.north"));
            for (const WorkRef &work : selected.mid(0, 2)) {
                const QString title = work.label.section(QStringLiteral(" \u2013 "), 0, 0);
                QVERIFY2(priya->rows(MyWork, Incoming).join(u'\n').contains(title),
                         qPrintable(title));
            }
        }
    }

    void closingWithUnsavedAnswersAsks()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        MainWindow &window = sw->window();
        // Noah's visit is under way in the demo.
        StepEditor *visit = sw->open(MyWork, QStringLiteral("Current work"), QStringLiteral("Noah"),
                                     QStringLiteral("Child in Need Visit"));
        QVERIFY(visit);
        FormEditor *form = visit->formEditor(QStringLiteral("CS-VISIT"));
        gui::type(form, QStringLiteral("observations"), QStringLiteral("Calm and settled."));
        QVERIFY(visit->isModified());
        QWidget *tabOfVisit = window.workArea()->currentWidget();
        window.workArea()->setCurrentIndex(0); // looking at the workview when closing

        MessageBox::setNextAnswer(QMessageBox::Cancel);
        const int asked = MessageBox::callCount();
        QVERIFY(!window.close());
        QCOMPARE(MessageBox::callCount(), asked + 1);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("not been saved")));
        QVERIFY(window.isVisible());
        QCOMPARE(window.workArea()->currentWidget(), tabOfVisit); // shows what it asks about
        QCOMPARE(form->field(QStringLiteral("observations"))->value(),
                 QStringLiteral("Calm and settled."));

        // Signing out asks too.
        QSignalSpy signOut(&window, &MainWindow::signOutRequested);
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        window.findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
        QCOMPARE(signOut.count(), 0);
        QVERIFY(visit->isModified());

        // Closing the tab asks too.
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        emit window.workArea()->tabCloseRequested(window.workArea()->indexOf(tabOfVisit));
        QVERIFY(window.workArea()->indexOf(tabOfVisit) > 0);

        MessageBox::setNextAnswer(QMessageBox::Discard);
        QVERIFY(window.close());
        QVERIFY(!window.isVisible());
        // Discarded: nothing was saved.
        QVERIFY(!WorkflowEngine(db(), DefinitionRegistry::shared())
                     .answers(visit->stepId(), QStringLiteral("CS-VISIT"))
                     .contains(QStringLiteral("observations")));
    }

    void closingWithNothingUnsavedDoesNotAsk()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        const int asked = MessageBox::callCount();
        QVERIFY(sw->window().close());
        QCOMPARE(MessageBox::callCount(), asked);
    }

    void everyControlHasAName()
    {
        auto manager = signIn(QStringLiteral("mgr.demo"));
        MainWindow &window = manager->window();
        EXPECT_NONE(unnamedControls(&window));
        StepEditor *step =
            manager->open(MyWork, QStringLiteral("Incoming requests"), QStringLiteral("Jacob"),
                          QStringLiteral("CS Manager: Please review and confirm "
                                         "next action: CS Decision on Significant "
                                         "Information (Open SC Case)"));
        QVERIFY(step);
        EXPECT_NONE(unnamedControls(step));
        // A question is announced by its label, with its guidance as the description.
        FormEditor *c1044 = step->formEditor(QStringLiteral("C1044"));
        for (QuestionField *field : c1044->findChildren<QuestionField *>()) {
            QCOMPARE(field->editor()->accessibleName(), field->question().label);
            if (!field->question().guidance.isEmpty())
                QVERIFY(
                    field->editor()->accessibleDescription().contains(field->question().guidance));
        }
        RequestsDialog *requests = gui::openRequests(step);
        QVERIFY(requests);
        EXPECT_NONE(unnamedControls(requests));
        QTest::keyClick(requests, Qt::Key_Escape);

        SignInDialog dialog(databasePath(), nullptr, *m_settings, &DefinitionRegistry::shared());
        dialog.show();
        QVERIFY(casedesk::test::localPageLoaded(dialog)); // the list of workers too
        EXPECT_NONE(unnamedControls(&dialog));
    }

    void shortcutsAreShownInTooltipsAndMenus()
    {
        auto sw = signIn(QStringLiteral("sw.demo"));
        MainWindow &window = sw->window();
        StepEditor *step = sw->open(MyWork, QStringLiteral("Current work"), QStringLiteral("Noah"),
                                    QStringLiteral("Child in Need Visit"));
        QVERIFY(step);
        // Every step action has keys, listed in the Step menu, and said in the button's tooltip.
        QStringList inMenu;
        for (QAction *action : window.stepMenu()->actions())
            if (!action->isSeparator() && !action->menu())
                inMenu << action->objectName();
        QCOMPARE(inMenu,
                 (QStringList{QStringLiteral("saveAction"), QStringLiteral("saveAndCloseAction"),
                              QStringLiteral("finishAction"), QStringLiteral("requestsAction"),
                              QStringLiteral("cancelStepAction")}));
        for (QAction *action :
             {step->saveAction(), step->saveAndCloseAction(), step->finishAction(),
              step->requestsAction(), step->cancelStepAction()}) {
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->objectName()));
            QVERIFY(ShortcutToolTips::textFor(action).contains(
                action->shortcut().toString(QKeySequence::NativeText)));
        }
        QCOMPARE(step->finishAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

        // The keys work from inside the form: Ctrl+Shift+R opens the requests.
        FormEditor *form = step->formEditor(QStringLiteral("CS-VISIT"));
        QWidget *field = form->field(QStringLiteral("observations"))->editor();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        field->setFocus(Qt::OtherFocusReason);
        QTest::keyClick(field, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        auto *requests = step->findChild<RequestsDialog *>();
        QVERIFY(requests);
        QTest::keyClick(requests, Qt::Key_Escape);

        // The workview's actions too, and the window's own.
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcut().isEmpty() || action->objectName().isEmpty())
                continue;
            QVERIFY2(ShortcutToolTips::textFor(action).contains(
                         action->shortcut().toString(QKeySequence::NativeText)),
                     qPrintable(action->objectName()));
        }

        // No two actions that can be active at once share keys: Qt would run neither.
        QHash<QKeySequence, QString> windowWide;
        QList<QAction *> inSteps;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcut().isEmpty())
                continue;
            const QString name =
                action->objectName().isEmpty() ? action->text() : action->objectName();
            if (action->shortcutContext() == Qt::WidgetWithChildrenShortcut ||
                action->shortcutContext() == Qt::WidgetShortcut) {
                inSteps << action;
                continue;
            }
            QVERIFY2(
                !windowWide.contains(action->shortcut()),
                qPrintable(name + QStringLiteral(" and ") + windowWide.value(action->shortcut())));
            windowWide.insert(action->shortcut(), name);
        }
        for (QAction *action : std::as_const(inSteps))
            QVERIFY2(!windowWide.contains(action->shortcut()),
                     qPrintable(action->objectName() + QStringLiteral(" and ") +
                                windowWide.value(action->shortcut())));
    }

    void aDarkPaletteIsNotOverriddenWithLightColours()
    {
        const QPalette previous = QApplication::palette();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        QVERIFY(Style::isDarkPalette());
        {
            auto sw = signIn(QStringLiteral("sw.demo"));
            MainWindow &window = sw->window();
            EXPECT_NONE(lightOnDark(&window));
            // The workview's headings and outstanding requests are drawn in dark-palette colours.
            CASEDESK_WAIT_FOR_WORKVIEW(window);
            QAbstractItemModel *model = window.fullWorkview()->tree()->model();
            QVERIFY(
                model->index(0, 0).data(Qt::BackgroundRole).value<QBrush>().color().lightness() <
                110);
            StepEditor *step =
                sw->open(MyWork, QStringLiteral("Current work"), QStringLiteral("Jacob"),
                         QStringLiteral("CS Decision on Significant Information "
                                        "(Open SC Case)"));
            QVERIFY(step);
            gui::click(step, step->finishAction()); // messages and problems on show
            EXPECT_NONE(lightOnDark(step));
            if (const QString dir = qEnvironmentVariable("CASEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
                QVERIFY(window.grab().save(dir + QStringLiteral("/dark-step.png")));
            RequestsDialog *requests = gui::openRequests(step);
            EXPECT_NONE(lightOnDark(requests));
            QTest::keyClick(requests, Qt::Key_Escape);
            window.workArea()->setCurrentIndex(0);
            if (const QString dir = qEnvironmentVariable("CASEDESK_SCREENSHOT_DIR"); !dir.isEmpty())
                QVERIFY(window.grab().save(dir + QStringLiteral("/dark-main.png")));
        }
        QApplication::setPalette(previous);
    }
};

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
