#include "nextactionseditor.h"

#include "workflow/casedefaults.h"

#include "common/directory.h"
#include "common/inlinemessage.h"
#include "workflow/casedefaults.h"
#include "workflow/decisiongate.h"
#include "workflow/formlogic.h"
#include "workflow/workflowengine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

enum Column
{
    StepTypeColumn,
    AssigneeColumn,
    SendingColumn,
    ColumnCount
};

QString kindLabel(AssigneeKind kind)
{
    switch (kind) {
    case AssigneeKind::Me:
        return NextActionsEditor::tr("Assign to Me");
    case AssigneeKind::Worker:
        return NextActionsEditor::tr("A worker");
    case AssigneeKind::Team:
        return NextActionsEditor::tr("A team");
    case AssigneeKind::VirtualWorker:
        return NextActionsEditor::tr("A virtual worker (inbox)");
    }
    return QString();
}

} // namespace

NextActionsEditor::NextActionsEditor(WorkflowEngine &engine, const Directory &directory,
                                     qint64 stepId, const FormDefinition &form,
                                     const SectionDefinition &section, const Actor &actor,
                                     QWidget *parent)
    : QWidget(parent), m_engine(engine), m_directory(directory), m_stepId(stepId), m_form(form),
      m_section(section), m_actor(actor)
{
    setObjectName(QStringLiteral("nextActions_") + section.id);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 0, 4);
    layout->setSpacing(8);

    m_empty = new QLabel(tr("No next actions added yet."), this);
    m_empty->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    layout->addWidget(m_empty);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("nextActionsTable"));
    m_table->setAccessibleName(tr("Next actions added"));
    m_table->setHorizontalHeaderLabels({tr("Next action"), tr("Assigned to"), tr("Sending")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(StepTypeColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AssigneeColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SendingColumn, QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &NextActionsEditor::refreshButtons);
    layout->addWidget(m_table);

    m_heldBack = new QLabel(this);
    m_heldBack->setObjectName(QStringLiteral("nextActionsHeldBack"));
    m_heldBack->setWordWrap(true);
    m_heldBack->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::ErrorText)));
    m_heldBack->hide();
    layout->addWidget(m_heldBack);

    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeNextAction"));
    m_remove->setAccessibleDescription(tr("Removes the selected next action"));
    connect(m_remove, &QPushButton::clicked, this, &NextActionsEditor::removeSelected);
    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_remove);
    removeRow->addStretch(1);
    layout->addLayout(removeRow);

    m_addArea = new QFrame(this);
    m_addArea->setObjectName(QStringLiteral("addNextActionArea"));
    m_addArea->setStyleSheet(
        QStringLiteral("QFrame#addNextActionArea { background: %1; "
                       "border: 1px solid %2; border-radius: 4px; }")
            .arg(QLatin1String(Style::PanelBackground), QLatin1String(Style::FrameBorder)));
    auto *addLayout = new QVBoxLayout(m_addArea);
    addLayout->setContentsMargins(10, 8, 10, 10);
    addLayout->setSpacing(6);
    auto *addTitle = new QLabel(tr("<b>Add a next action</b>"), m_addArea);
    addLayout->addWidget(addTitle);

    m_noOptions =
        new QLabel(tr("No next actions are available for the answers given so far."), m_addArea);
    m_noOptions->setWordWrap(true);
    m_noOptions->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    addLayout->addWidget(m_noOptions);

    // A grid rather than a form layout: it sizes the wrapped guidance line properly.
    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    auto gridRow = [this, grid](const QString &text, QLayout *fieldLayout, QWidget *field) {
        const int row = grid->rowCount();
        if (!text.isEmpty()) {
            auto *label = new QLabel(text, m_addArea);
            if (field)
                label->setBuddy(field);
            grid->addWidget(label, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
        }
        if (fieldLayout)
            grid->addLayout(fieldLayout, row, 1);
        else
            grid->addWidget(field, row, 1,
                            qobject_cast<QLabel *>(field) ? Qt::Alignment() : Qt::AlignLeft);
    };
    m_option = new QComboBox(m_addArea);
    m_option->setObjectName(QStringLiteral("nextActionOption"));
    m_option->setAccessibleName(tr("Next action"));
    m_option->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *optionRow = new QHBoxLayout;
    optionRow->addWidget(m_option);
    optionRow->addStretch(1);
    gridRow(tr("Next action:"), optionRow, m_option);
    m_optionGuidance = new QLabel(m_addArea);
    m_optionGuidance->setWordWrap(true);
    m_optionGuidance->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_optionGuidance->setStyleSheet(
        QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    gridRow(QString(), nullptr, m_optionGuidance);

    auto *assignRow = new QHBoxLayout;
    m_kind = new QComboBox(m_addArea);
    m_kind->setObjectName(QStringLiteral("assigneeKind"));
    m_kind->setAccessibleName(tr("Assign to"));
    m_assignee = new QComboBox(m_addArea);
    m_assignee->setObjectName(QStringLiteral("assignee"));
    m_assignee->setAccessibleName(tr("Assignee"));
    m_assignee->setPlaceholderText(tr("Choose who"));
    m_assignee->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    assignRow->addWidget(m_kind);
    assignRow->addWidget(m_assignee);
    assignRow->addStretch(1);
    gridRow(tr("Assign to:"), assignRow, m_kind);

    m_sendImmediately = new QCheckBox(tr("Send Immediately"), m_addArea);
    m_sendImmediately->setObjectName(QStringLiteral("sendImmediately"));
    m_sendImmediately->setAccessibleDescription(
        tr("Creates the step for its assignee now, instead of when this step is finished"));
    gridRow(QString(), nullptr, m_sendImmediately);
    addLayout->addLayout(grid);

    m_add = new QPushButton(tr("Add"), m_addArea);
    m_add->setObjectName(QStringLiteral("addNextAction"));
    m_add->setAccessibleDescription(tr("Adds the chosen next action"));
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_add);
    addRow->addStretch(1);
    addLayout->addLayout(addRow);
    layout->addWidget(m_addArea);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("nextActionMessage"));
    layout->addWidget(m_message);

    connect(m_option, &QComboBox::currentIndexChanged, this,
            &NextActionsEditor::refreshAssigneeKinds);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &NextActionsEditor::refreshAssignees);
    connect(m_add, &QPushButton::clicked, this, &NextActionsEditor::add);
}

void NextActionsEditor::setRunner(Runner runner)
{
    m_runner = std::move(runner);
}

void NextActionsEditor::setAnswers(const AnswerValues &answers)
{
    m_answers = answers;
    refreshHeldBack();
    refreshOptions();
}

void NextActionsEditor::refreshHeldBack()
{
    // The same rule as the engine's Finish (DecisionGate), on the answers shown: no database.
    // A decision still to come is told apart from one that refuses.
    m_heldBackReasons.clear();
    QStringList lines;
    for (int row = 0; row < m_added.size() && row < m_table->rowCount(); ++row) {
        const NextActionRecord &action = m_added.at(row);
        QTableWidgetItem *sending = m_table->item(row, SendingColumn);
        if (!sending)
            continue;
        QString why;
        bool awaited = false;
        for (const NextActionOption &option : std::as_const(m_section.nextActions)) {
            if (option.stepType == action.stepType && !action.createdStepId)
                why = DecisionGate::refusal(option.allowedWhen, m_form.code, m_answers,
                                            m_engine.definitions(), &awaited);
        }
        QString line;
        if (!why.isEmpty()) {
            line = awaited ? tr("%1 waits for the decision: %2.").arg(action.stepType, why)
                           : tr("%1 will not be released: %2.").arg(action.stepType, why);
            lines << line;
            if (!awaited)
                m_heldBackReasons << line;
        }
        sending->setText(action.createdStepId ? tr("Sent")
                         : why.isEmpty()      ? tr("To be sent on finish")
                         : awaited            ? tr("Waits for the decision")
                                              : tr("Held back by the decision"));
        sending->setToolTip(line);
    }
    m_heldBack->setText(lines.join(QLatin1Char('\n')));
    m_heldBack->setVisible(!lines.isEmpty());
}

void NextActionsEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_addArea->setVisible(!readOnly);
    refreshButtons();
}

QStringList NextActionsEditor::offeredStepTypes() const
{
    QStringList types;
    for (int i = 0; i < m_option->count(); ++i)
        types << m_option->itemData(i).toString();
    return types;
}

QString NextActionsEditor::message() const
{
    return m_message->message();
}

void NextActionsEditor::showNextActions(const QList<NextActionRecord> &all)
{
    m_added.clear();
    for (const NextActionRecord &action : all) {
        if (action.formCode == m_form.code)
            m_added << action;
    }
    m_table->setRowCount(int(m_added.size()));
    for (int row = 0; row < m_added.size(); ++row) {
        const NextActionRecord &action = m_added.at(row);
        auto *type = new QTableWidgetItem(action.stepType);
        type->setData(Qt::UserRole, action.id);
        m_table->setItem(row, StepTypeColumn, type);
        m_table->setItem(row, AssigneeColumn, new QTableWidgetItem(action.assigneeName));
        m_table->setItem(
            row, SendingColumn,
            new QTableWidgetItem(action.createdStepId ? tr("Sent") : tr("To be sent on finish")));
    }
    m_empty->setVisible(m_added.isEmpty());
    m_table->setVisible(!m_added.isEmpty());
    // Tall enough for every row: the section scrolls with the form, not on its own.
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < m_table->rowCount(); ++row)
        height += m_table->rowHeight(row);
    m_table->setFixedHeight(height);
    refreshHeldBack();
    refreshOptions();
}

void NextActionsEditor::refreshOptions()
{
    const QString previous = m_option->currentData().toString();
    m_options.clear();
    QStringList addedTypes;
    for (const NextActionRecord &action : m_added)
        addedTypes << action.stepType;
    for (const NextActionOption &option :
         FormLogic::visibleNextActions(m_form, m_section, m_answers)) {
        if (!addedTypes.contains(option.stepType))
            m_options << option;
    }
    {
        const QSignalBlocker blocker(m_option);
        m_option->clear();
        for (const NextActionOption &option : m_options)
            m_option->addItem(option.stepType, option.stepType);
        const int index = m_option->findData(previous);
        m_option->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_noOptions->setVisible(m_options.isEmpty());
    refreshAssigneeKinds();
}

const NextActionOption *NextActionsEditor::currentOption() const
{
    const int index = m_option->currentIndex();
    return index >= 0 && index < m_options.size() ? &m_options.at(index) : nullptr;
}

void NextActionsEditor::refreshAssigneeKinds()
{
    const NextActionOption *option = currentOption();
    m_optionGuidance->setText(option ? option->guidance : QString());
    m_optionGuidance->setVisible(option && !option->guidance.isEmpty());
    const int previous = m_kind->currentData().isValid() ? m_kind->currentData().toInt() : -1;
    {
        const QSignalBlocker blocker(m_kind);
        m_kind->clear();
        if (option) {
            for (AssigneeKind kind : option->assigneeKinds)
                m_kind->addItem(kindLabel(kind), int(kind));
        }
        const int index = m_kind->findData(previous);
        m_kind->setCurrentIndex(index >= 0 ? index : 0);
    }
    const bool immediate = option && option->sendImmediatelyAllowed;
    m_sendImmediately->setVisible(immediate);
    // Send Immediately releases it now: only if the decision already allows it.
    const QString why = option ? DecisionGate::refusal(option->allowedWhen, m_form.code, m_answers,
                                                       m_engine.definitions())
                               : QString();
    m_sendImmediately->setEnabled(why.isEmpty());
    m_sendImmediately->setToolTip(
        why.isEmpty() ? QString() : tr("%1 cannot be sent yet: %2.").arg(option->stepType, why));
    if (!immediate || !why.isEmpty())
        m_sendImmediately->setChecked(false);
    refreshAssignees();
}

void NextActionsEditor::setAllocatedWorker(qint64 workerId)
{
    if (m_allocatedWorkerId == workerId)
        return;
    m_allocatedWorkerId = workerId;
    refreshAssignees();
}

void NextActionsEditor::refreshAssignees()
{
    const NextActionOption *option = currentOption();
    const qint64 previous = m_assignee->currentData().toLongLong();
    const QSignalBlocker blocker(m_assignee);
    m_assignee->clear();
    QList<DirectoryEntry> entries;
    const auto kind = static_cast<AssigneeKind>(m_kind->currentData().toInt());
    if (option && m_kind->currentIndex() >= 0) {
        switch (kind) {
        case AssigneeKind::Me:
            break;
        case AssigneeKind::Worker:
            entries = m_directory.workers(option->workerRoles);
            break;
        case AssigneeKind::Team:
            entries = m_directory.teams();
            break;
        case AssigneeKind::VirtualWorker:
            entries = m_directory.virtualWorkers(option->virtualWorkers);
            break;
        }
    }
    for (const DirectoryEntry &entry : entries) {
        const QString text = kind == AssigneeKind::Worker && !entry.detail.isEmpty()
                                 ? tr("%1 (%2)").arg(entry.name, entry.detail)
                                 : entry.name;
        m_assignee->addItem(text, entry.id);
        m_assignee->setItemData(m_assignee->count() - 1, entry.detail, Qt::ToolTipRole);
    }
    // The choice made stays; otherwise the case's worker (or team), else no one: the worker
    // chooses rather than finding a stranger's name preselected.
    qint64 preferred = previous;
    if (m_assignee->findData(previous) < 0) {
        QList<qint64> offered;
        for (const DirectoryEntry &entry : std::as_const(entries))
            offered << entry.id;
        const CaseContacts contacts{m_allocatedWorkerId, m_directory.managerOf(m_allocatedWorkerId),
                                    m_directory.managerOf(m_actor.workerId)};
        preferred = kind == AssigneeKind::Worker && option
                        ? defaultWorker(option->workerRoles, contacts, offered)
                    : kind == AssigneeKind::Team ? m_directory.teamOf(m_allocatedWorkerId)
                    // Inboxes in the order the definition lists them.
                    : kind == AssigneeKind::VirtualWorker && !entries.isEmpty()
                        ? entries.constFirst().id
                        : 0;
    }
    m_assignee->setCurrentIndex(m_assignee->findData(preferred));
    const bool needsChoice = option && m_kind->currentIndex() >= 0 && kind != AssigneeKind::Me;
    m_assignee->setVisible(needsChoice);
    m_kind->setVisible(option != nullptr);
    refreshButtons();
}

void NextActionsEditor::refreshButtons()
{
    const NextActionOption *option = currentOption();
    const auto kind = static_cast<AssigneeKind>(m_kind->currentData().toInt());
    const bool hasAssignee = kind == AssigneeKind::Me || m_assignee->currentIndex() >= 0;
    m_option->setEnabled(!m_readOnly && !m_options.isEmpty());
    m_kind->setEnabled(!m_readOnly && option);
    m_add->setEnabled(!m_readOnly && option && hasAssignee);
    m_add->setToolTip(option && !hasAssignee
                          ? (m_assignee->count() > 0 ? tr("Choose who to assign it to.")
                                                     : tr("There is no one to assign this to."))
                          : QString());

    const int row = m_table->currentRow();
    const bool selected = row >= 0 && row < m_added.size() && !m_table->selectedItems().isEmpty();
    const bool sent = selected && m_added.at(row).createdStepId;
    m_remove->setVisible(!m_readOnly && !m_added.isEmpty());
    m_remove->setEnabled(!m_readOnly && selected && !sent);
    m_remove->setToolTip(sent       ? tr("This next action has already been sent, so it cannot be "
                                               "removed.")
                         : selected ? QString()
                                    : tr("Select a next action to remove it."));
}

void NextActionsEditor::add()
{
    const NextActionOption *option = currentOption();
    if (!option)
        return;
    const QString stepType = option->stepType;
    const auto kind = static_cast<AssigneeKind>(m_kind->currentData().toInt());
    const qint64 id = m_assignee->currentData().toLongLong();
    const bool immediately = m_sendImmediately->isVisible() && m_sendImmediately->isChecked();
    const Assignee assignee{kind, kind == AssigneeKind::Me ? 0 : id};
    const qint64 stepId = m_stepId;
    const QString formCode = m_form.code;
    const Actor actor = m_actor;
    change(
        [=](WorkflowEngine &engine) {
            Change made;
            made.status = Status::ok();
            engine.addNextAction(stepId, formCode, stepType, assignee, immediately, actor,
                                 &made.status);
            if (made.status)
                made.nextActions = engine.nextActions(stepId);
            return made;
        },
        [this, stepType, immediately](const Change &made) {
            if (!made.status) {
                m_message->showError(made.status.message());
                return;
            }
            m_message->showMessage(InlineMessage::Kind::Success,
                                   immediately
                                       ? tr("\"%1\" was added and sent.").arg(stepType)
                                       : tr("\"%1\" was added; it is sent when this step is "
                                            "finished.")
                                             .arg(stepType));
            m_sendImmediately->setChecked(false);
            showNextActions(made.nextActions);
            emit changed();
        });
}

void NextActionsEditor::change(Work work, std::function<void(const Change &)> done)
{
    auto whenDone = [self = QPointer<NextActionsEditor>(this), done](const Change &made) {
        if (self)
            done(made);
    };
    if (m_runner)
        m_runner(std::move(work), whenDone);
    else
        whenDone(work(m_engine));
}

void NextActionsEditor::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_added.size())
        return;
    const NextActionRecord action = m_added.at(row);
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    change(
        [=](WorkflowEngine &engine) {
            Change made;
            made.status = engine.removeNextAction(action.id, actor);
            if (made.status)
                made.nextActions = engine.nextActions(stepId);
            return made;
        },
        [this, action](const Change &made) {
            if (!made.status) {
                m_message->showError(made.status.message());
                return;
            }
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("\"%1\" was removed.").arg(action.stepType));
            showNextActions(made.nextActions);
            emit changed();
        });
}

} // namespace casedesk
