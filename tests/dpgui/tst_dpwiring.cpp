// The Direct Payments screens in the main window, on the demo data: the menu follows the acting
// role, the screens open as work tabs, and a panel outcome recorded from panel meeting mode is
// finalised through DirectPayments (its notice shown) and reaches the worker's workview.
#include "app/workopener.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "directpayments/directpaymentsscreens.h"
#include "directpayments/dpnames.h"
#include "directpayments/panelmeetingmode.h"
#include "directpayments/paneltimetableview.h"
#include "directpayments/reportsview.h"
#include "forms/formeditor.h"
#include "forms/questionfield.h"
#include "forms/stepeditor.h"
#include "mainwindow/mainwindow.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "workview/workerdirectory.h"
#include "workview/workviewquery.h"

#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace casedesk;

class TestDpWiring : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    Session signIn(const QString &username)
    {
        SignInDialog dialog(m_dir.filePath(u"demo/casedesk.sqlite"_qs), nullptr, *m_settings,
                            &DefinitionRegistry::shared());
        if (!dialog.localPage()->selectWorker(username) || !dialog.signIn())
            qFatal("could not sign in as %s", qPrintable(username));
        return dialog.takeSession();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings =
            std::make_unique<QSettings>(m_dir.filePath(u"casedesk.ini"_qs), QSettings::IniFormat);
    }

    void menuFollowsTheActingRole()
    {
        Session session = signIn(DemoSeeder::managerUsername()); // PS/Manager who sits on Panel
        MainWindow window(session, &DefinitionRegistry::shared());
        auto *opener = new WorkOpener(session, DefinitionRegistry::shared(), &window);
        auto *screens = new DirectPaymentsScreens(&window, session, *opener);
        QCOMPARE(window.actingRole(), dp::Manager);
        QVERIFY(screens->menu()->menuAction()->isVisible());
        QVERIFY(screens->reportsAction()->isVisible());
        QVERIFY(!screens->timetableAction()->isVisible());
        QVERIFY(window.setActingRole(u"panel"_qs));
        QVERIFY(!screens->menu()->menuAction()->isVisible());
        QVERIFY(window.setActingRole(dp::Manager));
        QVERIFY(screens->menu()->menuAction()->isVisible());
        screens->reportsAction()->trigger();
        QVERIFY(qobject_cast<ReportsView *>(window.workArea()->currentWidget()));
        QCOMPARE(window.workArea()->tabText(window.workArea()->currentIndex()),
                 u"Direct Payments reports"_qs);
    }

    void panelAdministratorRecordsAnOutcomeFromMeetingMode()
    {
        Session session = signIn(DemoSeeder::panelAdministratorUsername());
        MainWindow window(session, &DefinitionRegistry::shared());
        auto *opener = new WorkOpener(session, DefinitionRegistry::shared(), &window);
        auto *screens = new DirectPaymentsScreens(&window, session, *opener);
        window.show();
        QVERIFY(screens->timetableAction()->isVisible());
        QVERIFY(screens->meetingAction()->isVisible());

        // The timetable shows the coming panels; the next one has Charlie on its agenda.
        screens->timetableAction()->trigger();
        auto *timetable = qobject_cast<PanelTimetableView *>(window.workArea()->currentWidget());
        QVERIFY(timetable);
        QVERIFY(timetable->panels().size() >= 3);
        QCOMPARE(timetable->agenda().size(), 1);
        QCOMPARE(timetable->agenda().first().personName, u"Charlie Vasquez"_qs);
        const qint64 panelId = timetable->selectedPanelId();

        // Panel meeting mode from the timetable.
        timetable->findChild<QPushButton *>(u"meetingButton"_qs)->click();
        auto *meeting = qobject_cast<PanelMeetingMode *>(window.workArea()->currentWidget());
        QVERIFY(meeting);
        QCOMPARE(meeting->panelId(), panelId);
        QCOMPARE(meeting->counter()->text(), u"Case 1 of 1"_qs);
        meeting->recordButton()->click();
        auto *editor = qobject_cast<StepEditor *>(window.workArea()->currentWidget());
        QVERIFY2(editor, qPrintable(meeting->message()->message()));
        QCOMPARE(opener->engine().step(editor->stepId()).stepType, dp::PanelStep);
        FormEditor *form = editor->formEditor(dp::PanelForm);
        QVERIFY(form);
        QVERIFY(!form->field(dp::q::PanelDate)->value().isEmpty());
        form->field(u"attendees"_qs)->setValue(u"Chair, Direct Payments officer, worker"_qs);
        form->field(u"discussion"_qs)->setValue(u"The panel needs to know more."_qs);
        form->field(dp::q::PanelOutcome)->setValue(dp::FurtherInformationRequested);
        form->field(u"further_information_required"_qs)->setValue(u"Who will be the PA?"_qs);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY2(editor->finish(), qPrintable(editor->banner()->message()));

        // Finalised through DirectPayments: the referral goes back to Charlie's worker.
        WorkerDirectory directory(*session.database);
        const QList<WorkviewSection> aisha =
            WorkviewQuery(*session.database)
                .workviewOf(directory.identityByUsername(u"sw.south2"_qs));
        QStringList incoming;
        for (const WorkviewItem &item :
             aisha.first().category(WorkviewCategory::IncomingWork)->items)
            incoming << item.stepType + u" – "_qs + item.personName;
        QVERIFY2(incoming.contains(u"Direct Payments Referral – Charlie Vasquez"_qs),
                 qPrintable(incoming.join(u'\n')));
        // Meeting mode shows the outcome.
        QCOMPARE(meeting->currentItem()->outcome, dp::FurtherInformationRequested);
    }
};

QTEST_MAIN(TestDpWiring)
#include "tst_dpwiring.moc"
