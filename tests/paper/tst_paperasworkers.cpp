// Paper and invitations on PostgreSQL with every worker on their own login: printing a record is
// the server's decision as opening it is (a restricted child refused to a worker who may not see
// them, and each print recorded as a view); only a Panel Administrator sends invitations.
#include "calendar/meetinginvitations.h"
#include "definitions/definitionregistry.h"
#include "directpayments/directpayments.h"
#include "directpayments/dpnames.h"
#include "paper/paperreader.h"
#include "securityfixture.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestPaperAsWorkers : public QObject
{
    Q_OBJECT

private slots:
    void printingARecordIsOpeningIt()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const auto views = [&f](const QString &key) {
            return f.admin()
                .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                       "action = 'view' AND worker_id = ?"),
                        {f.restrictedId, f.id(key)})
                .toInt();
        };
        const PaperDocument refused =
            PaperReader(f.db(u"far_sw"_qs), DefinitionRegistry::shared())
                .personRecord(f.restrictedId, f.as(u"far_sw"_qs, dp::SocialWorker));
        QVERIFY(!refused.status);
        QCOMPARE(refused.status.code(), Status::Code::NotAllowed);
        QVERIFY(refused.html.isEmpty());
        QCOMPARE(views(u"far_sw"_qs), 0);

        const PaperDocument allowed =
            PaperReader(f.db(u"sw"_qs), DefinitionRegistry::shared())
                .personRecord(f.restrictedId, f.as(u"sw"_qs, dp::SocialWorker));
        QVERIFY2(allowed.status, qPrintable(allowed.status.message()));
        QVERIFY(allowed.html.contains(f.restrictedRef));
        QCOMPARE(views(u"sw"_qs), 1);
    }

    void onlyAPanelAdministratorSendsInvitations()
    {
        CASEDESK_SECURITY_FIXTURE(f);
        const Actor admin = f.as(u"paneladmin"_qs, dp::PanelAdministrator);
        DirectPayments payments(f.db(u"paneladmin"_qs), f.engine(u"paneladmin"_qs));
        // A Thursday some weeks ahead that is a working day (not a bank holiday).
        QDate meets = QDate::currentDate().addDays(60);
        while (meets.dayOfWeek() != Qt::Thursday)
            meets = meets.addDays(1);
        Status status;
        qint64 panel = -1;
        for (int week = 0; week < 4 && panel <= 0; ++week, meets = meets.addDays(7))
            panel = payments.addPanel(QDateTime(meets, QTime(10, 0)), meets.addDays(-7),
                                      u"Civic Centre"_qs, admin, &status);
        QVERIFY2(panel > 0, qPrintable(status.message()));

        const MeetingInvitation refused =
            MeetingInvitations(f.db(u"sw"_qs))
                .invitation(MeetingKind::Panel, panel, f.as(u"sw"_qs, dp::SocialWorker));
        QVERIFY(!refused.status);
        QCOMPARE(refused.status.message(),
                 u"Only a Panel Administrator sends meeting invitations."_qs);
        QVERIFY(refused.ics.isEmpty());

        const MeetingInvitation sent =
            MeetingInvitations(f.db(u"paneladmin"_qs)).invitation(MeetingKind::Panel, panel, admin);
        QVERIFY2(sent.status, qPrintable(sent.status.message()));
        QVERIFY(sent.ics.contains("METHOD:PUBLISH\r\n"));
        QCOMPARE(f.admin()
                     .scalar(QStringLiteral("SELECT sent_by FROM meeting_invitations WHERE "
                                            "meeting_kind = 'panel' AND meeting_id = ?"),
                             {panel})
                     .toLongLong(),
                 f.id(u"paneladmin"_qs));
    }
};

QTEST_GUILESS_MAIN(TestPaperAsWorkers)
#include "tst_paperasworkers.moc"
