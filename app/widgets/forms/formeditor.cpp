#include "formeditor.h"

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "nextactionseditor.h"
#include "questionfield.h"
#include "workflow/formlogic.h"
#include "workflow/workflowengine.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace casedesk {

namespace {

// Keeps the section names lined up whether or not a section shows the warning icon.
QIcon blankIcon()
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    return QIcon(pixmap);
}

} // namespace

FormEditor::FormEditor(WorkflowEngine &engine, const Directory &directory, const StepSnapshot &read,
                       const QString &formCode, const Actor &actor, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_directory(directory), m_stepId(read.step.id),
      m_actor(actor)
{
    setObjectName(QStringLiteral("formEditor_") + formCode);
    if (const FormDefinition *form = engine.definitions().form(formCode))
        m_form = *form;
    else
        m_form.code = formCode;
    build();
    const QHash<QString, AnswerRecord> answers = read.answers.value(formCode);
    for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
        const QuestionDefinition *question = m_form.question(it.key());
        if (!question || !question->carriedFrom.readOnly || !it.value().copiedFromStepId)
            continue;
        m_carriedNotes.insert(
            it.key(), tr("Decided in %1; it cannot be changed here.")
                          .arg(engine.definitions().decidedIn(question->carriedFrom.formCode)));
    }
    for (const SectionView &view : std::as_const(m_sections)) {
        if (view.nextActions)
            view.nextActions->setAllocatedWorker(read.step.allocatedWorkerId);
    }
    showSaved(read.values, read.answersStatus, read.nextActions);
    setReadOnly(!read.whyCannotEdit.isEmpty(), read.whyCannotEdit);
}

QString FormEditor::ownerNote(const QString &role) const
{
    return tr("Completed by the %1").arg(m_engine.definitions().roleName(role));
}

bool FormEditor::canEditRole(const QString &ownerRole) const
{
    return ownerRole.isEmpty() || ownerRole == m_actor.role;
}

void FormEditor::build()
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter);

    m_nav = new QListWidget(splitter);
    m_nav->setObjectName(QStringLiteral("sectionList"));
    m_nav->setAccessibleName(tr("Sections of %1").arg(m_form.code));
    m_nav->setWordWrap(true);
    m_nav->setSpacing(2);
    m_nav->setTextElideMode(Qt::ElideNone);
    m_nav->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    m_nav->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_nav->setIconSize(QSize(14, 14));

    m_scroll = new QScrollArea(splitter);
    m_scroll->setObjectName(QStringLiteral("sectionsArea"));
    m_scroll->setAccessibleName(tr("%1 %2").arg(m_form.code, m_form.title));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // The sections keep to a readable width rather than stretching across a wide screen.
    auto *page = new QWidget(m_scroll);
    auto *pageLayout = new QHBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    auto *content = new QWidget(page);
    content->setObjectName(QStringLiteral("sectionsContent"));
    content->setMaximumWidth(fontMetrics().averageCharWidth() * 150);
    pageLayout->addWidget(content, 1);
    pageLayout->addStretch(0);
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(16, 12, 16, 24);
    column->setSpacing(14);

    auto *heading = new QLabel(content);
    heading->setTextFormat(Qt::PlainText);
    heading->setText(m_form.title.isEmpty() ? m_form.code : m_form.displayName());
    heading->setWordWrap(true);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.35);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    column->addWidget(heading);

    m_readOnlyNote = new QLabel(content);
    m_readOnlyNote->setObjectName(QStringLiteral("readOnlyNote"));
    m_readOnlyNote->setWordWrap(true);
    m_readOnlyNote->setStyleSheet(
        QStringLiteral("color: %1; font-style: italic;").arg(QLatin1String(Style::MutedText)));
    m_readOnlyNote->setVisible(false);
    column->addWidget(m_readOnlyNote);

    m_formProblem = new InlineMessage(content);
    m_formProblem->setObjectName(QStringLiteral("formProblem"));
    column->addWidget(m_formProblem);

    const QString confirmingName = m_directory.workerName(m_actor.workerId);
    for (const SectionDefinition &section : std::as_const(m_form.sections)) {
        SectionView view;
        view.definition = &section;
        auto *frame = new QFrame(content);
        frame->setObjectName(QStringLiteral("section_") + section.id);
        frame->setStyleSheet(QStringLiteral("QFrame#section_%1 { background: %3; "
                                            "border: 1px solid %2; border-radius: 6px; }")
                                 .arg(section.id, QLatin1String(Style::FrameBorder),
                                      QLatin1String(Style::SectionBackground)));
        auto *sectionLayout = new QVBoxLayout(frame);
        sectionLayout->setContentsMargins(14, 10, 14, 12);
        sectionLayout->setSpacing(10);

        const QString title = tr("Section %1. %2").arg(section.number).arg(section.title);
        auto *titleRow = new QHBoxLayout;
        auto *titleLabel = new QLabel(title, frame);
        titleLabel->setTextFormat(Qt::PlainText);
        titleLabel->setWordWrap(true);
        titleLabel->setAccessibleName(title);
        QFont titleFont = titleLabel->font();
        titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
        titleFont.setBold(true);
        titleLabel->setFont(titleFont);
        titleRow->addWidget(titleLabel, 1);
        view.ownerNote = new QLabel(frame);
        view.ownerNote->setObjectName(QStringLiteral("ownerNote"));
        view.ownerNote->setStyleSheet(
            QStringLiteral("color: %1; font-style: italic;").arg(QLatin1String(Style::MutedText)));
        view.ownerNote->setVisible(false);
        titleRow->addWidget(view.ownerNote, 0, Qt::AlignRight | Qt::AlignVCenter);
        sectionLayout->addLayout(titleRow);

        if (!section.guidance.isEmpty()) {
            auto *guidance = new QLabel(section.guidance, frame);
            guidance->setTextFormat(Qt::PlainText);
            guidance->setWordWrap(true);
            guidance->setStyleSheet(
                QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
            sectionLayout->addWidget(guidance);
        }
        view.problem = new InlineMessage(frame);
        view.problem->setObjectName(QStringLiteral("sectionProblem"));
        sectionLayout->addWidget(view.problem);

        for (const QuestionDefinition &question : section.questions) {
            auto *field = new QuestionField(question, confirmingName, frame);
            sectionLayout->addWidget(field);
            view.fields << field;
            m_fields.insert(question.id, field);
            connect(field, &QuestionField::valueChanged, this, &FormEditor::onFieldChanged);
        }
        if (section.isNextActions()) {
            view.nextActions = new NextActionsEditor(m_engine, m_directory, m_stepId, m_form,
                                                     section, m_actor, frame);
            sectionLayout->addWidget(view.nextActions);
            connect(view.nextActions, &NextActionsEditor::changed, this,
                    &FormEditor::nextActionsChanged);
        }
        column->addWidget(frame);
        view.frame = frame;

        auto *item = new QListWidgetItem(tr("%1. %2").arg(section.number).arg(section.title));
        item->setData(Qt::UserRole, section.id);
        item->setToolTip(title);
        item->setIcon(blankIcon());
        m_nav->addItem(item);
        view.navRow = m_nav->count() - 1;
        m_sections << view;
    }
    column->addStretch(1);
    m_scroll->setWidget(page);

    splitter->addWidget(m_nav);
    splitter->addWidget(m_scroll);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({fontMetrics().horizontalAdvance(QLatin1Char('M')) * 19, 800});

    connect(m_nav, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        scrollToSection(item->data(Qt::UserRole).toString());
    });
    connect(m_nav, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        scrollToSection(item->data(Qt::UserRole).toString());
    });
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &FormEditor::updateCurrentSectionFromScroll);
}

QWidget *FormEditor::sectionWidget(const QString &sectionId) const
{
    for (const SectionView &view : m_sections) {
        if (view.definition->id == sectionId)
            return view.frame;
    }
    return nullptr;
}

bool FormEditor::isSectionShown(const QString &sectionId) const
{
    for (const SectionView &view : m_sections) {
        if (view.definition->id == sectionId)
            return !view.frame->isHidden();
    }
    return false;
}

bool FormEditor::isQuestionShown(const QString &questionId) const
{
    QuestionField *field = m_fields.value(questionId);
    return field && !field->isHidden() && !field->parentWidget()->isHidden();
}

NextActionsEditor *FormEditor::nextActionsEditor(const QString &sectionId) const
{
    for (const SectionView &view : m_sections) {
        if (view.definition->id == sectionId)
            return view.nextActions;
    }
    return nullptr;
}

QStringList FormEditor::heldBackNextActions() const
{
    QStringList heldBack;
    for (const SectionView &view : m_sections) {
        if (view.nextActions)
            heldBack << view.nextActions->heldBack();
    }
    return heldBack;
}

void FormEditor::scrollToSection(const QString &sectionId)
{
    for (const SectionView &view : m_sections) {
        if (view.definition->id != sectionId)
            continue;
        m_scroll->verticalScrollBar()->setValue(view.frame->y() - 8);
        {
            const QSignalBlocker blocker(m_nav);
            m_nav->setCurrentRow(view.navRow);
        }
        // Keyboard users land on the first thing they can answer in the section.
        for (QuestionField *field : view.fields) {
            if (!field->isHidden() && field->editor()->isEnabled()) {
                field->editor()->setFocus(Qt::OtherFocusReason);
                break;
            }
        }
        return;
    }
}

void FormEditor::updateCurrentSectionFromScroll()
{
    const int top = m_scroll->verticalScrollBar()->value();
    int current = -1;
    for (const SectionView &view : m_sections) {
        if (view.frame->isHidden())
            continue;
        if (current < 0 || view.frame->y() <= top + 24)
            current = view.navRow;
    }
    const QSignalBlocker blocker(m_nav);
    m_nav->setCurrentRow(current);
}

QHash<QString, QString> FormEditor::values() const
{
    QHash<QString, QString> result;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        result.insert(it.key(), it.value()->value());
    return result;
}

QHash<QString, QString> FormEditor::changedValues() const
{
    QHash<QString, QString> result;
    if (m_readOnly)
        return result;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        QuestionField *field = it.value();
        if (field->isReadOnly())
            continue;
        const QString value = field->value();
        if (!field->isSameAnswer(value, m_loaded.value(it.key())))
            result.insert(it.key(), value);
    }
    return result;
}

AnswerValues FormEditor::answers() const
{
    AnswerValues result = m_otherAnswers;
    result.insert(m_form.code, values());
    return result;
}

void FormEditor::setOtherAnswers(const AnswerValues &answers)
{
    m_otherAnswers = answers;
    m_otherAnswers.remove(m_form.code);
    updateVisibility();
}

void FormEditor::onFieldChanged()
{
    if (m_loading)
        return;
    bool modified = false;
    for (auto it = m_fields.cbegin(); it != m_fields.cend() && !modified; ++it) {
        if (!it.value()->isReadOnly() &&
            !it.value()->isSameAnswer(it.value()->value(), m_loaded.value(it.key())))
            modified = true;
    }
    setModified(modified);
    updateVisibility();
    emit valuesChanged();
}

void FormEditor::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

void FormEditor::updateVisibility()
{
    const AnswerValues current = answers();
    for (const SectionView &view : std::as_const(m_sections)) {
        const bool sectionShown = FormLogic::isSectionVisible(m_form, *view.definition, current);
        view.frame->setHidden(!sectionShown);
        m_nav->item(view.navRow)->setHidden(!sectionShown);
        for (QuestionField *field : view.fields) {
            field->setHidden(!FormLogic::isQuestionVisible(m_form, *view.definition,
                                                           field->question(), current));
        }
        if (view.nextActions)
            view.nextActions->setAnswers(current);
    }
}

void FormEditor::applyEditability()
{
    for (const SectionView &view : std::as_const(m_sections)) {
        const QString sectionOwner = view.definition->ownerRole;
        const bool sectionEditable = canEditRole(sectionOwner);
        view.ownerNote->setText(sectionEditable ? QString() : ownerNote(sectionOwner));
        view.ownerNote->setVisible(!sectionEditable);
        for (QuestionField *field : view.fields) {
            const QString owner = m_form.ownerRoleOf(field->id());
            const bool editable = !m_readOnly && canEditRole(owner);
            // The section's note covers questions that are the section owner's; a question
            // owned by someone else says so itself.
            const QString note =
                !canEditRole(owner) && owner != sectionOwner ? ownerNote(owner) : QString();
            if (m_carriedNotes.contains(field->id()))
                field->setReadOnly(true, m_carriedNotes.value(field->id()));
            else
                field->setReadOnly(!editable, note);
        }
        if (view.nextActions)
            view.nextActions->setReadOnly(m_readOnly || !sectionEditable);
    }
}

void FormEditor::setReadOnly(bool readOnly, const QString &reason)
{
    // Answers that could not be read must not show as blank boxes to type over: whatever the
    // caller allows, the form stays read-only, saying why, until a reload reads them.
    const bool unreadable = !m_readError.isOk();
    m_readOnly = readOnly || unreadable;
    const QString why = unreadable ? m_readError.message() : reason;
    m_readOnlyNote->setText(m_readOnly ? (why.isEmpty() ? tr("This form is read-only.") : why)
                                       : QString());
    m_readOnlyNote->setVisible(m_readOnly);
    applyEditability();
}

void FormEditor::setNextActionRunner(const NextActionsEditor::Runner &runner)
{
    for (const SectionView &view : std::as_const(m_sections)) {
        if (view.nextActions)
            view.nextActions->setRunner(runner);
    }
}

void FormEditor::showSaved(const AnswerValues &saved, const Status &readStatus,
                           const QList<NextActionRecord> &nextActions)
{
    m_readError = readStatus;
    m_loaded = saved.value(m_form.code);
    m_otherAnswers = saved;
    m_otherAnswers.remove(m_form.code);
    m_loading = true;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setValue(m_loaded.value(it.key()));
    m_loading = false;
    for (const SectionView &view : std::as_const(m_sections)) {
        if (view.nextActions)
            view.nextActions->showNextActions(nextActions);
    }
    setModified(false);
    updateVisibility();
    if (!m_readError.isOk())
        setReadOnly(true);
}

void FormEditor::discardChanges()
{
    m_loading = true;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (!it.value()->isReadOnly())
            it.value()->setValue(m_loaded.value(it.key()));
    }
    m_loading = false;
    setModified(false);
    updateVisibility();
}

void FormEditor::setValues(const QHash<QString, QString> &values)
{
    m_loading = true;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (QuestionField *field = m_fields.value(it.key()))
            field->setValue(it.value());
    }
    m_loading = false;
    onFieldChanged();
}

void FormEditor::markSaved()
{
    m_loaded = values();
    setModified(false);
    clearProblems();
}

void FormEditor::markSaved(const QHash<QString, QString> &saved)
{
    for (auto it = saved.cbegin(); it != saved.cend(); ++it)
        m_loaded.insert(it.key(), it.value());
    setModified(!changedValues().isEmpty());
    clearProblems();
}

void FormEditor::clearProblems()
{
    m_problems.clear();
    for (QuestionField *field : std::as_const(m_fields))
        field->setProblem(QString());
    for (const SectionView &view : std::as_const(m_sections)) {
        view.problem->clearMessage();
        QListWidgetItem *item = m_nav->item(view.navRow);
        item->setForeground(QBrush());
        item->setIcon(blankIcon());
        item->setToolTip(
            tr("Section %1. %2").arg(view.definition->number).arg(view.definition->title));
    }
    m_formProblem->clearMessage();
}

void FormEditor::setProblems(const QList<Problem> &problems)
{
    clearProblems();
    QHash<QString, QStringList> byQuestion;
    QHash<QString, QStringList> bySection;
    QStringList forForm;
    for (const Problem &problem : problems) {
        if (problem.formCode != m_form.code)
            continue;
        m_problems << problem;
        QString sectionId = problem.sectionId;
        if (sectionId.isEmpty()) {
            if (const SectionDefinition *section = m_form.sectionOfQuestion(problem.questionId))
                sectionId = section->id;
        }
        // Shown where it belongs, a message need not say where it belongs ("C1300, Section 2.
        // Child's Needs and Outcomes: ..."): that part is dropped.
        QString message = problem.message;
        if (const SectionDefinition *section = m_form.section(sectionId)) {
            const QString where = QStringLiteral("%1, Section %2. %3: ")
                                      .arg(m_form.code)
                                      .arg(section->number)
                                      .arg(section->title);
            if (message.startsWith(where))
                message = message.mid(where.size());
        }
        QuestionField *field = m_fields.value(problem.questionId);
        if (field && !field->isHidden() && !field->parentWidget()->isHidden()) {
            byQuestion[problem.questionId] << message;
            continue;
        }
        if (sectionWidget(sectionId))
            bySection[sectionId] << message;
        else
            forForm << problem.message;
    }
    for (auto it = byQuestion.cbegin(); it != byQuestion.cend(); ++it) {
        m_fields.value(it.key())->setProblem(it.value().join(QLatin1Char('\n')));
        if (const SectionDefinition *section = m_form.sectionOfQuestion(it.key()))
            bySection[section->id]; // marks the section in the list without a message
    }
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const SectionView &view : std::as_const(m_sections)) {
        const auto it = bySection.constFind(view.definition->id);
        if (it == bySection.cend())
            continue;
        if (!it.value().isEmpty())
            view.problem->showError(it.value().join(QLatin1Char('\n')));
        QListWidgetItem *item = m_nav->item(view.navRow);
        item->setForeground(QColor(QLatin1String(Style::ErrorText)));
        item->setIcon(warning);
        item->setToolTip(tr("Section %1. %2 needs attention")
                             .arg(view.definition->number)
                             .arg(view.definition->title));
    }
    if (!forForm.isEmpty())
        m_formProblem->showError(forForm.join(QLatin1Char('\n')));
}

void FormEditor::showFirstProblem()
{
    if (m_formProblem->isVisibleTo(this)) {
        m_scroll->verticalScrollBar()->setValue(0);
        return;
    }
    for (const SectionView &view : std::as_const(m_sections)) {
        if (view.frame->isHidden())
            continue;
        if (!view.problem->message().isEmpty()) {
            scrollToSection(view.definition->id);
            return;
        }
        for (QuestionField *field : view.fields) {
            if (field->isHidden() || field->problem().isEmpty())
                continue;
            m_scroll->ensureWidgetVisible(field, 20, 40);
            if (field->editor()->isEnabled())
                field->editor()->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

} // namespace casedesk
