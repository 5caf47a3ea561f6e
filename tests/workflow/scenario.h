#pragma once

#include "authorityfixture.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QtTest>
#include <memory>

// Shared steps of the Short Term Breaks scenarios: each plays one role through one stage of the
// guide and checks the Status of every engine call.
namespace casedesk::test {

inline const QString DecisionOnSignificantInformation =
    QStringLiteral("CS Decision on Significant Information (Open SC Case)");
inline const QString ReviewAndConfirm =
    QStringLiteral("CS Manager: Please review and confirm next action");
inline const QString AuthorisePanelRequest =
    QStringLiteral("CS Manager: Please authorise Panel request");
inline const QString RequestForCwdPanel = QStringLiteral("CS Request for CWD Panel");
inline const QString NotificationOfPanelDecision =
    QStringLiteral("CS Notification of Panel Decision");
inline const QString ReviewPurchaseRequest =
    QStringLiteral("CS Please review purchase request and authorise");

#define EXPECT_OK(expression)                                                                      \
    do {                                                                                           \
        const casedesk::Status status_ = (expression);                                             \
        QVERIFY2(status_.isOk(), qPrintable(status_.message()));                                   \
    } while (false)

using Answers = QHash<QString, QString>;

inline Answers c1044SocialWorker()
{
    return {{QStringLiteral("date_information_received"), QStringLiteral("2026-11-20")},
            {QStringLiteral("source_of_information"), QStringLiteral("Visit")},
            {QStringLiteral("details_of_significant_information"),
             QStringLiteral("Family need overnight short breaks; carers exhausted.")},
            {QStringLiteral("proposed_next_action"), QStringLiteral("Refer to Panel")}};
}

inline Answers c1044Manager()
{
    return {{QStringLiteral("manager_decision"), QStringLiteral("Agree - refer to Panel")},
            {QStringLiteral("manager_required_actions"), QStringLiteral("Refer to CWD panel.")},
            {QStringLiteral("manager_decision_date"), QStringLiteral("2026-11-21")}};
}

inline Answers c0773SocialWorker()
{
    return {
        {QStringLiteral("services_requested"),
         QStringLiteral("Short Term Breaks and Direct Payments")},
        {QStringLiteral("reason_for_request"), QStringLiteral("Respite for the family.")},
        {QStringLiteral("childs_disability_and_needs"), QStringLiteral("Complex health needs.")},
        {QStringLiteral("outcomes_sought"), QStringLiteral("Regular overnight breaks.")}};
}

inline Answers c0773Panel(bool directPayments)
{
    Answers answers{
        {QStringLiteral("panel_date"), QStringLiteral("2026-11-25")},
        {QStringLiteral("panel_decision"), QStringLiteral("Agreed")},
        {QStringLiteral("short_breaks_agreed"), QStringLiteral("Short Term Breaks Home")},
        {QStringLiteral("nights_agreed"), QStringLiteral("24")},
        {QStringLiteral("direct_payments_agreed"),
         directPayments ? QStringLiteral("true") : QStringLiteral("false")},
        {QStringLiteral("panel_reasons"), QStringLiteral("Needs met by short breaks.")}};
    if (directPayments)
        answers.insert(QStringLiteral("dp_hours_agreed"), QStringLiteral("6"));
    return answers;
}

} // namespace casedesk::test
