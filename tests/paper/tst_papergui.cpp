// Print… and Save as PDF… on the screens (the step editor, a person's record, the panel
// timetable and meeting mode) and "Add to calendar…": each action exists and writes its file,
// its dialogs answered as the tests answer every modal (PaperOutput::setNextSaveFileName,
// setNextPrintToFile, InvitationButton::setNextSaveFileName).
#include "common/directory.h"
#include "common/inlinemessage.h"
#include "directpayments/invitationbutton.h"
#include "directpayments/panelmeetingmode.h"
#include "directpayments/paneltimetableview.h"
#include "dpscenario.h"
#include "forms/stepeditor.h"
#include "paper/paperoutput.h"
#include "paperchecks.h"
#include "record/personrecordview.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>

using namespace casedesk;
using namespace casedesk::test;

class TestPaperGui : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    std::unique_ptr<Directory> m_directory;
    std::unique_ptr<DatabaseThread> m_background;
    QTemporaryDir m_dir;
    qint64 m_panel = 0;
    qint64 m_child = 0;
    qint64 m_referral = 0;

    DpFixture &f() { return *m_f; }
    DpContext as(const Actor &actor)
    {
        return DpContext{f().db(), f().dp(), *m_directory, actor, *m_background};
    }

    static QAction *action(QObject *owner, const QString &name)
    {
        return owner->findChild<QAction *>(name);
    }

    // The file's text as pdftotext reads it, once it exists; empty if it never appears.
    QString pdfText(const QString &path)
    {
        if (!QTest::qWaitFor([&] { return QFile::exists(path); }, 30000))
            return QString();
        return squeezed(pdfPages(path).join(QLatin1Char('\n')));
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        m_directory = std::make_unique<Directory>(f().db(), DefinitionRegistry::shared());
        m_background =
            std::make_unique<DatabaseThread>(f().db().settings(), f().db().connection().password());
        f().setToday(QDate(2027, 3, 1));
        Status status;
        m_panel = f().dp().addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)), QDate(2027, 3, 4),
                                    QStringLiteral("Civic Centre"), f().admin(), &status);
        QVERIFY2(m_panel > 0, qPrintable(status.message()));
        m_child =
            f().addChild(QStringLiteral("Ava"), QStringLiteral("Example"), QStringLiteral("sw"));
        qint64 episode = 0;
        STEP(startDirectPayments(f(), m_child, f().sw(), &episode, &m_referral));
        EXPECT_OK(f().dp().startStep(m_referral, f().sw()));
        EXPECT_OK(
            f().engine().saveAnswers(m_referral, dp::ReferralForm, referralAnswers(), f().sw()));
    }

    void cleanup()
    {
        m_background.reset();
        m_directory.reset();
        m_f.reset();
    }

    void theStepEditorPrintsAndSavesAsPdf()
    {
        StepEditor editor(f().engine(), *m_directory, f().engine().snapshot(m_referral, f().sw()),
                          f().sw());
        editor.setBackground(m_background.get());
        editor.show();
        QAction *pdf = action(&editor, u"savePdfAction"_qs);
        QAction *print = action(&editor, u"printAction"_qs);
        QVERIFY(pdf && print);
        QVERIFY(editor.findChild<QToolButton *>(u"paperButton"_qs));

        const QString saved = m_dir.filePath(u"saved.pdf"_qs);
        PaperOutput::setNextSaveFileName(saved);
        pdf->trigger();
        const QString text = pdfText(saved);
        QVERIFY2(text.startsWith(PaperDocument::marking()), qPrintable(text.left(200)));
        QVERIFY(text.contains(u"A personal assistant for 6 hours a week"_qs));
        QVERIFY(text.contains(u"Page 1 of 1"_qs));
        auto *banner = editor.findChild<InlineMessage *>(u"stepBanner"_qs);
        QTRY_VERIFY(banner->message().startsWith(u"Saved as "_qs));

        const QString printed = m_dir.filePath(u"printed.pdf"_qs);
        PaperOutput::setNextPrintToFile(printed);
        print->trigger();
        QVERIFY(pdfText(printed).contains(u"A personal assistant for 6 hours a week"_qs));
    }

    void theRecordSavesItsSummary()
    {
        PersonRecordView view(*m_background, DefinitionRegistry::shared(), m_child, f().sw());
        view.show();
        QTRY_VERIFY(!view.isOpening());
        QVERIFY(view.findChild<QPushButton *>(u"printRecordButton"_qs));
        const QString saved = m_dir.filePath(u"record.pdf"_qs);
        PaperOutput::setNextSaveFileName(saved);
        action(&view, u"savePdfAction"_qs)->trigger();
        const QString text = pdfText(saved);
        QVERIFY2(text.contains(u"Record of Ava Example"_qs), qPrintable(text.left(300)));
        QVERIFY(text.endsWith(PaperDocument::marking()));
    }

    void thePanelScreensSaveTheAgendaAndAnInvitation()
    {
        QString notice;
        EXPECT_OK(f().dp().finishStep(m_referral, f().sw()));
        STEP(managerDecides(f(), f().stepOf(m_child, dp::EnquiryUpdate), f().manager(),
                            dp::Authorise, &notice));
        PanelTimetableView view(as(f().admin()));
        view.resize(1200, 800);
        view.show();
        QTRY_VERIFY(!view.isBusy());
        QVERIFY(view.selectPanel(m_panel));
        QTRY_VERIFY(!view.isBusy());
        QVERIFY(view.findChild<QPushButton *>(u"panelPaperButton"_qs));
        const QString agenda = m_dir.filePath(u"agenda.pdf"_qs);
        PaperOutput::setNextSaveFileName(agenda);
        action(&view, u"agendaSavePdfAction"_qs)->trigger();
        QVERIFY(pdfText(agenda).contains(u"Ava Example"_qs));
        const QString pack = m_dir.filePath(u"pack.pdf"_qs);
        PaperOutput::setNextSaveFileName(pack);
        action(&view, u"packSavePdfAction"_qs)->trigger();
        QVERIFY(pdfText(pack).contains(u"Ava takes part in a weekly club"_qs));

        QVERIFY(view.findChild<QPushButton *>(u"invitationButton"_qs));
        const QString ics = m_dir.filePath(u"panel.ics"_qs);
        InvitationButton::setNextSaveFileName(ics);
        action(&view, u"panelInvitationAction"_qs)->trigger();
        QTRY_VERIFY(QFile::exists(ics));
        QFile file(ics);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.startsWith("BEGIN:VCALENDAR\r\n"));
        QVERIFY(content.contains("DTSTART;TZID=Europe/London:20270311T100000\r\n"));
        QTRY_VERIFY(view.message()->message().startsWith(u"Saved the invitation"_qs));

        // The case moved to another panel: its new slot, and beside it the old slot's
        // cancellation.
        const AgendaItem slot = f().dp().agenda(m_panel).value(0);
        QVERIFY(slot.id > 0);
        InvitationButton::setNextSaveFileName(m_dir.filePath(u"slot.ics"_qs));
        view.agendaTable()->selectRow(0);
        action(&view, u"slotInvitationAction"_qs)->trigger();
        QTRY_VERIFY(QFile::exists(m_dir.filePath(u"slot.ics"_qs)));
        Status status;
        const qint64 later =
            f().dp().addPanel(QDateTime(QDate(2027, 4, 8), QTime(10, 0)), QDate(2027, 4, 1),
                              QStringLiteral("Civic Centre"), f().admin(), &status);
        QVERIFY2(later > 0, qPrintable(status.message()));
        const qint64 moved = f().dp().moveToPanel(slot.id, later, QStringLiteral("Worker on leave"),
                                                  f().admin(), &status);
        QVERIFY2(moved > 0, qPrintable(status.message()));
        view.reload();
        QTRY_VERIFY(!view.isBusy());
        QVERIFY(view.selectPanel(later));
        QTRY_VERIFY(!view.isBusy());
        QTRY_COMPARE(view.agendaTable()->rowCount(), 1);
        view.agendaTable()->selectRow(0);
        InvitationButton::setNextSaveFileName(m_dir.filePath(u"moved.ics"_qs));
        action(&view, u"slotInvitationAction"_qs)->trigger();
        QTRY_VERIFY(view.message()->message().contains(u"its earlier slot is cancelled in"_qs));
        const QStringList cancellations =
            QDir(m_dir.path()).entryList({u"*(cancelled).ics"_qs}, QDir::Files);
        QCOMPARE(cancellations.size(), 1);
        QFile cancelled(m_dir.filePath(cancellations.first()));
        QVERIFY(cancelled.open(QIODevice::ReadOnly));
        const QByteArray cancelledText = cancelled.readAll();
        QVERIFY(cancelledText.contains("METHOD:CANCEL\r\n"));
        QVERIFY(cancelledText.contains("STATUS:CANCELLED\r\n"));

        PanelMeetingMode meeting(as(f().admin()), m_panel);
        meeting.show();
        QVERIFY(meeting.findChild<QPushButton *>(u"panelPaperButton"_qs));
        QVERIFY(meeting.findChild<QPushButton *>(u"invitationButton"_qs));
    }
};

QTEST_MAIN(TestPaperGui)
#include "tst_papergui.moc"
