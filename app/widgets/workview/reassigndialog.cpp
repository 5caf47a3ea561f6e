#include "reassigndialog.h"

#include "common/directory.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace casedesk {

ReassignDialog::ReassignDialog(const Directory &directory, int count, QWidget *parent)
    : QDialog(parent), m_directory(directory)
{
    setObjectName(QStringLiteral("reassignDialog"));
    setWindowTitle(tr("Reassign work"));
    auto *layout = new QVBoxLayout(this);
    auto *heading =
        new QLabel(count == 1 ? tr("Reassign the selected piece of work to:")
                              : tr("Reassign the %1 selected pieces of work to:").arg(count),
                   this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("reassignKind"));
    m_kind->setAccessibleName(tr("Reassign to"));
    m_kind->addItem(tr("A worker"), int(AssigneeKind::Worker));
    m_kind->addItem(tr("A team"), int(AssigneeKind::Team));
    m_kind->addItem(tr("A virtual worker (inbox)"), int(AssigneeKind::VirtualWorker));
    auto *kindLabel = new QLabel(tr("Reassign &to:"), this);
    kindLabel->setBuddy(m_kind);
    grid->addWidget(kindLabel, 0, 0);
    grid->addWidget(m_kind, 0, 1, Qt::AlignLeft);

    m_assignee = new QComboBox(this);
    m_assignee->setObjectName(QStringLiteral("reassignAssignee"));
    m_assignee->setAccessibleName(tr("Assignee"));
    m_assignee->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *assigneeLabel = new QLabel(tr("&Who:"), this);
    assigneeLabel->setBuddy(m_assignee);
    grid->addWidget(assigneeLabel, 1, 0);
    grid->addWidget(m_assignee, 1, 1, Qt::AlignLeft);
    layout->addLayout(grid);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_reassign = buttons->addButton(tr("&Reassign"), QDialogButtonBox::AcceptRole);
    m_reassign->setObjectName(QStringLiteral("reassignButton"));
    m_reassign->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ReassignDialog::refreshAssignees);
    // The directory is read once per session, off the GUI thread: fill in when it is in.
    if (!directory.isLoaded())
        connect(&directory, &Directory::loaded, this, &ReassignDialog::refreshAssignees);
    refreshAssignees();
}

void ReassignDialog::refreshAssignees()
{
    const auto kind = static_cast<AssigneeKind>(m_kind->currentData().toInt());
    // Asked before the picker is cleared: a directory read at first use says loaded() at once,
    // which calls this again.
    QList<DirectoryEntry> entries;
    if (kind == AssigneeKind::Worker)
        entries = m_directory.workers();
    else if (kind == AssigneeKind::Team)
        entries = m_directory.teams();
    else
        entries = m_directory.virtualWorkers();
    m_assignee->clear();
    for (const DirectoryEntry &entry : std::as_const(entries)) {
        const QString text = kind == AssigneeKind::Worker && !entry.detail.isEmpty()
                                 ? tr("%1 (%2)").arg(entry.name, entry.detail)
                                 : entry.name;
        m_assignee->addItem(text, entry.id);
        m_assignee->setItemData(m_assignee->count() - 1, entry.name, Qt::UserRole + 1);
        m_assignee->setItemData(m_assignee->count() - 1, entry.detail, Qt::ToolTipRole);
    }
    m_reassign->setEnabled(m_assignee->count() > 0);
    m_reassign->setToolTip(m_assignee->count() > 0 ? QString()
                                                   : tr("There is no one to reassign this to."));
}

Assignee ReassignDialog::assignee() const
{
    return Assignee{static_cast<AssigneeKind>(m_kind->currentData().toInt()),
                    m_assignee->currentData().toLongLong()};
}

QString ReassignDialog::assigneeName() const
{
    return m_assignee->currentData(Qt::UserRole + 1).toString();
}

} // namespace casedesk
