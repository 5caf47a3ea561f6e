// Meeting invitations (app/core/calendar) read back by an independent parser, Debian's
// python3-icalendar (tests/paper/read_ics.py): a moved panel and a moved review keep their UID
// with a higher SEQUENCE and the new DTSTART; a case moved off an agenda cancels its slot; the
// lines are folded at 75 octets with CRLF and the text escaped so that it reads back unchanged.
#include "calendar/meetinginvitations.h"
#include "dpscenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <ctime>

using namespace casedesk;
using namespace casedesk::test;

namespace {

// What python3-icalendar reads in `ics`: {"method", "timezones", "events": [{"uid", ...}]}.
QJsonObject parsed(const QByteArray &ics, QString *error)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("invitation.ics"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(ics) != ics.size()) {
        *error = file.errorString();
        return {};
    }
    file.close();
    QProcess python;
    // Debian's interpreter, which has python3-icalendar (a pyenv one may come first on PATH).
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(ICS_READER), path});
    if (!python.waitForFinished(60000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError()) + python.errorString();
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

QJsonObject onlyEvent(const QJsonObject &calendar)
{
    const QJsonArray events = calendar.value(u"events"_qs).toArray();
    return events.size() == 1 ? events.first().toObject() : QJsonObject();
}

} // namespace

class TestInvitations : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    qint64 m_p1 = 0; // Thu 11/03/2027 10:00, last submission Thu 04/03/2027
    qint64 m_p2 = 0; // Thu 08/04/2027 10:00 (British Summer Time), last submission 01/04/2027

    DpFixture &f() { return *m_f; }
    DirectPayments &dp() { return m_f->dp(); }

    qint64 addPanel(const QDate &day, const QDate &lastSubmission)
    {
        Status status;
        const qint64 id =
            dp().addPanel(QDateTime(day, QTime(10, 0)), lastSubmission,
                          QStringLiteral("Civic Centre, Room 2; Floor 1"), f().admin(), &status);
        if (id <= 0)
            qWarning("%s", qPrintable(status.message()));
        return id;
    }

    // Exports the meeting as the panel administrator and reads the file back.
    QJsonObject exported(MeetingKind kind, qint64 id, MeetingInvitation *invitation = nullptr)
    {
        MeetingInvitation made = MeetingInvitations(f().db()).invitation(kind, id, f().admin());
        if (!made.status) {
            qWarning("%s", qPrintable(made.status.message()));
            return {};
        }
        QString error;
        const QJsonObject calendar = parsed(made.ics, &error);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        if (invitation)
            *invitation = made;
        return calendar;
    }

    void authorisedToday(const QString &given)
    {
        const qint64 child = f().addChild(given, QStringLiteral("Testchild"), QStringLiteral("sw"));
        qint64 episode = 0;
        qint64 referral = 0;
        QString notice;
        STEP(startDirectPayments(f(), child, f().sw(), &episode, &referral));
        STEP(writeReferral(f(), referral, f().sw()));
        STEP(managerDecides(f(), f().stepOf(child, dp::EnquiryUpdate), f().manager(), dp::Authorise,
                            &notice));
    }

private slots:
    void initTestCase()
    {
        // The timetable is kept in local time, as the council's desktops are in the UK.
        qputenv("TZ", "Europe/London");
        tzset();
    }

    void init()
    {
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        f().setToday(QDate(2027, 3, 1));
        m_p1 = addPanel(QDate(2027, 3, 11), QDate(2027, 3, 4));
        m_p2 = addPanel(QDate(2027, 4, 8), QDate(2027, 4, 1));
        QVERIFY(m_p1 > 0 && m_p2 > 0);
    }

    void cleanup() { m_f.reset(); }

    void aPanelDateReadsBackWithItsTimeZone()
    {
        MeetingInvitation invitation;
        const QJsonObject calendar = exported(MeetingKind::Panel, m_p2, &invitation);
        QCOMPARE(calendar.value(u"method"_qs).toString(), u"PUBLISH"_qs);
        QCOMPARE(calendar.value(u"version"_qs).toString(), u"2.0"_qs);
        QCOMPARE(calendar.value(u"timezones"_qs).toArray(), QJsonArray{u"Europe/London"_qs});
        const QJsonObject event = onlyEvent(calendar);
        QCOMPARE(event.value(u"uid"_qs).toString(),
                 MeetingInvitations(f().db()).uid(MeetingKind::Panel, m_p2));
        QCOMPARE(event.value(u"sequence"_qs).toInt(), 0);
        QCOMPARE(event.value(u"start_tzid"_qs).toString(), u"Europe/London"_qs);
        // 10:00 in London in April is 09:00 UTC (British Summer Time).
        QCOMPARE(event.value(u"start"_qs).toString(), u"2027-04-08T10:00:00+01:00"_qs);
        QCOMPARE(event.value(u"end"_qs).toString(), u"2027-04-08T13:00:00+01:00"_qs);
        QCOMPARE(event.value(u"location"_qs).toString(), u"Civic Centre, Room 2; Floor 1"_qs);
        QCOMPARE(event.value(u"status"_qs).toString(), u"CONFIRMED"_qs);
        // The same meeting exported again unchanged: the same entry, the same revision.
        const QJsonObject again = onlyEvent(exported(MeetingKind::Panel, m_p2));
        QCOMPARE(again.value(u"uid"_qs), event.value(u"uid"_qs));
        QCOMPARE(again.value(u"sequence"_qs).toInt(), 0);
        // CRLF line ends, no line longer than 75 octets.
        for (const QByteArray &line : invitation.ics.split('\n')) {
            if (line.isEmpty())
                continue;
            QVERIFY2(line.endsWith('\r'), line.constData());
            QVERIFY2(line.size() - 1 <= 75, line.constData());
        }
    }

    void aMovedPanelUpdatesTheSameEntry()
    {
        const QJsonObject before = onlyEvent(exported(MeetingKind::Panel, m_p1));
        QCOMPARE(before.value(u"start"_qs).toString(), u"2027-03-11T10:00:00+00:00"_qs);
        EXPECT_OK(dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 10), QTime(9, 30)),
                                 QDate(2027, 3, 4), f().admin()));
        const QJsonObject after = onlyEvent(exported(MeetingKind::Panel, m_p1));
        QCOMPARE(after.value(u"uid"_qs), before.value(u"uid"_qs));
        QVERIFY(after.value(u"sequence"_qs).toInt() > before.value(u"sequence"_qs).toInt());
        QCOMPARE(after.value(u"start"_qs).toString(), u"2027-03-10T09:30:00+00:00"_qs);
        QCOMPARE(after.value(u"status"_qs).toString(), u"CONFIRMED"_qs);
        // Moved again: higher still.
        EXPECT_OK(dp().movePanel(m_p1, QDateTime(QDate(2027, 3, 12), QTime(14, 0)),
                                 QDate(2027, 3, 4), f().admin()));
        const QJsonObject third = onlyEvent(exported(MeetingKind::Panel, m_p1));
        QVERIFY(third.value(u"sequence"_qs).toInt() > after.value(u"sequence"_qs).toInt());
        QCOMPARE(third.value(u"start"_qs).toString(), u"2027-03-12T14:00:00+00:00"_qs);
    }

    void aCaseMovedOffAnAgendaCancelsItsSlot()
    {
        f().setToday(QDate(2027, 3, 5));
        STEP(authorisedToday(QStringLiteral("Ava")));
        const AgendaItem slot = dp().agenda(m_p2).value(0);
        QVERIFY(slot.id > 0);
        const QJsonObject sent = onlyEvent(exported(MeetingKind::Slot, slot.id));
        QCOMPARE(sent.value(u"start"_qs).toString(), u"2027-04-08T10:00:00+01:00"_qs);
        QCOMPARE(sent.value(u"end"_qs).toString(), u"2027-04-08T10:30:00+01:00"_qs);
        // A calendar sits outside CaseDesk's access rules: the child's reference, not their name.
        QCOMPARE(sent.value(u"summary"_qs).toString(),
                 u"Direct Payments Panel: case %1"_qs.arg(slot.personRef));

        const qint64 p3 = addPanel(QDate(2027, 5, 13), QDate(2027, 5, 6));
        Status status;
        const qint64 moved =
            dp().moveToPanel(slot.id, p3, QStringLiteral("Worker on leave"), f().admin(), &status);
        QVERIFY2(moved > 0, qPrintable(status.message()));
        const QJsonObject cancelling = exported(MeetingKind::Slot, slot.id);
        QCOMPARE(cancelling.value(u"method"_qs).toString(), u"CANCEL"_qs);
        const QJsonObject cancelled = onlyEvent(cancelling);
        QCOMPARE(cancelled.value(u"uid"_qs), sent.value(u"uid"_qs));
        QCOMPARE(cancelled.value(u"status"_qs).toString(), u"CANCELLED"_qs);
        QVERIFY(cancelled.value(u"sequence"_qs).toInt() > sent.value(u"sequence"_qs).toInt());
        QCOMPARE(cancelled.value(u"start"_qs), sent.value(u"start"_qs));
        // The new slot is another entry.
        const QJsonObject newSlot = onlyEvent(exported(MeetingKind::Slot, moved));
        QVERIFY(newSlot.value(u"uid"_qs) != sent.value(u"uid"_qs));
        QCOMPARE(newSlot.value(u"start"_qs).toString(), u"2027-05-13T10:00:00+01:00"_qs);
    }

    // The screens export a case's slot with slotInvitations(): after a move, the new slot comes
    // with the cancellation of the old one, once.
    void exportingAMovedCasesSlotCancelsTheOldOne()
    {
        f().setToday(QDate(2027, 3, 5));
        STEP(authorisedToday(QStringLiteral("Ava")));
        const AgendaItem slot = dp().agenda(m_p2).value(0);
        MeetingInvitations invitations(f().db());
        QCOMPARE(invitations.slotInvitations(slot.id, f().admin()).size(), 1);
        const qint64 p3 = addPanel(QDate(2027, 5, 13), QDate(2027, 5, 6));
        Status status;
        const qint64 moved =
            dp().moveToPanel(slot.id, p3, QStringLiteral("Moved"), f().admin(), &status);
        QVERIFY2(moved > 0, qPrintable(status.message()));
        const QList<MeetingInvitation> both = invitations.slotInvitations(moved, f().admin());
        QCOMPARE(both.size(), 2);
        QString error;
        const QJsonObject current = parsed(both.at(0).ics, &error);
        const QJsonObject cancelled = parsed(both.at(1).ics, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(current.value(u"method"_qs).toString(), u"PUBLISH"_qs);
        QCOMPARE(onlyEvent(current).value(u"uid"_qs).toString(),
                 invitations.uid(MeetingKind::Slot, moved));
        QCOMPARE(cancelled.value(u"method"_qs).toString(), u"CANCEL"_qs);
        QCOMPARE(onlyEvent(cancelled).value(u"uid"_qs).toString(),
                 invitations.uid(MeetingKind::Slot, slot.id));
        QVERIFY(both.at(1).suggestedFileName.endsWith(u" (cancelled).ics"_qs));
        // Sent once: the next export has only the current slot.
        QCOMPARE(invitations.slotInvitations(moved, f().admin()).size(), 1);
    }

    void aRemovedMeetingNeverSentHasNothingToCancel()
    {
        f().setToday(QDate(2027, 3, 5));
        STEP(authorisedToday(QStringLiteral("Ava")));
        const AgendaItem slot = dp().agenda(m_p2).value(0);
        const qint64 p3 = addPanel(QDate(2027, 5, 13), QDate(2027, 5, 6));
        Status status;
        QVERIFY(dp().moveToPanel(slot.id, p3, QStringLiteral("Moved"), f().admin(), &status) > 0);
        const MeetingInvitation none =
            MeetingInvitations(f().db()).invitation(MeetingKind::Slot, slot.id, f().admin());
        QVERIFY(!none.status);
        QCOMPARE(none.status.code(), Status::Code::NotFound);
        QVERIFY(none.ics.isEmpty());
    }

    void aReviewMeetingMovesWithItsPanel()
    {
        const qint64 ben = f().addChild(QStringLiteral("Ben"), QStringLiteral("Otherchild"),
                                        QStringLiteral("sw2"));
        Status status;
        const qint64 report = dp().scheduleFirstReview(
            ben, QDate(2025, 6, 1), 0, QDateTime(QDate(2027, 4, 8), QTime(11, 15)),
            f().workers.value(QStringLiteral("sw2")), f().admin(), &status);
        QVERIFY2(report > 0, qPrintable(status.message()));
        const AgendaItem review = dp().agenda(m_p2).value(0);
        QCOMPARE(review.kind, PanelCaseKind::Review);
        const QJsonObject before = onlyEvent(exported(MeetingKind::Review, review.panelCaseId));
        QCOMPARE(before.value(u"start"_qs).toString(), u"2027-04-08T11:15:00+01:00"_qs);
        EXPECT_OK(dp().movePanel(m_p2, QDateTime(QDate(2027, 4, 15), QTime(10, 0)),
                                 QDate(2027, 4, 7), f().admin()));
        const QJsonObject after = onlyEvent(exported(MeetingKind::Review, review.panelCaseId));
        QCOMPARE(after.value(u"uid"_qs), before.value(u"uid"_qs));
        QVERIFY(after.value(u"sequence"_qs).toInt() > before.value(u"sequence"_qs).toInt());
        QCOMPARE(after.value(u"start"_qs).toString(), u"2027-04-15T11:15:00+01:00"_qs);
    }

    // Folding never splits a character, and escaping keeps commas, semicolons, backslashes and
    // line breaks: what is written reads back the same.
    void longTextIsFoldedAndEscaped()
    {
        CalendarEvent event;
        event.uid = QStringLiteral("casedesk-panel-1@test");
        event.start = QDateTime(QDate(2027, 1, 14), QTime(10, 0), QTimeZone("Europe/London"));
        event.end = event.start.addSecs(3600);
        event.stamp = QDateTime::currentDateTimeUtc();
        event.summary = QStringLiteral("Panel – café; review, Zoë");
        event.description = QStringLiteral(
            "Line one, with commas; semicolons and a back\\slash.\nLine two: "
            "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé "
            "and “quotes” – then more text to go well past seventy-five octets on one line.");
        const QByteArray ics = ICalendar::write({event}, ICalendar::Method::Publish);
        int continuations = 0;
        for (const QByteArray &line : ics.split('\n')) {
            if (line.isEmpty())
                continue;
            QVERIFY2(line.size() - 1 <= 75, line.constData());
            QVERIFY(QString::fromUtf8(line).toUtf8() == line); // whole UTF-8 characters
            continuations += line.startsWith(' ');
        }
        QVERIFY(continuations >= 3);
        QString error;
        const QJsonObject read = onlyEvent(parsed(ics, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(read.value(u"description"_qs).toString(), event.description);
        QCOMPARE(read.value(u"summary"_qs).toString(), event.summary);
        QCOMPARE(read.value(u"start"_qs).toString(), u"2027-01-14T10:00:00+00:00"_qs);
    }
};

QTEST_GUILESS_MAIN(TestInvitations)
#include "tst_invitations.moc"
