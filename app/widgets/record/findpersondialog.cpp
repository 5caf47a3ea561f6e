#include "findpersondialog.h"

#include "common/inlinemessage.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

constexpr int MinimumLength = 2;
constexpr int TypingPauseMs = 250;

enum ResultColumn
{
    NameColumn,
    RefColumn,
    BornColumn,
    WorkerColumn,
    TeamColumn
};

} // namespace

FindPersonDialog::FindPersonDialog(DatabaseThread &background, QWidget *parent)
    : QDialog(parent), m_background(background), m_search(new QLineEdit(this)),
      m_results(new QTreeWidget(this)), m_hint(new QLabel(this)),
      m_open(new QPushButton(tr("&Open record"), this)), m_buttons(new QDialogButtonBox(this)),
      m_pause(new QTimer(this)), m_busyDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("findPersonDialog"));
    setWindowTitle(tr("Find person"));
    setAccessibleName(tr("Find person"));

    auto *label = new QLabel(tr("&Name, reference or date of birth:"), this);
    label->setBuddy(m_search);
    m_search->setObjectName(QStringLiteral("personSearchBox"));
    m_search->setAccessibleName(tr("Name, reference or date of birth"));
    m_search->setAccessibleDescription(
        tr("The start of a given name, a family name or both, or of a reference, and a date of "
           "birth if known (day/month/year). Press Down to go to the people found, Enter to open "
           "the one highlighted."));
    m_search->setPlaceholderText(tr("For example: Lily Harg, C1002, or Harg 03/05/2016"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    m_results->setObjectName(QStringLiteral("personResults"));
    m_results->setAccessibleName(tr("People found"));
    m_results->setAccessibleDescription(tr("Enter or a double-click opens the person's record."));
    m_results->setHeaderLabels(
        {tr("Name"), tr("Reference"), tr("Date of birth"), tr("Allocated worker"), tr("Team")});
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setAllColumnsShowFocus(true);
    m_results->header()->setStretchLastSection(true);
    m_results->setColumnWidth(NameColumn, 220);
    m_results->setColumnWidth(RefColumn, 90);
    m_results->setColumnWidth(BornColumn, 100);
    m_results->setColumnWidth(WorkerColumn, 150);

    m_hint->setObjectName(QStringLiteral("findPersonHint"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));

    // Enter is handled by the search box and the list, never by a default button.
    m_open->setObjectName(QStringLiteral("openRecordButton"));
    m_open->setAutoDefault(false);
    m_open->setToolTip(tr("Open the highlighted person's record (Enter)"));
    m_buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_search);
    layout->addWidget(m_hint);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_buttons);
    setTabOrder(m_search, m_results);
    setTabOrder(m_results, m_open);
    setTabOrder(m_open, cancel);

    m_pause->setSingleShot(true);
    m_pause->setInterval(TypingPauseMs);
    connect(m_pause, &QTimer::timeout, this, &FindPersonDialog::search);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300);
    connect(m_busyDelay, &QTimer::timeout, this,
            [this] { m_hint->setText(tr("Searching\u2026")); });
    connect(m_search, &QLineEdit::textEdited, m_pause, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty())
            search();
    });
    connect(m_results, &QTreeWidget::itemActivated, this, &FindPersonDialog::openSelected);
    connect(m_results, &QTreeWidget::currentItemChanged, this, &FindPersonDialog::updateOpenButton);
    connect(m_open, &QPushButton::clicked, this, &FindPersonDialog::openSelected);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    search();
    resize(760, 440);
}

QString FindPersonDialog::hint() const
{
    return m_hint->text();
}

void FindPersonDialog::search()
{
    m_pause->stop();
    const QString text = m_search->text().simplified();
    m_searched = text;
    QString letters = text;
    letters.remove(QLatin1Char(' ')).remove(QLatin1Char(','));
    if (letters.size() < MinimumLength) {
        m_results->clear();
        m_searching = 0;
        m_busyDelay->stop();
        m_hint->setText(tr(
            "Type at least two letters of a name, the start of a reference, or a date of birth."));
        updateOpenButton();
        emit searchDone();
        return;
    }
    struct Found
    {
        QList<PersonDetails> people;
        QString error;
    };
    const quint64 asked = m_searching = ++m_searchesAsked;
    m_busyDelay->start();
    m_background
        .run([text](Database &db) {
            Found found;
            // One more than is shown, to know whether there are more.
            found.people = PersonRecordQuery(db).search(text, PersonRecordQuery::SearchLimit + 1,
                                                        &found.error);
            if (!db.isOpen() && found.error.isEmpty())
                found.error = tr("CaseDesk cannot reach the server just now.");
            return found;
        })
        .then(this, [this, asked, text](const Found &found) {
            if (asked == m_searching) // an answer to older text is of no use now
                showResults(text, found.people, found.error);
        });
}

void FindPersonDialog::showResults(const QString &text, QList<PersonDetails> people,
                                   const QString &error)
{
    m_searching = 0;
    m_busyDelay->stop();
    if (!error.isEmpty()) {
        m_results->clear();
        m_hint->setText(tr("CaseDesk could not search: %1").arg(error));
        m_openWhenFound = false;
        updateOpenButton();
        emit searchDone();
        return;
    }
    m_results->clear();
    const bool more = people.size() > PersonRecordQuery::SearchLimit;
    if (more)
        people.removeLast();
    for (const PersonDetails &person : std::as_const(people)) {
        auto *item = new QTreeWidgetItem(m_results);
        item->setText(NameColumn,
                      person.restricted ? tr("%1 (restricted)").arg(person.name()) : person.name());
        item->setText(RefColumn, person.ref);
        item->setText(BornColumn, person.dateOfBirth.toString(QStringLiteral("dd/MM/yyyy")));
        item->setText(WorkerColumn, person.allocatedWorkerName);
        item->setText(TeamColumn, person.teamName);
        item->setData(NameColumn, Qt::UserRole, person.id);
    }
    if (people.isEmpty())
        m_hint->setText(tr("No one found for \u201c%1\u201d. Check the spelling, or type the start "
                           "of the reference.")
                            .arg(text));
    else if (more)
        m_hint->setText(tr("The first %1 are shown. Type more of the name to narrow them.")
                            .arg(PersonRecordQuery::SearchLimit));
    else
        m_hint->setText(
            tr("%n found. Enter opens the highlighted record.", nullptr, int(people.size())));
    if (m_results->topLevelItemCount() > 0)
        m_results->setCurrentItem(m_results->topLevelItem(0));
    updateOpenButton();
    emit searchDone();
    if (m_openWhenFound) {
        m_openWhenFound = false;
        openSelected();
    }
}

qint64 FindPersonDialog::selectedPersonId() const
{
    const QTreeWidgetItem *item = m_results->currentItem();
    return item ? item->data(NameColumn, Qt::UserRole).toLongLong() : 0;
}

void FindPersonDialog::openSelected()
{
    if (m_search->text().simplified() != m_searched || isSearching()) {
        // Enter pressed before the pause ran out or the results came: open when they come.
        m_openWhenFound = true;
        if (m_search->text().simplified() != m_searched)
            search();
        return;
    }
    const qint64 personId = selectedPersonId();
    if (personId <= 0 || result() == QDialog::Accepted)
        return;
    emit personChosen(personId);
    accept();
}

void FindPersonDialog::updateOpenButton()
{
    m_open->setEnabled(selectedPersonId() > 0);
}

bool FindPersonDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            openSelected();
            return true;
        }
        if (key == Qt::Key_Down && m_results->topLevelItemCount() > 0) {
            m_results->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace casedesk
