#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

// Behaviour as data: forms, step types, request types, roles and virtual workers are read from
// JSON files under forms/ (see forms/README.md for the format). These structs are what the
// workflow engine and the form editors work from; nothing about a particular form is in C++.

// Shows a section, question or next action only while another answer has one of some values.
struct Condition
{
    QString formCode;   // empty: the same form
    QString questionId; // empty: always shown
    QStringList anyOf;  // the answer values that show it
    bool isAlways() const { return questionId.isEmpty(); }
};

enum class QuestionType
{
    Text,         // several lines
    Line,         // one line
    Choice,       // one of `choices`
    Boolean,      // yes/no tick
    Date,         // ISO date
    Number,       // whole or decimal number (amounts of money, hours)
    Confirmation, // "Checked and completed by": a tick that records who confirmed
};

// A value decided on the step this one comes from (the amount the manager authorised, the
// nights the panel agreed) that is carried into a question when this step is started, so that
// nobody types it again; readOnly: once carried it cannot be changed here.
struct CarriedAnswer
{
    QString formCode;
    QString questionId;
    bool readOnly = false;

    bool isSet() const { return !questionId.isEmpty(); }
};

struct QuestionDefinition
{
    QString id;
    QuestionType type = QuestionType::Text;
    QString label;
    bool mandatory = false;
    QStringList choices;
    QString guidance;
    QString ownerRole; // empty: the section's owner
    Condition visibleWhen;
    CarriedAnswer carriedFrom;
};

enum class AssigneeKind
{
    Me,
    Worker,
    Team,
    VirtualWorker
};

struct NextActionOption
{
    QString stepType;
    QList<AssigneeKind> assigneeKinds;
    QStringList virtualWorkers; // allowed virtual worker codes when assigned to a virtual worker
    QStringList workerRoles;    // roles a worker assignee must have (empty: any worker)
    bool sendImmediatelyAllowed = false;
    QString guidance;
    Condition visibleWhen;
    // The decision that lets it be released (at Finish, or at once with Send Immediately): an
    // answer, usually another role's (the PS/Manager's, the Panel's). It can be added before the
    // decision is made; if the decision does not allow it, Finish holds it back.
    Condition allowedWhen;
};

struct NextActionRules
{
    QList<QStringList> atMostOneOf;  // of each group, at most one step type may be added
    QList<QStringList> requireOneOf; // of each group, at least one must be added before finish
};

struct SectionDefinition
{
    QString id;
    int number = 0;
    QString title;
    QString ownerRole; // empty: whoever may edit the step
    QString guidance;
    Condition visibleWhen;
    QList<QuestionDefinition> questions;
    QList<NextActionOption> nextActions; // non-empty for a "Next actions" section
    NextActionRules nextActionRules;

    bool isNextActions() const { return !nextActions.isEmpty(); }
};

struct FormDefinition
{
    QString code;  // C1044
    QString title; // SC Significant Information on open SC Case
    QList<SectionDefinition> sections;
    QString sourceFile;
    QString version; // a digest of the definition (DefinitionLoader): printed on every page

    const SectionDefinition *section(const QString &sectionId) const;
    const QuestionDefinition *question(const QString &questionId) const;
    const SectionDefinition *sectionOfQuestion(const QString &questionId) const;
    // The role that owns a question: its own ownerRole, else its section's; empty if nobody's.
    QString ownerRoleOf(const QString &questionId) const;
    QString displayName() const { return title + QStringLiteral(" ") + code; }
};

// Where the read-only context of a step comes from (forms/README.md, "showsContext").
enum class ContextSource
{
    FromStep,    // the step it was created from (its next action)
    EarlierStep, // the nearest step further back along the same chain with one of the forms
    Step,        // the step a request is about (request types only)
};

// "Shows forms of the step it comes from": what a step (or a request on it) is about, shown
// read-only beside its own forms, e.g. the report being approved, the referral being placed.
struct ContextDeclaration
{
    ContextSource source = ContextSource::FromStep;
    QStringList forms;    // form codes, in the order shown; those without answers are left out
    QStringList sections; // section ids to show; empty: every section
};

// Whom a step type started from a person's record may be about (forms/step-types startedFor).
enum class StartedFor
{
    Anyone,
    Children // a visit or assessment of a child, never of a parent or carer
};

struct StepTypeDefinition
{
    QString name;     // CS Decision on Significant Information (Open SC Case)
    QString workflow; // short-term-breaks, direct-payments, casework
    // Roles that may start it directly from a person's record (Start work, Start Direct
    // Payments); empty: nobody does, it only comes as a next action or from created work.
    QStringList startedByRoles;
    StartedFor startedFor = StartedFor::Anyone;
    QString description;
    QString primaryForm;                  // form code
    QStringList otherForms;               // offered through "forms and letters"
    QStringList requestTypes;             // request names that may be sent from this step
    bool prepopulateFromPrevious = false; // copy answers from the person's last step of this type
    bool startableFromRecord = false;     // can be started from the person's record (visits)
    // Roles that may create it on its own, not as a next action of another step (Start Direct
    // Payments, a case brought back to panel, the first review of an existing payment).
    QStringList createdByRoles;
    QList<ContextDeclaration> showsContext; // shown beside the forms, read-only
    // A notice (request type name) sent as the step finishes to whoever finished the step it
    // came from: the home's placement decision to the Social Worker who asked for it.
    QString noticeOnFinish;
    QString sourceFile;

    QStringList allForms() const { return QStringList{primaryForm} + otherForms; }
};

enum class RecipientKind
{
    Worker,
    VirtualWorker
};

struct RequestTypeDefinition
{
    QString name; // CS Manager: Please review and confirm next action
    bool required = false;
    RecipientKind recipientKind = RecipientKind::Worker;
    QStringList recipientRoles;          // a worker recipient must hold one of these roles
    QStringList recipientVirtualWorkers; // codes, for virtual worker recipients
    QStringList completedByRoles;        // roles that may mark it Completed or Declined
    bool recipientMayFinishStep = false; // once completed, the recipient may finish the step
    // A notice tells its recipient something (CS Notification of Panel Decision): they clear it
    // once read, even after the step it came from has closed; it is never declined.
    bool notice = false;
    QString guidance;
    // The decision on the step that must allow sending it (formCode always given): e.g. the
    // PS/Manager supports the panel request before CS Request for CWD Panel goes to the panel.
    Condition allowedWhen;
    // Shown beside the step's forms while a request of this type is on it (the panel decision
    // being notified); only the source Step.
    QList<ContextDeclaration> showsContext;
    QString sourceFile;

    // "REQUIRED CS Manager: ..." as the guides print required requests.
    QString displayName() const { return required ? QStringLiteral("REQUIRED ") + name : name; }
};

struct VirtualWorkerDefinition
{
    QString code; // cs-cwd-panel
    QString name; // CS CWD – Panel
    QString description;
    QStringList memberRoles; // roles whose holders may be members
};

// What of a person's record a role may open (roles.json opensRecords).
enum class OpensRecords
{
    Whole,     // the whole record: details, relationships, episodes, every step
    AskedAbout // only the work they were asked about (a home's placement request) and its origin
};

struct RoleDefinition
{
    QString code; // ps_manager
    QString name; // PS/Manager
    QString description;
    OpensRecords opensRecords = OpensRecords::Whole;
};

} // namespace casedesk
