#include "authorityplan.h"

namespace casedesk::bench {

namespace {

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

QList<SpecialistGroup> specialistGroups()
{
    // About 50 workers beside the casework teams, as in a mid-sized authority.
    return {
        {QStringLiteral("panel"),
         QStringLiteral("panel"),
         QStringLiteral("Panel member"),
         10,
         {QStringLiteral("cs-cwd-panel")}},
        {QStringLiteral("panel_administrator"),
         QStringLiteral("paneladmin"),
         QStringLiteral("Panel Administrator"),
         4,
         {QStringLiteral("cs-cwd-panel"), QStringLiteral("direct-payments-inbox"),
          QStringLiteral("direct-payments-group-tray")}},
        {QStringLiteral("dp_officer"),
         QStringLiteral("dpofficer"),
         QStringLiteral("Direct Payments Officer"),
         8,
         {QStringLiteral("direct-payments-inbox"), QStringLiteral("direct-payments-group-tray")}},
        {QStringLiteral("commissioning_officer"),
         QStringLiteral("commissioner"),
         QStringLiteral("Commissioning Officer"),
         6,
         {QStringLiteral("cs-commissioned-placement-inbox")}},
        {QStringLiteral("home_staff"),
         QStringLiteral("haven"),
         QStringLiteral("Haven Cottage staff"),
         5,
         {QStringLiteral("haven-cottage")}},
        {QStringLiteral("home_staff"),
         QStringLiteral("strut"),
         QStringLiteral("Strut House staff"),
         5,
         {QStringLiteral("strut-house")}},
        {QStringLiteral("supervising_social_worker"),
         QStringLiteral("ssw"),
         QStringLiteral("Supervising Social Worker"),
         8,
         {QStringLiteral("duty-desk")}},
        {QStringLiteral("duty_desk"),
         QStringLiteral("duty"),
         QStringLiteral("Duty Desk Worker"),
         4,
         {QStringLiteral("duty-desk")}},
    };
}

QList<StepShare> historyMix()
{
    // Visits dominate a children's service's history; panels and placements are rarer.
    return {
        {QStringLiteral("Child in Need Visit"), 260, {}},
        {QStringLiteral("Child in Care Visit"), 150, {}},
        {QStringLiteral("Child Protection Visit"), 90, {}},
        {QStringLiteral("SC Child and Family Assessment"), 70, {}},
        {QStringLiteral("SC Specialist Assessments"), 30, {}},
        {QStringLiteral("CS Decision on Significant Information (Open SC Case)"), 60, {}},
        {QStringLiteral("SC Panel"), 40, {}},
        {QStringLiteral("CS Placement Request"), 50, {}},
        {QStringLiteral("SC Social Care Purchase Request"), 40, {}},
        {QStringLiteral("SC Decision to Seek Accommodation"), 20, {}},
        {QStringLiteral("CS Short Term Breaks Placement Request"), 30,
         QStringLiteral("haven-cottage")},
        {QStringLiteral("CS Short Term Breaks Placement Request"), 30,
         QStringLiteral("strut-house")},
        {QStringLiteral("CS Commissioned Placement Request"), 25,
         QStringLiteral("cs-commissioned-placement-inbox")},
        {QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request"), 15,
         QStringLiteral("duty-desk")},
        {QStringLiteral("CS Childrens Direct Payment Setup"), 25,
         QStringLiteral("direct-payments-inbox")},
        {QStringLiteral("Direct Payments Referral"), 20, {}},
        {QStringLiteral("Update Direct Payments Enquiry"), 10, {}},
        {QStringLiteral("Direct Payments Panel"), 10, QStringLiteral("direct-payments-group-tray")},
        {QStringLiteral("Schedule Direct Payments Review"), 5,
         QStringLiteral("direct-payments-group-tray")},
        {QStringLiteral("Direct Payments Pre-Meeting Report"), 10, {}},
        {QStringLiteral("Approve Direct Payments Pre-Meeting Report"), 5, {}},
        {QStringLiteral("Direct Payments Panel Review"), 5,
         QStringLiteral("direct-payments-group-tray")},
    };
}

QStringList socialWorkerOpenTypes()
{
    return {QStringLiteral("Child in Need Visit"),
            QStringLiteral("CS Decision on Significant Information (Open SC Case)"),
            QStringLiteral("Child in Care Visit"),
            QStringLiteral("SC Panel"),
            QStringLiteral("Child Protection Visit"),
            QStringLiteral("SC Social Care Purchase Request"),
            QStringLiteral("CS Placement Request"),
            QStringLiteral("Direct Payments Pre-Meeting Report")};
}

QStringList managerOpenTypes()
{
    return {QStringLiteral("Approve Direct Payments Pre-Meeting Report"),
            QStringLiteral("SC Child and Family Assessment")};
}

QList<QPair<QString, QString>> inboxWork()
{
    return {
        {QStringLiteral("haven-cottage"), QStringLiteral("CS Short Term Breaks Placement Request")},
        {QStringLiteral("strut-house"), QStringLiteral("CS Short Term Breaks Placement Request")},
        {QStringLiteral("cs-commissioned-placement-inbox"),
         QStringLiteral("CS Commissioned Placement Request")},
        {QStringLiteral("duty-desk"),
         QStringLiteral("CS CWD STB with LCC Approved Foster Carer Placement Request")},
        {QStringLiteral("direct-payments-inbox"),
         QStringLiteral("CS Childrens Direct Payment Setup")},
        {QStringLiteral("direct-payments-group-tray"), QStringLiteral("Direct Payments Panel")},
        {QStringLiteral("cs-cwd-panel"), QStringLiteral("SC Panel")},
    };
}

QList<HistoryRequest> historyRequests()
{
    using Route = HistoryRequest::Route;
    const QString decision =
        QStringLiteral("CS Decision on Significant Information (Open SC Case)");
    const QString panel = QStringLiteral("SC Panel");
    return {
        {decision, QStringLiteral("CS Manager: Please review and confirm next action"), true,
         Route::ToManager},
        {panel, QStringLiteral("CS Manager: Please authorise Panel request"), false,
         Route::ToManager},
        {panel, QStringLiteral("CS Request for CWD Panel"), false, Route::ToPanel},
        {panel, QStringLiteral("CS Notification of Panel Decision"), false, Route::FromPanel},
        {QStringLiteral("SC Social Care Purchase Request"),
         QStringLiteral("CS Please review purchase request and authorise"), true, Route::ToManager},
    };
}

QStringList givenNames()
{
    return words("Ava Noah Lily Oliver Amelia Jack Isla Harry Emily George Sophia Leo Grace "
                 "Oscar Mia Charlie Ruby Jacob Ella Alfie Freya Henry Evie Arlo Poppy Theo "
                 "Chloe Archie Daisy Muhammad Aisha Ibrahim Zara Yusuf Hannah Joshua Maya "
                 "Thomas Layla Samuel Erin Daniel Amira Adam Niamh Ethan Priya Arjun Olivia "
                 "Finley Florence Reuben Maryam Idris Elsie Toby Willow Rory Phoebe Kai");
}

QStringList familyNameStarts()
{
    return words("Ash Black Brad Brook Cal Clark Craw Dal Elling Fair Fen Gold Green Hal Harg "
                 "Hart Hol King Lang Marsh Mill Mor New Nor Oak Pen Ray Red Rid Rush Shel "
                 "South Stan Thorn Wal War West Whit Wood York");
}

QStringList familyNameEnds()
{
    return words("ley ton ford field well wood by worth man son ham den more bridge stead "
                 "hurst combe gate land wick cliffe mere bourne don reaves");
}

} // namespace casedesk::bench
