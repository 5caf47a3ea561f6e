#pragma once

#include <QString>

// The names of Workflow B (Direct Payments) that the services in this folder act on. Steps, forms,
// questions and choices are defined in forms/ (DP-*.json, step-types/*direct-payments*); these are
// the few the rules read, kept here in one place so a renamed id is caught by the tests.
namespace casedesk::dp {

// Records
inline const QString EpisodeType = QStringLiteral("Direct Payments");
inline const QString StartEvent = QStringLiteral("Start Direct Payments");
inline const QString EndEvent = QStringLiteral("End Direct Payments");
inline const QString PanelType = QStringLiteral("Direct Payments Panel");

// Roles and the tray
inline const QString SocialWorker = QStringLiteral("social_worker");
inline const QString Manager = QStringLiteral("ps_manager");
inline const QString PanelAdministrator = QStringLiteral("panel_administrator");
inline const QString GroupTray = QStringLiteral("direct-payments-group-tray");

// Step types
inline const QString Referral = QStringLiteral("Direct Payments Referral");
inline const QString EnquiryUpdate = QStringLiteral("Update Direct Payments Enquiry");
inline const QString PanelStep = QStringLiteral("Direct Payments Panel");
inline const QString ScheduleReview = QStringLiteral("Schedule Direct Payments Review");
inline const QString PreMeetingReport = QStringLiteral("Direct Payments Pre-Meeting Report");
inline const QString ApprovePreMeetingReport =
    QStringLiteral("Approve Direct Payments Pre-Meeting Report");
inline const QString PanelReview = QStringLiteral("Direct Payments Panel Review");

// Forms
inline const QString ReferralForm = QStringLiteral("DP-REFERRAL");
inline const QString EnquiryUpdateForm = QStringLiteral("DP-ENQUIRY-UPDATE");
inline const QString PanelForm = QStringLiteral("DP-PANEL");
inline const QString ReviewMeetingForm = QStringLiteral("DP-REVIEW-MEETING");
inline const QString PreMeetingForm = QStringLiteral("DP-PRE-MEETING");
inline const QString ApprovalForm = QStringLiteral("DP-PRE-MEETING-APPROVAL");
inline const QString PanelReviewForm = QStringLiteral("DP-PANEL-REVIEW");

// Questions
namespace q {
inline const QString PaymentMadeTo = QStringLiteral("payment_made_to");
inline const QString PurposeOfPayment = QStringLiteral("purpose_of_payment");
inline const QString OutcomesSought = QStringLiteral("outcomes_sought");
inline const QString CheckedAndCompletedBy = QStringLiteral("checked_and_completed_by");
inline const QString ManagerDecision = QStringLiteral("manager_decision");
inline const QString PanelDate = QStringLiteral("panel_date");
inline const QString PanelOutcome = QStringLiteral("panel_outcome");
inline const QString ReviewDate = QStringLiteral("review_date");
inline const QString DeclineReason = QStringLiteral("decline_reason");
inline const QString ReviewMeetingDate = QStringLiteral("review_meeting_date");
inline const QString ReviewMeetingTime = QStringLiteral("review_meeting_time");
inline const QString AllocatedWorker = QStringLiteral("allocated_worker");
inline const QString ManagerApproval = QStringLiteral("manager_approval");
inline const QString ReviewOutcome = QStringLiteral("review_outcome");
inline const QString NextReviewDate = QStringLiteral("next_review_date");
inline const QString PaymentEndDate = QStringLiteral("payment_end_date");
} // namespace q

// Choices
inline const QString Authorise = QStringLiteral("Authorise");
inline const QString RequestFurtherInformation = QStringLiteral("Request further information");
inline const QString Agreed = QStringLiteral("Agreed");
inline const QString Declined = QStringLiteral("Declined");
inline const QString FurtherInformationRequested = QStringLiteral("Further information requested");
inline const QString Approved = QStringLiteral("Approved");
inline const QString NotApproved = QStringLiteral("Not approved – return to the worker");
inline const QString Continue = QStringLiteral("Continue with the direct payment");
inline const QString End = QStringLiteral("End the direct payment");
inline const QString AnotherSuggestion = QStringLiteral("Not agreed – another suggestion made");

// The fields a refusal can be about (Status::field()), for the screens to place it.
namespace Field {
inline const QString Child = QStringLiteral("child");
inline const QString StartDate = QStringLiteral("start_date");
inline const QString PaymentFor = QStringLiteral("payment_for");
inline const QString PaymentStart = QStringLiteral("payment_start");
inline const QString MeetingAt = QStringLiteral("meeting_at");
inline const QString LastSubmission = QStringLiteral("last_submission_date");
inline const QString AllocatedWorker = QStringLiteral("allocated_worker");
} // namespace Field

} // namespace casedesk::dp
