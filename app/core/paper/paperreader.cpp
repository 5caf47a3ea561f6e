#include "paperreader.h"

#include "directpayments/directpayments.h"
#include "records/personrecordquery.h"
#include "security/recordaccess.h"
#include "workflow/formlogic.h"
#include "workflow/stepcontext.h"
#include "workflow/workflowengine.h"

#include <QTimeZone>
#include <algorithm>

namespace casedesk {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString londonTime(const QDateTime &utc)
{
    if (!utc.isValid())
        return QString();
    return utc.toTimeZone(QTimeZone("Europe/London")).toString(QStringLiteral("dd/MM/yyyy HH:mm"));
}

QString ukDate(const QDate &date)
{
    return date.isValid() ? date.toString(QStringLiteral("dd/MM/yyyy")) : QString();
}

QString fileNameOf(const QString &title)
{
    QString name = title;
    for (const QChar bad : {u'/', u'\\', u':', u'*', u'?', u'"', u'<', u'>', u'|'})
        name.replace(bad, QLatin1Char('-'));
    name.replace(QChar(0x2013), QLatin1Char('-'));
    return name + QStringLiteral(".pdf");
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td class='label'>%1</td><td>%2</td></tr>")
        .arg(escaped(label), escaped(value));
}

// What an answer reads as on paper: ticks as Yes/No, dates the British way.
QString answerText(const QuestionDefinition &question, const QString &value)
{
    if (question.type == QuestionType::Boolean)
        return value == QLatin1String("true")    ? PaperReader::tr("Yes")
               : value == QLatin1String("false") ? PaperReader::tr("No")
                                                 : value;
    if (question.type == QuestionType::Date) {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        return date.isValid() ? ukDate(date) : value;
    }
    return value;
}

const QString style = QStringLiteral(
    "<style>h1{font-size:15pt;} h2{font-size:13pt; margin-top:14px;} h3{font-size:11pt;}"
    "td{padding:2px 6px; vertical-align:top;} td.label{font-weight:bold; width:35%;}"
    ".saved{color:#444; font-size:8pt;} .none{color:#666; font-style:italic;}"
    "table.list td{border-bottom:1px solid #999;}</style>");

} // namespace

PaperReader::PaperReader(Database &db, const DefinitionRegistry &definitions)
    : m_db(db), m_definitions(definitions)
{}

PaperDocument PaperReader::started(const Actor &actor, const QString &title)
{
    PaperDocument document;
    document.status = Status::ok();
    document.title = title;
    document.suggestedFileName = fileNameOf(title);
    document.producedAt = QDateTime::currentDateTimeUtc();
    document.producedBy =
        m_db.scalar(QStringLiteral("SELECT display_name FROM workers WHERE id = ?"),
                    {actor.workerId})
            .toString();
    return document;
}

bool PaperReader::audit(PaperDocument *document, qint64 personId, const Actor &actor)
{
    if (!personId || document->personIds.contains(personId))
        return true;
    const Status opened = RecordAccess(m_db).openPerson(personId, actor);
    if (!opened) {
        document->status = opened;
        document->html.clear();
        return false;
    }
    document->personIds << personId;
    return true;
}

void PaperReader::noteForm(PaperDocument *document, const FormDefinition &form) const
{
    const QString line = tr("%1 version %2").arg(form.code, form.version);
    if (!document->formVersions.contains(line))
        document->formVersions << line;
}

QString PaperReader::formHtml(const FormDefinition &form,
                              const QHash<QString, AnswerRecord> &answers,
                              const AnswerValues &values, const QStringList &onlySections)
{
    QList<const SectionDefinition *> sections;
    for (const SectionDefinition &section : form.sections)
        if (!section.isNextActions() &&
            (onlySections.isEmpty() || onlySections.contains(section.id)))
            sections << &section;
    std::stable_sort(sections.begin(), sections.end(),
                     [](const SectionDefinition *a, const SectionDefinition *b) {
                         return a->number < b->number;
                     });
    QString html = QStringLiteral("<h2>%1</h2>").arg(escaped(form.displayName()));
    for (const SectionDefinition *section : sections) {
        if (!FormLogic::isSectionVisible(form, *section, values))
            continue;
        html += QStringLiteral("<h3>%1. %2</h3><table width='100%'>")
                    .arg(section->number)
                    .arg(escaped(section->title));
        for (const QuestionDefinition &question : section->questions) {
            if (!FormLogic::isQuestionVisible(form, *section, question, values))
                continue;
            const auto answer = answers.constFind(question.id);
            QString cell;
            if (answer == answers.constEnd() || answer->value.isEmpty()) {
                cell = QStringLiteral("<span class='none'>%1</span>").arg(tr("Not answered"));
            } else {
                const QString role = m_definitions.roleName(answer->savedAsRole);
                cell = escaped(answerText(question, answer->value)) +
                       QStringLiteral("<br><span class='saved'>%1</span>")
                           .arg(escaped(role.isEmpty() ? tr("Saved by %1 on %2")
                                                             .arg(answer->savedByName,
                                                                  londonTime(answer->savedAt))
                                                       : tr("Saved by %1 (%2) on %3")
                                                             .arg(answer->savedByName, role,
                                                                  londonTime(answer->savedAt))));
            }
            html += QStringLiteral("<tr><td class='label'>%1</td><td>%2</td></tr>")
                        .arg(escaped(question.label), cell);
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

PaperDocument PaperReader::step(qint64 stepId, const Actor &actor)
{
    WorkflowEngine engine(m_db, m_definitions);
    const StepSnapshot read = engine.snapshot(stepId, actor);
    const StepRecord &step = read.step;
    PaperDocument document =
        started(actor, step.stepType + QStringLiteral(" \u2013 ") + step.personName);
    if (!step.id) {
        document.status =
            Status::failure(step.unreadable ? PersonRecordQuery::connectionLostMessage()
                                            : tr("This step no longer exists."),
                            Status::Code::NotFound);
        return document;
    }
    if (!read.answersStatus) {
        document.status = read.answersStatus;
        return document;
    }
    if (!audit(&document, step.personId, actor))
        return document;
    QStringList forms = step.openForms;
    for (auto it = read.answers.cbegin(); it != read.answers.cend(); ++it)
        if (!forms.contains(it.key()))
            forms << it.key();
    QString html = style + QStringLiteral("<h1>%1</h1><table>").arg(escaped(document.title));
    html += row(tr("Status"), step.status);
    html += row(tr("Assigned to"), step.assigneeName);
    html += row(tr("Created"), londonTime(step.createdAt));
    if (step.finishedAt.isValid())
        html += row(tr("Finished"),
                    tr("%1 by %2").arg(londonTime(step.finishedAt), step.finishedByName));
    html += QStringLiteral("</table>");
    for (const QString &code : forms) {
        const FormDefinition *form = m_definitions.form(code);
        if (!form)
            continue;
        noteForm(&document, *form);
        html += formHtml(*form, read.answers.value(code), read.values);
    }
    document.html = html;
    return document;
}

PaperDocument PaperReader::personRecord(qint64 personId, const Actor &actor)
{
    PersonRecordQuery query(m_db);
    Status status;
    // open() records the opening as the record's screen does.
    const PersonRecord record = query.open(personId, actor, &status);
    PaperDocument document = started(actor, tr("Record of %1").arg(record.person.name()));
    if (!status) {
        document.status = status;
        return document;
    }
    document.personIds << personId;
    const PersonDetails &person = record.person;
    QString html =
        style +
        QStringLiteral("<h1>%1</h1><h2>%2</h2><table>").arg(escaped(person.name()), tr("Details"));
    html += row(tr("Reference"), person.ref);
    html += row(tr("Date of birth"), ukDate(person.dateOfBirth));
    html += row(tr("Gender"), person.gender);
    html += row(tr("Address"), person.address);
    html += QStringLiteral("</table><h2>%1</h2><table>").arg(tr("Allocation"));
    html += row(tr("Allocated worker"), person.allocatedWorkerName.isEmpty()
                                            ? tr("Not allocated")
                                            : person.allocatedWorkerName);
    html += row(tr("Team"), person.teamName);
    html += QStringLiteral("</table><h2>%1</h2><table class='list' width='100%'>")
                .arg(tr("Relationships"));
    for (const RelationshipEntry &relation : record.relationships)
        html += row(relation.name + QStringLiteral(" (") + relation.ref + QLatin1Char(')'),
                    relation.relationship + (relation.parentalResponsibility
                                                 ? tr(", has parental responsibility")
                                                 : QString()));
    if (record.relationships.isEmpty())
        html += row(QString(), tr("None recorded"));
    html +=
        QStringLiteral("</table><h2>%1</h2><table class='list' width='100%'>").arg(tr("Episodes"));
    for (const EpisodeRecord &episode : record.episodes)
        html +=
            row(episode.episodeType,
                episode.isOpen()
                    ? tr("From %1, open").arg(ukDate(episode.startDate))
                    : tr("From %1 to %2").arg(ukDate(episode.startDate), ukDate(episode.endDate)));
    if (record.episodes.isEmpty())
        html += row(QString(), tr("None recorded"));
    html += QStringLiteral("</table><h2>%1</h2>").arg(tr("History"));
    QString error;
    const HistoryPage history = query.history(personId, 0, 1000, &error);
    // A line each, the full width of the page: a long step name never wraps into a column.
    for (const HistoryEntry &entry : history.entries) {
        QString what = entry.status + QStringLiteral(", ") + entry.who;
        if (entry.closedAt.isValid())
            what += tr("; closed %1 by %2").arg(londonTime(entry.closedAt), entry.closedByName);
        html += QStringLiteral("<p><b>%1 %2</b>: %3</p>")
                    .arg(escaped(londonTime(entry.at)), escaped(entry.title()), escaped(what));
    }
    if (!error.isEmpty())
        html += QStringLiteral("<p>%1</p>")
                    .arg(escaped(tr("The history could not be read: %1").arg(error)));
    document.html = html;
    return document;
}

PaperDocument PaperReader::panelAgenda(qint64 panelId, const Actor &actor)
{
    WorkflowEngine engine(m_db, m_definitions);
    DirectPayments payments(m_db, engine);
    const PanelRecord panel = payments.panel(panelId);
    PaperDocument document =
        started(actor, tr("Direct Payments Panel of %1").arg(ukDate(panel.meetingDate())));
    if (!panel.isValid()) {
        document.status =
            Status::failure(tr("This panel no longer exists."), Status::Code::NotFound);
        return document;
    }
    const QList<AgendaItem> items = payments.agenda(panelId);
    QString html = style + QStringLiteral("<h1>%1</h1><table>").arg(escaped(document.title));
    html += row(tr("Meets"), panel.meetingAt.toString(QStringLiteral("dd/MM/yyyy HH:mm")));
    html += row(tr("Where"), panel.location);
    html +=
        QStringLiteral("</table><h2>%1</h2><table class='list' width='100%'>").arg(tr("Agenda"));
    html += QStringLiteral("<tr><td><b>%1</b></td><td><b>%2</b></td><td><b>%3</b></td>"
                           "<td><b>%4</b></td></tr>")
                .arg(tr("No."), tr("Child"), tr("Case"), tr("Allocated worker"));
    for (const AgendaItem &item : items) {
        if (!audit(&document, item.personId, actor))
            return document;
        html += QStringLiteral("<tr><td>%1</td><td>%2 (%3)</td><td>%4</td><td>%5, %6</td></tr>")
                    .arg(item.position)
                    .arg(escaped(item.personName), escaped(item.personRef), escaped(item.kindName),
                         escaped(item.workerName), escaped(item.teamName));
    }
    if (items.isEmpty())
        html += QStringLiteral("<tr><td colspan='4'>%1</td></tr>").arg(tr("No cases yet."));
    html += QStringLiteral("</table>");
    document.html = html;
    return document;
}

QString PaperReader::contextHtml(PaperDocument *document, const ContextForm &context)
{
    const FormDefinition *form = m_definitions.form(context.formCode);
    if (!form)
        return QString();
    noteForm(document, *form);
    AnswerValues values;
    for (auto it = context.answers.cbegin(); it != context.answers.cend(); ++it)
        values[context.formCode].insert(it.key(), it->value);
    QString html =
        QStringLiteral("<p class='saved'>%1</p>")
            .arg(escaped(context.finishedAt.isValid()
                             ? tr("From %1, finished %2 by %3")
                                   .arg(context.stepType, londonTime(context.finishedAt),
                                        context.finishedByName)
                             : tr("From %1 (%2)").arg(context.stepType, context.stepStatus)));
    return html + formHtml(*form, context.answers, values, context.sections);
}

PaperDocument PaperReader::panelPack(qint64 panelId, const Actor &actor)
{
    PaperDocument document = panelAgenda(panelId, actor);
    if (!document.status)
        return document;
    document.title = tr("Panel pack: %1").arg(document.title);
    document.suggestedFileName = fileNameOf(document.title);
    WorkflowEngine engine(m_db, m_definitions);
    DirectPayments payments(m_db, engine);
    StepContextQuery contexts(m_db, m_definitions);
    QString html = document.html;
    for (const AgendaItem &item : payments.agenda(panelId)) {
        html += QStringLiteral("<h1 style='page-break-before:always'>%1. %2 (%3): %4</h1>")
                    .arg(item.position)
                    .arg(escaped(item.personName), escaped(item.personRef), escaped(item.kindName));
        const StepContext context = contexts.read(item.panelStepId);
        if (!context.status) {
            html += QStringLiteral("<p>%1</p>").arg(escaped(context.status.message()));
            continue;
        }
        for (const ContextForm &form : context.forms)
            html += contextHtml(&document, form);
        if (item.preMeetingStepId) {
            const StepSnapshot report = engine.snapshot(item.preMeetingStepId, actor);
            for (const QString &code : report.step.openForms) {
                const FormDefinition *form = m_definitions.form(code);
                if (!form || !report.answers.contains(code))
                    continue;
                noteForm(&document, *form);
                html += formHtml(*form, report.answers.value(code), report.values);
            }
        }
    }
    document.html = html;
    return document;
}

} // namespace casedesk
