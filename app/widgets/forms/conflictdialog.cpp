#include "conflictdialog.h"

#include "common/messagebox.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

std::function<int(ConflictDialog &)> &nextResponder()
{
    static std::function<int(ConflictDialog &)> responder;
    return responder;
}

QString shown(const QString &value)
{
    return value.isEmpty() ? ConflictDialog::tr("(no answer)") : value;
}

enum Column
{
    QuestionColumn,
    OpenedColumn,
    TheirsColumn,
    MineColumn,
    KeepColumn,
    ColumnCount
};

} // namespace

ConflictDialog::ConflictDialog(const QString &formTitle, const QList<AnswerConflict> &conflicts,
                               QWidget *parent)
    : QDialog(parent), m_conflicts(conflicts)
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Someone else saved this form"));
    auto *layout = new QVBoxLayout(this);

    QStringList savers;
    for (const AnswerConflict &conflict : conflicts) {
        if (conflict.theyChanged && !conflict.theirsByName.isEmpty() &&
            !savers.contains(conflict.theirsByName))
            savers << conflict.theirsByName;
    }
    auto *intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("conflictIntro"));
    intro->setWordWrap(true);
    intro->setText(
        tr("%1 saved %2 after you opened it. Nothing you typed has been lost. Below is every "
           "answer that changed; where you both changed an answer, choose which one to keep. "
           "Then check the form and save again.")
            .arg(savers.isEmpty() ? tr("Someone else") : savers.join(tr(" and ")), formTitle));
    layout->addWidget(intro);

    m_table = new QTableWidget(int(conflicts.size()), ColumnCount, this);
    m_table->setObjectName(QStringLiteral("conflictTable"));
    m_table->setAccessibleName(tr("Answers that changed"));
    m_table->setHorizontalHeaderLabels({tr("Question"), tr("When you opened it"), tr("Saved since"),
                                        tr("Your answer"), tr("Keep")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    // Rows as tall as their wrapped answers at the columns' final widths.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(KeepColumn, QHeaderView::ResizeToContents);
    for (int row = 0; row < conflicts.size(); ++row) {
        const AnswerConflict &conflict = conflicts.at(row);
        m_table->setItem(row, QuestionColumn, new QTableWidgetItem(conflict.label));
        m_table->setItem(row, OpenedColumn, new QTableWidgetItem(shown(conflict.whenOpened)));
        QString theirs = conflict.theyChanged ? shown(conflict.theirs) : tr("(unchanged)");
        if (conflict.theyChanged && !conflict.theirsByName.isEmpty())
            theirs +=
                QLatin1Char('\n') +
                tr("by %1, %2")
                    .arg(conflict.theirsByName,
                         QLocale().toString(conflict.theirsAt.toLocalTime(), QLocale::ShortFormat));
        m_table->setItem(row, TheirsColumn, new QTableWidgetItem(theirs));
        m_table->setItem(
            row, MineColumn,
            new QTableWidgetItem(conflict.iChanged ? shown(conflict.mine) : tr("(unchanged)")));
        if (conflict.needsChoice()) {
            auto *cell = new QWidget(m_table);
            auto *cellLayout = new QVBoxLayout(cell);
            cellLayout->setContentsMargins(4, 2, 4, 2);
            auto *choice = new QComboBox(cell);
            choice->addItems({tr("Yours"), tr("Theirs")});
            choice->setAccessibleName(tr("Keep which answer to %1").arg(conflict.label));
            cellLayout->addWidget(choice, 0, Qt::AlignVCenter);
            m_table->setCellWidget(row, KeepColumn, cell);
            m_choices.insert(conflict.questionId, choice);
        } else {
            m_table->setItem(row, KeepColumn,
                             new QTableWidgetItem(conflict.iChanged ? tr("Yours") : tr("Theirs")));
        }
    }
    layout->addWidget(m_table, 1);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *merge =
        buttons->addButton(tr("&Merge into the form"), QDialogButtonBox::AcceptRole);
    merge->setObjectName(QStringLiteral("mergeButton"));
    merge->setToolTip(tr("Show what is saved now with the answers you chose on top, unsaved"));
    QPushButton *later = buttons->addButton(tr("&Not now"), QDialogButtonBox::RejectRole);
    later->setToolTip(tr("Keep your answers on screen as they are; nothing is saved"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(860, 420);
}

QSet<QString> ConflictDialog::keepTheirs() const
{
    QSet<QString> result;
    for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it) {
        if (it.value()->currentIndex() == 1)
            result.insert(it.key());
    }
    return result;
}

QComboBox *ConflictDialog::choiceFor(const QString &questionId) const
{
    return m_choices.value(questionId);
}

int ConflictDialog::ask()
{
    if (auto responder = std::exchange(nextResponder(), {}))
        return responder(*this);
    if (MessageBox::unattended()) {
        qWarning("ConflictDialog unanswered (CASEDESK_UNATTENDED): %s",
                 qUtf8Printable(windowTitle()));
        return QDialog::Rejected; // as Cancel: everything typed stays on screen
    }
    return exec();
}

void ConflictDialog::setNextResponder(std::function<int(ConflictDialog &)> responder)
{
    nextResponder() = std::move(responder);
}

} // namespace casedesk
