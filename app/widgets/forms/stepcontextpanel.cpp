#include "stepcontextpanel.h"

#include "common/inlinemessage.h"
#include "definitions/definitionregistry.h"
#include "workflow/formlogic.h"

#include <QDate>
#include <QLabel>
#include <QMap>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QString day(const QDateTime &utc)
{
    return utc.toLocalTime().toString(QStringLiteral("dd/MM/yyyy"));
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

// An answer as a person reads it: ticks as Yes/No, dates the British way.
QString shownValue(const QuestionDefinition &question, const QString &value)
{
    switch (question.type) {
    case QuestionType::Boolean:
        return value == QLatin1String("true") ? StepContextPanel::tr("Yes")
                                              : StepContextPanel::tr("No");
    case QuestionType::Date: {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        return date.isValid() ? date.toString(QStringLiteral("dd/MM/yyyy")) : value;
    }
    case QuestionType::Confirmation:
        return StepContextPanel::tr("Confirmed by %1").arg(value);
    default:
        return value;
    }
}

} // namespace

StepContextPanel::StepContextPanel(const DefinitionRegistry &definitions, QWidget *parent)
    : QFrame(parent), m_definitions(definitions)
{
    setObjectName(QStringLiteral("stepContext"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("What this step is about"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(4);
    m_title = new QLabel(tr("What this step is about"), this);
    m_title->setObjectName(QStringLiteral("stepContextTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    auto *note = new QLabel(tr("Read-only: answered on the steps named below."), this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    layout->addWidget(note);
    m_busy = new QLabel(tr("Reading what this step is about…"), this);
    m_busy->setObjectName(QStringLiteral("stepContextBusy"));
    m_busy->hide();
    layout->addWidget(m_busy);
    m_problem = new InlineMessage(this);
    m_problem->setObjectName(QStringLiteral("stepContextProblem"));
    layout->addWidget(m_problem);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("stepContextText"));
    m_browser->setReadOnly(true);
    m_browser->setOpenLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    m_browser->setAccessibleName(tr("What this step is about"));
    layout->addWidget(m_browser, 1);

    // A quick answer never flashes a busy sign.
    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300);
    connect(m_busyDelay, &QTimer::timeout, m_busy, &QWidget::show);
}

void StepContextPanel::setWaiting()
{
    m_waiting = true;
    m_busyDelay->start();
}

void StepContextPanel::setContext(const StepContext &context)
{
    m_waiting = false;
    m_busyDelay->stop();
    m_busy->hide();
    m_shown.clear();
    m_browser->clear();
    if (!context.status.isOk()) {
        m_problem->showError(context.status.message());
        return;
    }
    m_problem->clearMessage();
    m_shown = context.forms;
    QString page;
    for (const ContextForm &form : context.forms)
        page += html(form);
    m_browser->setHtml(page);
}

QString StepContextPanel::text() const
{
    return m_browser->toPlainText();
}

QString StepContextPanel::html(const ContextForm &context) const
{
    const FormDefinition *form = m_definitions.form(context.formCode);
    if (!form)
        return QString();
    const QString muted = QLatin1String(Style::MutedText);
    QString out =
        QStringLiteral("<h3>%1</h3>").arg(escaped(form->code + QLatin1Char(' ') + form->title));
    QString where = context.requestType.isEmpty() ? tr("From %1").arg(context.stepType)
                                                  : tr("%1 on this step").arg(context.requestType);
    if (context.stepStatus == StepStatus::Finished && context.finishedAt.isValid())
        where += tr(", finished by %1 on %2").arg(context.finishedByName, day(context.finishedAt));
    // Who answered: each person once, with the role they answered in and when they last did.
    QMap<QString, QDateTime> answeredBy;
    for (const AnswerRecord &answer : context.answers) {
        const QString who =
            answer.savedAsRole.isEmpty()
                ? answer.savedByName
                : tr("%1 (%2)").arg(answer.savedByName, m_definitions.roleName(answer.savedAsRole));
        if (!answeredBy.contains(who) || answeredBy.value(who) < answer.savedAt)
            answeredBy.insert(who, answer.savedAt);
    }
    QStringList answerers;
    for (auto it = answeredBy.constBegin(); it != answeredBy.constEnd(); ++it)
        answerers << (it.value().isValid() ? tr("%1, last on %2").arg(it.key(), day(it.value()))
                                           : it.key());
    out += QStringLiteral("<p style=\"color:%1\">%2<br>%3</p>")
               .arg(muted, escaped(where),
                    escaped(tr("Answered by %1").arg(answerers.join(QStringLiteral("; ")))));

    AnswerValues values;
    for (auto it = context.answers.constBegin(); it != context.answers.constEnd(); ++it)
        values[form->code].insert(it.key(), it->value);
    for (const SectionDefinition &section : form->sections) {
        if (!context.sections.isEmpty() && !context.sections.contains(section.id))
            continue;
        QString rows;
        for (const QuestionDefinition &question : section.questions) {
            const auto answer = context.answers.constFind(question.id);
            if (answer == context.answers.constEnd() ||
                !FormLogic::isQuestionVisible(*form, section, question, values))
                continue;
            rows += QStringLiteral("<p><b>%1</b><br>%2</p>")
                        .arg(escaped(question.label), escaped(shownValue(question, answer->value)));
        }
        if (!rows.isEmpty())
            out += QStringLiteral("<h4>%1</h4>")
                       .arg(escaped(tr("Section %1. %2").arg(section.number).arg(section.title))) +
                   rows;
    }
    return out;
}

} // namespace casedesk
