#include "directpayments.h"
#include "dpnames.h"
#include "reportdue.h"

#include "storage/sqlvalues.h"
#include "workflow/formlogic.h"

#include <QSqlQuery>

// Starting and finishing ("finalising") the steps of Workflow B, copy forward, and scheduling
// reviews.

namespace casedesk {

namespace {

bool isCopyForwardStep(const QString &stepType)
{
    return stepType == dp::Referral || stepType == dp::PreMeetingReport;
}

} // namespace

// --- starting --------------------------------------------------------------------------------

Status DirectPayments::startStep(qint64 stepId, const Actor &actor, bool copyForward)
{
    const StepRecord step = m_engine.step(stepId);
    if (!step.id)
        return Status::failure(tr("This step no longer exists."), Status::Code::NotFound);
    if (Status started = m_engine.startStep(stepId, actor); !started)
        return started;
    Status result = Status::ok();
    if (copyForward) {
        result = this->copyForward(stepId, actor);
        if (!result)
            result = Status::failure(
                tr("%1 was started blank: %2").arg(step.stepType, result.message()), result.code());
    }
    // Who the payment is for / made to, from the Start Direct Payments event.
    const QString form = step.stepType == dp::Referral           ? dp::ReferralForm
                         : step.stepType == dp::PreMeetingReport ? dp::PreMeetingForm
                                                                 : QString();
    if (form.isEmpty() || !answer(stepId, form, dp::q::PaymentMadeTo).isEmpty())
        return result;
    const EpisodeRecord record = episode(episodeOfStep(stepId));
    const QString madeTo = paymentForText(record.personId, record.paymentForPersonId);
    if (madeTo.isEmpty())
        return result;
    if (Status saved = m_engine.saveAnswers(stepId, form, {{dp::q::PaymentMadeTo, madeTo}}, actor);
        !saved)
        return saved;
    return result;
}

// --- finishing -------------------------------------------------------------------------------

qint64 DirectPayments::createdStep(qint64 fromStepId, const QString &stepType) const
{
    return m_db
        .scalar(QStringLiteral("SELECT id FROM worksteps WHERE from_step_id = ? AND step_type = ? "
                               "ORDER BY id DESC LIMIT 1"),
                {fromStepId, stepType})
        .toLongLong();
}

void DirectPayments::addImpliedNextActions(qint64 stepId, const StepRecord &step,
                                           const Actor &actor)
{
    const QList<NextActionRecord> added = m_engine.nextActions(stepId);
    auto add = [&](const QString &form, const QString &type, const Assignee &to) {
        for (const NextActionRecord &action : added) {
            if (action.stepType == type)
                return;
        }
        if (to.id <= 0)
            return;
        // Refusals (an answer that does not allow it, the wrong role) are left for the finish
        // check to report.
        Status ignored;
        m_engine.addNextAction(stepId, form, type, to, false, actor, &ignored);
    };
    auto managerOf = [this](qint64 workerId) {
        return Assignee::worker(
            m_db.scalar(QStringLiteral("SELECT manager_id FROM workers WHERE id = ?"), {workerId})
                .toLongLong());
    };
    auto finisherOf = [this](qint64 id) {
        return Assignee::worker(
            m_db.scalar(QStringLiteral("SELECT finished_by FROM worksteps WHERE id = ?"), {id})
                .toLongLong());
    };
    const Assignee allocated = Assignee::worker(
        m_db.scalar(QStringLiteral("SELECT allocated_worker_id FROM people WHERE id = ?"),
                    {step.personId})
            .toLongLong());
    const Assignee tray = Assignee::virtualWorker(
        m_db.scalar(QStringLiteral("SELECT id FROM virtual_workers WHERE code = ?"),
                    {dp::GroupTray})
            .toLongLong());
    const QString decision = decisionOf(stepId, step.stepType);

    if (step.stepType == dp::Referral) {
        add(dp::ReferralForm, dp::EnquiryUpdate, managerOf(actor.workerId));
    } else if (step.stepType == dp::EnquiryUpdate) {
        if (decision == dp::Authorise)
            add(dp::EnquiryUpdateForm, dp::PanelStep, tray);
        else if (decision == dp::RequestFurtherInformation)
            add(dp::EnquiryUpdateForm, dp::Referral, finisherOf(step.fromStepId));
    } else if (step.stepType == dp::PanelStep) {
        if (decision == dp::Agreed)
            add(dp::PanelForm, dp::ScheduleReview, tray);
        else if (decision == dp::FurtherInformationRequested)
            add(dp::PanelForm, dp::Referral, allocated);
    } else if (step.stepType == dp::ScheduleReview) {
        add(dp::ReviewMeetingForm, dp::PreMeetingReport, allocated);
        add(dp::ReviewMeetingForm, dp::PanelReview, tray);
    } else if (step.stepType == dp::PreMeetingReport) {
        add(dp::PreMeetingForm, dp::ApprovePreMeetingReport, managerOf(actor.workerId));
    } else if (step.stepType == dp::ApprovePreMeetingReport) {
        if (decision == dp::NotApproved)
            add(dp::ApprovalForm, dp::PreMeetingReport, finisherOf(step.fromStepId));
    } else if (step.stepType == dp::PanelReview) {
        if (decision == dp::Continue)
            add(dp::PanelReviewForm, dp::ScheduleReview, tray);
    }
}

QList<Problem> DirectPayments::ruleProblems(qint64 stepId, const StepRecord &step) const
{
    QList<Problem> problems;
    if (isCopyForwardStep(step.stepType)) {
        for (const CopiedAnswer &copied : copiedAnswers(stepId)) {
            const bool needsUpdatedView = step.stepType == dp::PreMeetingReport &&
                                          (copied.questionId == dp::q::PurposeOfPayment ||
                                           copied.questionId == dp::q::OutcomesSought);
            if (needsUpdatedView && copied.state != CopyState::Changed)
                problems << Problem{
                    copied.formCode, QString(), copied.questionId, 0,
                    tr("\"%1\" was copied forward from %2: give an updated view for the coming "
                       "period, even if the direct payment is to end.")
                        .arg(copied.label, copied.sourceStepType)};
            else if (copied.state == CopyState::Copied)
                problems << Problem{
                    copied.formCode, QString(), copied.questionId, 0,
                    tr("\"%1\" was copied forward from %2 of %3: check it and tick Checked and "
                       "completed by, or change it.")
                        .arg(copied.label, copied.sourceStepType,
                             formatDate(copied.sourceFinishedAt.toLocalTime().date()))};
        }
    }
    auto dateAnswer = [this, stepId](const QString &form, const QString &question) {
        return QDate::fromString(answer(stepId, form, question), Qt::ISODate);
    };
    // A panel's outcome (and a review's) is recorded once the panel it is on has met: not
    // before, when no panel has decided anything (issue 14).
    if (step.stepType == dp::PanelStep || step.stepType == dp::PanelReview) {
        const QDateTime meetingAt =
            m_db.scalar(QStringLiteral("SELECT p.meeting_at FROM panel_agenda_items i JOIN panels "
                                       "p ON p.id = i.panel_id WHERE i.step_id = ? "
                                       "ORDER BY p.meeting_at DESC LIMIT 1"),
                        {stepId})
                .toDateTime();
        const QDate meets = meetingAt.toLocalTime().date();
        if (meetingAt.isValid() && today() < meets) {
            const bool review = step.stepType == dp::PanelReview;
            problems << Problem{review ? dp::PanelReviewForm : dp::PanelForm, QString(),
                                review ? dp::q::ReviewOutcome : dp::q::PanelOutcome, 0,
                                tr("This case is on the panel of %1, which has not met yet: its "
                                   "outcome is recorded once the panel has met.")
                                    .arg(formatDate(meets))};
        }
    }
    if (step.stepType == dp::PanelStep && decisionOf(stepId, step.stepType) == dp::Agreed) {
        const QDate panelDate = dateAnswer(dp::PanelForm, dp::q::PanelDate);
        const QDate reviewDate = dateAnswer(dp::PanelForm, dp::q::ReviewDate);
        if (panelDate.isValid() && reviewDate.isValid() && reviewDate <= panelDate)
            problems << Problem{dp::PanelForm, QString(), dp::q::ReviewDate, 0,
                                tr("The review date (%1) must be after the date of panel (%2).")
                                    .arg(formatDate(reviewDate), formatDate(panelDate))};
    }
    if (step.stepType == dp::PanelReview) {
        AgendaItem review;
        review.kind = PanelCaseKind::Review;
        review.panelStepId = stepId;
        review.panelStepType = step.stepType;
        review.episodeId = -1;
        completeAgendaItem(review);
        if (review.preMeetingStatus != tr("Approved"))
            problems << Problem{
                QString(), QString(), QString(), 0,
                tr("The pre-meeting report for this review has not been approved by the manager "
                   "yet (%1).")
                    .arg(review.preMeetingStatus)};
        const QDate panelDate = dateAnswer(dp::PanelReviewForm, dp::q::PanelDate);
        const QDate nextReview = dateAnswer(dp::PanelReviewForm, dp::q::NextReviewDate);
        if (decisionOf(stepId, step.stepType) == dp::Continue && panelDate.isValid() &&
            nextReview.isValid() && nextReview <= panelDate)
            problems << Problem{dp::PanelReviewForm, QString(), dp::q::NextReviewDate, 0,
                                tr("The next review date (%1) must be after the date of panel "
                                   "(%2).")
                                    .arg(formatDate(nextReview), formatDate(panelDate))};
    }
    if (step.stepType == dp::ScheduleReview) {
        const QDate date = dateAnswer(dp::ReviewMeetingForm, dp::q::ReviewMeetingDate);
        const QString timeText = answer(stepId, dp::ReviewMeetingForm, dp::q::ReviewMeetingTime);
        const QTime time = QTime::fromString(timeText, QStringLiteral("HH:mm"));
        if (!timeText.isEmpty() && !time.isValid())
            problems << Problem{dp::ReviewMeetingForm, QString(), dp::q::ReviewMeetingTime, 0,
                                tr("Enter the time of the review meeting as hours and minutes, "
                                   "for example 10:30.")};
        else if (date.isValid() && time.isValid()) {
            PanelRecord panel;
            if (Status meeting = checkReviewMeeting(QDateTime(date, time), -1, &panel); !meeting)
                problems << Problem{dp::ReviewMeetingForm, QString(), dp::q::ReviewMeetingDate, 0,
                                    meeting.message()};
        }
    }
    return problems;
}

QList<Problem> DirectPayments::whatIsMissing(qint64 stepId) const
{
    return m_engine.whatIsMissing(stepId) + ruleProblems(stepId, m_engine.step(stepId));
}

Status DirectPayments::finishStep(qint64 stepId, const Actor &actor, QList<Problem> *problems,
                                  QString *notice)
{
    const StepRecord step = m_engine.step(stepId);
    if (!step.id)
        return Status::failure(tr("This step no longer exists."), Status::Code::NotFound);
    const StepTypeDefinition *type = m_engine.definitions().stepType(step.stepType);
    if (!type || type->workflow != QLatin1String("direct-payments"))
        return m_engine.finishStep(stepId, actor, problems);
    const QString why = m_engine.whyCannotFinish(stepId, actor);
    if (!why.isEmpty())
        return Status::failure(why, Status::Code::NotAllowed);
    addImpliedNextActions(stepId, step, actor);
    const QList<Problem> missing = whatIsMissing(stepId);
    if (problems)
        *problems = missing;
    if (!missing.isEmpty()) {
        QStringList lines;
        for (const Problem &problem : missing)
            lines << QStringLiteral("• ") + problem.message;
        return Status::failure(
            tr("This step cannot be finalised yet:\n%1").arg(lines.join(QLatin1Char('\n'))),
            Status::Code::Invalid);
    }
    if (Status finished = m_engine.finishStep(stepId, actor, problems); !finished)
        return finished;
    const QString what = afterFinish(stepId, step, actor);
    if (notice)
        *notice = what;
    return Status::ok();
}

QString DirectPayments::afterFinish(qint64 stepId, const StepRecord &step, const Actor &actor)
{
    const qint64 episodeId = episodeOfStep(stepId);
    const EpisodeRecord record = episode(episodeId);
    // The steps this one released belong to its episode.
    if (episodeId > 0)
        m_db.exec(QStringLiteral("UPDATE worksteps SET episode_id = ? WHERE from_step_id = ? AND "
                                 "episode_id IS NULL"),
                  {episodeId, stepId});
    const QString decision = decisionOf(stepId, step.stepType);
    auto setAgendaOutcome = [this, stepId, &decision] {
        m_db.exec(QStringLiteral("UPDATE panel_agenda_items SET outcome = ? WHERE step_id = ? AND "
                                 "removed_at IS NULL"),
                  {decision, stepId});
    };

    if (step.stepType == dp::Referral) {
        const qint64 update = createdStep(stepId, dp::EnquiryUpdate);
        return update ? tr("Finalised: the enquiry has gone to %1 to update.")
                            .arg(m_engine.step(update).assigneeName)
                      : QString();
    }
    if (step.stepType == dp::EnquiryUpdate) {
        if (decision == dp::RequestFurtherInformation) {
            const qint64 referral = createdStep(stepId, dp::Referral);
            return tr("The referral has gone back to %1 for further information.")
                .arg(m_engine.step(referral).assigneeName);
        }
        const qint64 panelStep = createdStep(stepId, dp::PanelStep);
        if (!panelStep || episodeId <= 0)
            return QString();
        // Submitted today: it goes to the next panel whose last submission date has not passed.
        insertPanelCase(episodeId, step.personId, panelStep, PanelCaseKind::New, today(),
                        QDateTime(), QString(), actor);
        Status placed;
        const qint64 item = placeOnNextPanel(panelStep, actor, &placed);
        const QString inTray = tr("Authorised: a task is in the Direct Payments Group tray.");
        if (!placed)
            return inTray + QLatin1Char(' ') + placed.message();
        const QList<AgendaItem> agendaItem = readAgenda(QStringLiteral("a.id = ?"), {item});
        return inTray + QLatin1Char(' ') +
               tr("It is on the agenda of the Direct Payments Panel of %1.")
                   .arg(formatDateTime(agendaItem.value(0).panelMeetingAt));
    }
    if (step.stepType == dp::PanelStep) {
        setAgendaOutcome();
        if (decision == dp::Agreed)
            return tr("Agreed: the review is to be scheduled from the Direct Payments Group "
                      "tray.");
        if (decision == dp::FurtherInformationRequested)
            return tr("Further information requested: the referral has gone back to %1.")
                .arg(m_engine.step(createdStep(stepId, dp::Referral)).assigneeName);
        return tr("Declined. If the family disagree with the alternative suggestions, the case "
                  "can be brought back to a later panel.");
    }
    if (step.stepType == dp::ScheduleReview) {
        const qint64 review = createdStep(stepId, dp::PanelReview);
        const qint64 report = createdStep(stepId, dp::PreMeetingReport);
        const QDate date = QDate::fromString(
            answer(stepId, dp::ReviewMeetingForm, dp::q::ReviewMeetingDate), Qt::ISODate);
        const QTime time =
            QTime::fromString(answer(stepId, dp::ReviewMeetingForm, dp::q::ReviewMeetingTime),
                              QStringLiteral("HH:mm"));
        const PanelRecord panel = panelOn(date);
        if (!review || !panel.isValid() || episodeId <= 0)
            return QString();
        const QDate due = preMeetingDueDate(panel);
        Transaction transaction(m_db);
        const QDateTime reviewAt(date, time);
        const qint64 caseId =
            insertPanelCase(episodeId, step.personId, review, PanelCaseKind::Review, today(),
                            reviewAt, QString(), actor, due);
        const qint64 item = caseId > 0 ? insertAgendaItem(panel.id, review, caseId, actor) : -1;
        audit(actor, QStringLiteral("schedule review"), QStringLiteral("episode"), episodeId,
              step.personId, formatDateTime(reviewAt));
        if (item <= 0 || !transaction.commit())
            return tr("The review meeting could not be put on the agenda of the panel of %1; "
                      "please try again from the Direct Payments Group tray.")
                .arg(formatDate(date));
        emit m_engine.workChanged();
        return tr("Review meeting set for %1. The pre-meeting report is with %2, due %3.")
            .arg(formatDateTime(reviewAt), m_engine.step(report).assigneeName, formatDate(due));
    }
    if (step.stepType == dp::PreMeetingReport) {
        const qint64 approval = createdStep(stepId, dp::ApprovePreMeetingReport);
        return approval ? tr("Finalised: the pre-meeting report has gone to %1 to approve.")
                              .arg(m_engine.step(approval).assigneeName)
                        : QString();
    }
    if (step.stepType == dp::ApprovePreMeetingReport) {
        if (decision == dp::Approved)
            return tr("Approved: the review goes ahead at panel.");
        const qint64 again = createdStep(stepId, dp::PreMeetingReport);
        return tr("Returned: the pre-meeting report has gone back to %1.")
            .arg(m_engine.step(again).assigneeName);
    }
    if (step.stepType == dp::PanelReview) {
        setAgendaOutcome();
        if (decision == dp::Continue)
            return tr("Continue: the review process starts again from the Direct Payments Group "
                      "tray.");
        if (decision == dp::AnotherSuggestion)
            return tr("Another suggestion was made: discuss it with the family; the case can be "
                      "brought back to a later panel.");
        QDate ends = QDate::fromString(answer(stepId, dp::PanelReviewForm, dp::q::PaymentEndDate),
                                       Qt::ISODate);
        if (!ends.isValid())
            ends = today();
        Transaction transaction(m_db);
        m_db.exec(QStringLiteral("UPDATE episodes SET end_date = ? WHERE id = ? AND end_date IS "
                                 "NULL"),
                  {ends, episodeId});
        m_db.insert(
            QStringLiteral("INSERT INTO events (person_id, episode_id, event_type, event_date, "
                           "details, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                           "RETURNING id"),
            {record.personId, episodeId, dp::EndEvent, ends,
             tr("Ended at the panel review of %1")
                 .arg(formatDate(QDate::fromString(
                     answer(stepId, dp::PanelReviewForm, dp::q::PanelDate), Qt::ISODate))),
             actor.workerId, utcNow()});
        audit(actor, QStringLiteral("end direct payments"), QStringLiteral("episode"), episodeId,
              record.personId, formatDate(ends));
        transaction.commit();
        return tr("The direct payment ends on %1; the Direct Payments episode is closed.")
            .arg(formatDate(ends));
    }
    return QString();
}

// --- copy forward ----------------------------------------------------------------------------

QList<StepRecord> DirectPayments::copyForwardSources(qint64 stepId) const
{
    QList<StepRecord> sources;
    const StepRecord step = m_engine.step(stepId);
    const DefinitionRegistry &definitions = m_engine.definitions();
    const StepTypeDefinition *type = definitions.stepType(step.stepType);
    if (!type)
        return sources;
    QSet<QString> wanted;
    for (const QString &code : type->allForms()) {
        if (const FormDefinition *form = definitions.form(code)) {
            for (const SectionDefinition &section : form->sections) {
                for (const QuestionDefinition &question : section.questions) {
                    if (question.type != QuestionType::Confirmation)
                        wanted.insert(question.id);
                }
            }
        }
    }
    QList<qint64> ids;
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT id FROM worksteps WHERE person_id = ? AND status = 'finished' AND "
                       "id <> ? ORDER BY finished_at DESC, id DESC"),
        {step.personId, stepId});
    while (query.next())
        ids << query.value(0).toLongLong();
    for (qint64 id : std::as_const(ids)) {
        const StepRecord candidate = m_engine.step(id);
        const StepTypeDefinition *candidateType = definitions.stepType(candidate.stepType);
        if (!candidateType || candidateType->workflow != type->workflow)
            continue;
        const AnswerValues values = m_engine.answerValues(id);
        bool fits = false;
        for (auto form = values.cbegin(); form != values.cend() && !fits; ++form) {
            for (auto it = form->cbegin(); it != form->cend() && !fits; ++it)
                fits = wanted.contains(it.key()) && !it.value().isEmpty();
        }
        if (fits)
            sources << candidate;
    }
    return sources;
}

Status DirectPayments::copyForward(qint64 stepId, const Actor &actor, qint64 sourceStepId)
{
    if (sourceStepId <= 0) {
        const QList<StepRecord> sources = copyForwardSources(stepId);
        if (sources.isEmpty())
            return Status::failure(tr("there is no earlier finished form for %1 to copy forward.")
                                       .arg(m_engine.step(stepId).personName),
                                   Status::Code::NotFound);
        sourceStepId = sources.first().id;
    }
    return m_engine.copyAnswersFrom(stepId, sourceStepId, actor);
}

QList<CopiedAnswer> DirectPayments::copiedAnswers(qint64 stepId) const
{
    struct Version
    {
        qint64 rowId;
        QString value;
        qint64 copiedFrom;
        QDateTime savedAt;
        QString savedBy;
    };
    QHash<QString, QHash<QString, QList<Version>>> history; // form -> question -> versions
    QSqlQuery query = m_db.exec(
        QStringLiteral("SELECT a.id, a.form_code, a.question_id, a.value, a.copied_from_step_id, "
                       "a.saved_at, w.display_name FROM form_answers a LEFT JOIN workers w ON "
                       "w.id = a.saved_by WHERE a.step_id = ? ORDER BY a.version, a.id"),
        {stepId});
    while (query.next())
        history[query.value(1).toString()][query.value(2).toString()] << Version{
            query.value(0).toLongLong(), query.value(3).toString(), query.value(4).toLongLong(),
            query.value(5).toDateTime().toLocalTime(), query.value(6).toString()};

    QList<CopiedAnswer> result;
    const DefinitionRegistry &definitions = m_engine.definitions();
    for (const QString &code : m_engine.step(stepId).openForms) {
        const FormDefinition *form = definitions.form(code);
        if (!form)
            continue;
        // The current tick of the form's "Checked and completed by", if given.
        Version confirmation{0, QString(), 0, QDateTime(), QString()};
        for (const SectionDefinition &section : form->sections) {
            for (const QuestionDefinition &question : section.questions) {
                const QList<Version> versions = history.value(code).value(question.id);
                if (question.type == QuestionType::Confirmation && !versions.isEmpty() &&
                    FormLogic::isAnswered(question, versions.last().value))
                    confirmation = versions.last();
            }
        }
        for (const SectionDefinition &section : form->sections) {
            for (const QuestionDefinition &question : section.questions) {
                const QList<Version> versions = history.value(code).value(question.id);
                qsizetype copyIndex = -1;
                for (qsizetype i = 0; i < versions.size(); ++i) {
                    if (versions.at(i).copiedFrom > 0)
                        copyIndex = i;
                }
                if (copyIndex < 0)
                    continue;
                const Version &copy = versions.at(copyIndex);
                const Version &latest = versions.last();
                const StepRecord source = m_engine.step(copy.copiedFrom);
                CopiedAnswer answer;
                answer.formCode = code;
                answer.questionId = question.id;
                answer.label = question.label;
                answer.copiedValue = copy.value;
                answer.currentValue = latest.value;
                answer.sourceStepId = copy.copiedFrom;
                answer.sourceStepType = source.stepType;
                answer.sourceFinishedAt = source.finishedAt.toLocalTime();
                answer.copiedAt = copy.savedAt;
                if (latest.rowId != copy.rowId && latest.value != copy.value) {
                    answer.state = CopyState::Changed;
                    answer.byName = latest.savedBy;
                    answer.at = latest.savedAt;
                    answer.stateText = tr("Changed by %1 on %2")
                                           .arg(latest.savedBy, formatDateTime(latest.savedAt));
                } else if (confirmation.rowId > copy.rowId) {
                    answer.state = CopyState::Confirmed;
                    answer.byName = confirmation.savedBy;
                    answer.at = confirmation.savedAt;
                    answer.stateText =
                        tr("Checked and completed by %1 on %2")
                            .arg(confirmation.savedBy, formatDateTime(confirmation.savedAt));
                } else {
                    answer.state = CopyState::Copied;
                    answer.stateText =
                        tr("Copied forward from %1 of %2 – not yet checked")
                            .arg(source.stepType, formatDate(answer.sourceFinishedAt.date()));
                }
                result << answer;
            }
        }
    }
    return result;
}

// --- reviews ---------------------------------------------------------------------------------

QDate DirectPayments::reportDueDate(qint64 stepId) const
{
    return dp::preMeetingReportDueDate(m_db, stepId);
}

QDate DirectPayments::preMeetingDueDate(const PanelRecord &panel) const
{
    // The report is due by the panel's last submission date; when scheduled later than that,
    // by the working day before the meeting.
    if (panel.lastSubmissionDate >= today())
        return panel.lastSubmissionDate;
    return qMax(today(), m_calendar.previousWorkingDay(panel.meetingDate()));
}

Status DirectPayments::checkReviewMeeting(const QDateTime &meetingAt, qint64 allocatedWorkerId,
                                          PanelRecord *panel) const
{
    auto invalid = [](const QString &message, const QString &field = dp::Field::MeetingAt) {
        return Status::failure(message, Status::Code::Invalid).onField(field);
    };
    if (!meetingAt.isValid())
        return invalid(tr("Enter the date and time of the review meeting."));
    const QDate date = meetingAt.date();
    if (date < today())
        return invalid(tr("The review meeting cannot be in the past (%1).").arg(formatDate(date)));
    *panel = panelOn(date);
    if (!panel->isValid())
        return invalid(tr("There is no Direct Payments panel on %1. Reviews are held at panel: "
                          "choose a panel date from the timetable, or add this date to it first.")
                           .arg(formatDate(date)));
    if (meetingAt.time() < panel->meetingAt.time())
        return invalid(
            tr("The panel of %1 starts at %2: choose a time from then.")
                .arg(formatDate(date), panel->meetingAt.time().toString(QStringLiteral("HH:mm"))));
    if (allocatedWorkerId < 0)
        return Status::ok();
    if (!allocatedWorkerId)
        return invalid(tr("Choose the allocated worker to write the pre-meeting report."),
                       dp::Field::AllocatedWorker);
    if (!holdsRole(Actor{allocatedWorkerId, dp::SocialWorker}, dp::SocialWorker))
        return invalid(tr("%1 is not a Social Worker, so the pre-meeting report cannot be "
                          "assigned to them.")
                           .arg(workerName(allocatedWorkerId)),
                       dp::Field::AllocatedWorker);
    return Status::ok();
}

qint64 DirectPayments::scheduleReview(qint64 scheduleStepId, const QDateTime &meetingAt,
                                      qint64 allocatedWorkerId, const Actor &actor, Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    if (Status allowed = requireRole(actor, dp::PanelAdministrator, tr("schedule a review"));
        !allowed)
        return refuse(allowed);
    const StepRecord step = m_engine.step(scheduleStepId);
    if (step.stepType != dp::ScheduleReview)
        return refuse(
            Status::failure(tr("Reviews are scheduled from a %1 task.").arg(dp::ScheduleReview),
                            Status::Code::Invalid));
    if (step.isReadOnly())
        return refuse(
            Status::failure(tr("This review has already been scheduled."), Status::Code::Invalid));
    PanelRecord panel;
    if (Status meeting = checkReviewMeeting(meetingAt, allocatedWorkerId, &panel); !meeting)
        return refuse(meeting);
    if (step.status == StepStatus::Incoming) {
        if (Status started = m_engine.startStep(scheduleStepId, actor); !started)
            return refuse(started);
    }
    if (Status saved = m_engine.saveAnswers(
            scheduleStepId, dp::ReviewMeetingForm,
            {{dp::q::ReviewMeetingDate, meetingAt.date().toString(Qt::ISODate)},
             {dp::q::ReviewMeetingTime, meetingAt.time().toString(QStringLiteral("HH:mm"))},
             {dp::q::AllocatedWorker, workerName(allocatedWorkerId)}},
            actor);
        !saved)
        return refuse(saved);
    // The pre-meeting report goes to the worker chosen here, whatever was added before.
    for (const NextActionRecord &action : m_engine.nextActions(scheduleStepId)) {
        if (action.stepType == dp::PreMeetingReport && action.assignee.id != allocatedWorkerId)
            m_engine.removeNextAction(action.id, actor);
    }
    bool hasReport = false;
    for (const NextActionRecord &action : m_engine.nextActions(scheduleStepId))
        hasReport = hasReport || action.stepType == dp::PreMeetingReport;
    Status added;
    if (!hasReport &&
        m_engine.addNextAction(scheduleStepId, dp::ReviewMeetingForm, dp::PreMeetingReport,
                               Assignee::worker(allocatedWorkerId), false, actor, &added) <= 0)
        return refuse(added);
    if (Status finished = finishStep(scheduleStepId, actor); !finished)
        return refuse(finished);
    if (status)
        *status = Status::ok();
    return createdStep(scheduleStepId, dp::PreMeetingReport);
}

qint64 DirectPayments::scheduleFirstReview(qint64 childId, const QDate &paymentStartDate,
                                           qint64 paymentForPersonId, const QDateTime &meetingAt,
                                           qint64 allocatedWorkerId, const Actor &actor,
                                           Status *status)
{
    auto refuse = [status](const Status &why) {
        if (status)
            *status = why;
        return qint64(-1);
    };
    if (Status allowed = requireRole(actor, dp::PanelAdministrator, tr("schedule a review"));
        !allowed)
        return refuse(allowed);
    QSqlQuery child =
        m_db.exec(QStringLiteral(
                      "SELECT given_name || ' ' || family_name, is_child FROM people WHERE id = ?"),
                  {childId});
    if (!child.next())
        return refuse(
            Status::failure(tr("This person is no longer on the record."), Status::Code::NotFound)
                .onField(dp::Field::Child));
    const QString name = child.value(0).toString();
    if (!child.value(1).toBool())
        return refuse(
            Status::failure(tr("%1 is not recorded as a child.").arg(name), Status::Code::Invalid)
                .onField(dp::Field::Child));
    if (!paymentStartDate.isValid() || paymentStartDate > today())
        return refuse(Status::failure(tr("Enter the date the existing direct payment started."),
                                      Status::Code::Invalid)
                          .onField(dp::Field::PaymentStart));
    if (Status related = checkPaymentFor(childId, paymentForPersonId); !related)
        return refuse(related);
    PanelRecord panel;
    if (Status meeting = checkReviewMeeting(meetingAt, allocatedWorkerId, &panel); !meeting)
        return refuse(meeting);
    qint64 episodeId = openEpisode(childId);
    if (episodeId > 0 && !episodeSteps(episodeId).isEmpty())
        return refuse(
            Status::failure(
                tr("%1's Direct Payments episode (started %2) already has its workflow; schedule "
                   "reviews from the panel's outcome.")
                    .arg(name, formatDate(episode(episodeId).startDate)),
                Status::Code::Invalid)
                .onField(dp::Field::Child));

    Transaction transaction(m_db);
    if (episodeId <= 0) {
        QString details = tr("Existing direct payment, first review at panel; Start Date %1")
                              .arg(formatDate(paymentStartDate));
        if (paymentForPersonId > 0)
            details +=
                tr("; payment for / made to %1").arg(paymentForText(childId, paymentForPersonId));
        episodeId = insertEpisode(childId, paymentStartDate, paymentForPersonId, details, actor);
    }
    Status created;
    const qint64 scheduleStep =
        episodeId > 0 ? m_engine.createEpisodeStep(childId, episodeId, dp::ScheduleReview,
                                                   Assignee::me(), 0, actor, &created)
                      : -1;
    if (scheduleStep <= 0)
        return refuse(created.isOk() ? failed(tr("schedule the first review")) : created);
    if (!transaction.commit())
        return refuse(failed(tr("schedule the first review")));
    emit m_engine.workChanged();
    return scheduleReview(scheduleStep, meetingAt, allocatedWorkerId, actor, status);
}

} // namespace casedesk
