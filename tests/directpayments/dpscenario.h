#pragma once

#include "dpfixture.h"

#include <QSqlQuery>

// Shared stages of the Direct Payments scenarios, each played by one role with every Status
// checked. Use with STEP(...) so a failed stage stops the test.
namespace casedesk::test {

inline Answers referralAnswers()
{
    return {{QStringLiteral("brief_background"),
             QStringLiteral("Ava has autism and severe anxiety; the family manage with little "
                            "support.")},
            {dp::q::PurposeOfPayment,
             QStringLiteral("A personal assistant for 6 hours a week to support Ava in the "
                            "community.")},
            {dp::q::OutcomesSought,
             QStringLiteral("Ava takes part in a weekly club and builds confidence away from "
                            "home.")}};
}

inline Answers panelAnswers(const QString &outcome)
{
    Answers answers{{QStringLiteral("attendees"),
                     QStringLiteral("Panel chair, Head of Service, Direct Payments officer, the "
                                    "Social Worker")},
                    {QStringLiteral("discussion"),
                     QStringLiteral("The panel discussed the request and the proposed outcomes.")},
                    {dp::q::PanelOutcome, outcome}};
    return answers;
}

inline QString isoDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

// Social Worker: Start Direct Payments with today's Start Date, the payment made to the mother.
inline void startDirectPayments(DpFixture &f, qint64 child, const Actor &sw, qint64 *episode,
                                qint64 *referral)
{
    Status status;
    *episode =
        f.dp().startDirectPayments(child, f.today(), f.parentOf(child), sw, &status, referral);
    QVERIFY2(*episode > 0, qPrintable(status.message()));
    QVERIFY(*referral > 0);
}

// Social Worker: start the referral blank, write it, finalise: the enquiry goes to the manager.
inline void writeReferral(DpFixture &f, qint64 referral, const Actor &sw)
{
    EXPECT_OK(f.dp().startStep(referral, sw));
    EXPECT_OK(f.engine().saveAnswers(referral, dp::ReferralForm, referralAnswers(), sw));
    QString notice;
    EXPECT_OK(f.dp().finishStep(referral, sw, nullptr, &notice));
    QVERIFY2(notice.startsWith(QStringLiteral("Finalised: the enquiry has gone to Worker manager")),
             qPrintable(notice));
}

// PS/Manager: update the enquiry adding their agreement and finalise with a decision.
inline void managerDecides(DpFixture &f, qint64 update, const Actor &manager,
                           const QString &decision, QString *notice)
{
    EXPECT_OK(f.engine().startStep(update, manager));
    Answers answers{{QStringLiteral("manager_agreement"),
                     QStringLiteral("I agree with the request; the outcomes are clear.")},
                    {dp::q::ManagerDecision, decision}};
    if (decision == dp::RequestFurtherInformation)
        answers.insert(QStringLiteral("further_information_requested"),
                       QStringLiteral("How will the assistant be recruited?"));
    EXPECT_OK(f.engine().saveAnswers(update, dp::EnquiryUpdateForm, answers, manager));
    EXPECT_OK(f.dp().finishStep(update, manager, nullptr, notice));
}

// Panel administrator, in panel meeting mode: open the case, complete the panel form, finalise.
inline void panelDecides(DpFixture &f, qint64 agendaItemId, const Answers &answers,
                         QString *notice = nullptr)
{
    EXPECT_OK(f.dp().openAgendaItem(agendaItemId, f.admin()));
    QSqlQuery query = f.db().exec(
        QStringLiteral("SELECT step_id FROM panel_agenda_items WHERE id = ?"), {agendaItemId});
    QVERIFY(query.next());
    const qint64 stepId = query.value(0).toLongLong();
    const QString form =
        f.engine().step(stepId).stepType == dp::PanelReview ? dp::PanelReviewForm : dp::PanelForm;
    EXPECT_OK(f.engine().saveAnswers(stepId, form, answers, f.admin()));
    EXPECT_OK(f.dp().finishStep(stepId, f.admin(), nullptr, notice));
}

} // namespace casedesk::test
