#include "personrecordview.h"

#include "common/elidedlabel.h"
#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "historymodel.h"
#include "paper/paperoutput.h"
#include "paper/paperreader.h"
#include "storage/databasethread.h"
#include "workflow/workflowengine.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

QString dateText(const QDate &date)
{
    return date.isValid() ? date.toString(QStringLiteral("dd/MM/yyyy")) : QString();
}

QString dateTimeText(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm")) : QString();
}

QTreeWidget *newList(const QString &objectName, const QString &accessibleName,
                     const QStringList &headers, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setObjectName(objectName);
    list->setAccessibleName(accessibleName);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAllColumnsShowFocus(true);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->header()->setStretchLastSection(true);
    list->setMinimumHeight(90);
    return list;
}

// A list sized to its rows (up to `most`), so the left column reads as one page.
void fitHeight(QTreeWidget *list, int most)
{
    const int rows = qBound(1, list->topLevelItemCount(), most);
    const int row =
        list->sizeHintForRow(0) > 0 ? list->sizeHintForRow(0) : list->fontMetrics().height() + 6;
    list->setFixedHeight(list->header()->sizeHint().height() + rows * row + 2 * list->frameWidth() +
                         4);
}

QLabel *mutedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    return label;
}

} // namespace

PersonRecordView::PersonRecordView(DatabaseThread &background,
                                   const DefinitionRegistry &definitions, qint64 personId,
                                   const Actor &actor, QWidget *parent)
    : QWidget(parent), m_background(background), m_definitions(definitions), m_personId(personId),
      m_actor(actor)
{
    setObjectName(QStringLiteral("personRecordView"));
    setProperty("personId", personId);
    setAccessibleName(tr("Person record"));

    m_busyDelay = new QTimer(this);
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300); // quick answers never flash a busy sign
    connect(m_busyDelay, &QTimer::timeout, this, &PersonRecordView::showWaiting);

    m_pages = new QStackedWidget(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    m_openingPage = createOpeningPage();
    m_pages->addWidget(m_openingPage);
    open();
}

QString PersonRecordView::title() const
{
    switch (m_state) {
    case State::Opening:
        return tr("Opening the record\u2026");
    case State::Refused:
        return tr("Record not opened");
    case State::Open:
        break;
    }
    return tr("%1 (%2)").arg(m_record.person.name(), m_record.person.ref);
}

bool PersonRecordView::isBusy() const
{
    return m_waiting > 0 || (m_history && m_history->isReading());
}

QString PersonRecordView::busyText() const
{
    if (m_opening && m_opening->isVisibleTo(this))
        return m_opening->text();
    if (m_busy && m_busy->isVisibleTo(this))
        return m_busy->text();
    if (m_historyBusy && m_historyBusy->isVisibleTo(this))
        return m_historyBusy->text();
    return QString();
}

void PersonRecordView::beginWaiting(const QString &text)
{
    ++m_waiting;
    m_waitingFor = text;
    if (!m_busyDelay->isActive())
        m_busyDelay->start();
}

void PersonRecordView::endWaiting()
{
    if (--m_waiting > 0)
        return;
    m_waiting = 0;
    m_busyDelay->stop();
    m_opening->hide();
    if (m_busy)
        m_busy->hide();
}

void PersonRecordView::showWaiting()
{
    if (m_state != State::Open) {
        m_opening->setText(m_waitingFor);
        m_opening->show();
    } else if (m_busy) {
        m_busy->setText(m_waitingFor);
        m_busy->show();
    }
}

void PersonRecordView::open()
{
    m_state = State::Opening;
    m_reading = true;
    m_pages->setCurrentWidget(m_openingPage);
    beginWaiting(tr("Opening the record\u2026"));
    const qint64 personId = m_personId;
    const Actor actor = m_actor;
    // Runs on the database thread: copies in, values out.
    m_background
        .run([personId, actor, askedAbout = askedAboutWorker()](Database &db) {
            PersonRecordQuery query(db);
            query.setAskedAboutOnly(askedAbout);
            return query.read(personId, actor, true);
        })
        .then(this, [this](const RecordReading &reading) {
            endWaiting();
            showOpened(reading);
        });
}

void PersonRecordView::showOpened(const RecordReading &reading)
{
    if (!reading.status) {
        showRefusal(reading.status);
        m_reading = false;
        emit titleChanged(title());
        emit readDone();
        return;
    }
    m_state = State::Open;
    m_refusal.clear();
    if (!m_recordPage) {
        m_recordPage = createRecordPage();
        m_pages->addWidget(m_recordPage);
    }
    m_pages->setCurrentWidget(m_recordPage);
    m_record = reading.record;
    m_history->setFirstPage(reading.history, reading.historyError);
    showRecord();
    showViewers(reading.viewers, reading.viewersAllowed);
    readFinished();
}

void PersonRecordView::showRefusal(const Status &status)
{
    m_state = State::Refused;
    m_refusal = status.message();
    if (!m_refusedPage) {
        m_refusedPage = createRefusedPage();
        m_pages->addWidget(m_refusedPage);
    }
    m_refusedMessage->showError(m_refusal);
    // Only a lost connection may go better by itself; a refusal stays a refusal.
    const bool lost = status.code() == Status::Code::ServerUnreachable;
    m_tryAgain->setVisible(lost);
    m_refusedPage->findChild<QLabel *>(QStringLiteral("refusalNote"))->setVisible(!lost);
    m_pages->setCurrentWidget(m_refusedPage);
}

// After a read of an open record: the next one asked meanwhile, or readDone().
void PersonRecordView::readFinished()
{
    m_reading = false;
    const ReadAgain again = std::exchange(m_readAgain, ReadAgain::Nothing);
    if (again == ReadAgain::Record)
        reload();
    else if (again == ReadAgain::Work)
        refreshWork();
    if (!m_reading)
        emit readDone();
}

QWidget *PersonRecordView::createOpeningPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("openingPage"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(24, 24, 24, 24);
    m_opening = mutedLabel(tr("Opening the record\u2026"), page);
    m_opening->setObjectName(QStringLiteral("recordOpening"));
    m_opening->hide();
    layout->addWidget(m_opening);
    layout->addStretch(1);
    return page;
}

QWidget *PersonRecordView::createRefusedPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("refusedPage"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(24, 24, 24, 24);
    auto *heading = new QLabel(tr("This record cannot be opened"), page);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    heading->setFont(font);
    layout->addWidget(heading);
    m_refusedMessage = new InlineMessage(page);
    m_refusedMessage->setObjectName(QStringLiteral("refusalMessage"));
    m_refusedMessage->setAccessibleName(tr("Why the record was not opened"));
    layout->addWidget(m_refusedMessage);
    m_tryAgain = new QPushButton(tr("&Try again"), page);
    m_tryAgain->setObjectName(QStringLiteral("tryAgainButton"));
    m_tryAgain->setToolTip(tr("Open the record again once the connection is back (Alt+T)"));
    m_tryAgain->setAutoDefault(false);
    connect(m_tryAgain, &QPushButton::clicked, this, &PersonRecordView::open);
    layout->addWidget(m_tryAgain, 0, Qt::AlignLeft);
    QLabel *note = mutedLabel(tr("Restricted records can be seen only by the allocated worker, "
                                 "their team's managers and those given access. Ask the "
                                 "allocated worker or their manager if you need it."),
                              page);
    note->setObjectName(QStringLiteral("refusalNote"));
    layout->addWidget(note);
    layout->addStretch(1);
    // So that a screen reader and the keyboard reach the message.
    m_refusedMessage->setFocusPolicy(Qt::StrongFocus);
    return page;
}

QWidget *PersonRecordView::createRecordPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("recordPage"));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(6);

    m_heading = new ElidedLabel(page);
    m_heading->setObjectName(QStringLiteral("personHeading"));
    QFont font = m_heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.35);
    font.setBold(true);
    m_heading->setFont(font);
    m_subheading = mutedLabel(QString(), page);
    m_subheading->setObjectName(QStringLiteral("personSubheading"));
    layout->addWidget(m_heading);
    layout->addWidget(m_subheading);
    m_restrictedBanner = new InlineMessage(page);
    m_restrictedBanner->setObjectName(QStringLiteral("restrictedBanner"));
    layout->addWidget(m_restrictedBanner);

    auto *actions = new QHBoxLayout;
    actions->setSpacing(6);
    m_startWorkMenu = new QMenu(tr("Start work"), page);
    m_startWorkMenu->setObjectName(QStringLiteral("startWorkMenu"));
    // Only what the worker's role starts (forms/step-types startedByRoles); showRecord()
    // disables what does not fit this person (a visit to a child, on a parent's record).
    QList<StepTypeDefinition> startable;
    for (const StepTypeDefinition &type : m_definitions.stepTypes()) {
        if (type.startableFromRecord && type.startedByRoles.contains(m_actor.role))
            startable << type;
    }
    std::sort(
        startable.begin(), startable.end(),
        [](const StepTypeDefinition &a, const StepTypeDefinition &b) { return a.name < b.name; });
    for (const StepTypeDefinition &type : std::as_const(startable)) {
        QAction *action = m_startWorkMenu->addAction(type.name);
        action->setToolTip(type.description);
        action->setStatusTip(type.description);
        const QString name = type.name;
        m_startActions.insert(name, action);
        connect(action, &QAction::triggered, this, [this, name] { startWork(name); });
    }
    m_startWorkMenu->setToolTipsVisible(true);
    m_startWork = new QPushButton(tr("Start &work\u2026"), page);
    m_startWork->setObjectName(QStringLiteral("startWorkButton"));
    m_startWork->setAccessibleName(tr("Start work"));
    m_startWork->setToolTip(tr("Start a visit or an assessment for this person, assigned to you "
                               "(Alt+W)"));
    m_startWork->setAutoDefault(false);
    m_startWork->setMenu(m_startWorkMenu);
    m_startWork->setEnabled(!startable.isEmpty());
    if (startable.isEmpty())
        m_startWork->setToolTip(tr("As %1 you do not start visits or assessments from a record.")
                                    .arg(m_definitions.roleName(m_actor.role)));
    actions->addWidget(m_startWork);

    m_startDirectPayments = new QPushButton(tr("Start &Direct Payments\u2026"), page);
    m_startDirectPayments->setObjectName(QStringLiteral("startDirectPaymentsButton"));
    m_startDirectPayments->setAccessibleName(tr("Start Direct Payments"));
    m_startDirectPayments->setAutoDefault(false);
    connect(m_startDirectPayments, &QPushButton::clicked, this,
            [this] { emit startDirectPaymentsRequested(m_personId); });
    actions->addWidget(m_startDirectPayments);

    m_reload = new QPushButton(tr("Re&load"), page);
    m_reload->setObjectName(QStringLiteral("reloadRecordButton"));
    m_reload->setToolTip(tr("Read the record again (Alt+L)"));
    m_reload->setAutoDefault(false);
    connect(m_reload, &QPushButton::clicked, this, &PersonRecordView::reload);
    actions->addWidget(m_reload);
    actions->addWidget(paperButton(page));
    m_busy = mutedLabel(QString(), page);
    m_busy->setObjectName(QStringLiteral("recordBusy"));
    m_busy->hide();
    actions->addWidget(m_busy);
    actions->addStretch(1);
    layout->addLayout(actions);

    m_message = new InlineMessage(page);
    m_message->setObjectName(QStringLiteral("recordMessage"));
    layout->addWidget(m_message);
    // Roles that open only what they are asked about (roles.json opensRecords): the server
    // returns only that; say so rather than show an empty record.
    m_askedAbout = new InlineMessage(page);
    m_askedAbout->setObjectName(QStringLiteral("askedAboutNote"));
    if (!m_definitions.opensWholeRecords(m_actor.role))
        m_askedAbout->showMessage(
            InlineMessage::Kind::Information,
            tr("You can see the placement request you were asked about. The rest of the record "
               "is for the child's social worker and their team."));
    layout->addWidget(m_askedAbout);

    auto *splitter = new QSplitter(Qt::Horizontal, page);
    splitter->setObjectName(QStringLiteral("recordSplitter"));
    splitter->setChildrenCollapsible(false);
    auto *scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(createDetails(scroll));
    scroll->setMinimumWidth(430);
    splitter->addWidget(scroll);
    splitter->addWidget(createHistory(splitter));
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    // Actions, then the history (what is looked at most), then the lists on the left.
    setTabOrder(m_startWork, m_startDirectPayments);
    setTabOrder(m_startDirectPayments, m_reload);
    setTabOrder(m_reload, m_historyView);
    setTabOrder(m_historyView, m_showMore);
    setTabOrder(m_showMore, m_relationships);
    setTabOrder(m_relationships, m_episodes);
    setTabOrder(m_episodes, m_viewers);
    return page;
}

QWidget *PersonRecordView::createDetails(QWidget *parent)
{
    auto *column = new QWidget(parent);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 6, 0);

    auto *details = new QGroupBox(tr("Details"), column);
    details->setObjectName(QStringLiteral("detailsGroup"));
    auto *form = new QFormLayout(details);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QList<QPair<QString, QString>> fields{
        {QStringLiteral("reference"), tr("Reference")},
        {QStringLiteral("dateOfBirth"), tr("Date of birth")},
        {QStringLiteral("gender"), tr("Gender")},
        {QStringLiteral("address"), tr("Address")},
        {QStringLiteral("allocatedWorker"), tr("Allocated worker")},
        {QStringLiteral("team"), tr("Team")},
        {QStringLiteral("restricted"), tr("Restricted")},
    };
    for (const auto &[field, label] : fields) {
        auto *value = new QLabel(details);
        value->setObjectName(QStringLiteral("detail_") + field);
        value->setTextFormat(Qt::PlainText);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setAccessibleName(label);
        m_details.insert(field, value);
        form->addRow(label + QLatin1Char(':'), value);
    }
    layout->addWidget(details);

    auto *relationships = new QGroupBox(tr("&Relationships"), column);
    auto *relationshipsLayout = new QVBoxLayout(relationships);
    m_relationships =
        newList(QStringLiteral("relationshipsList"), tr("Relationships"),
                {tr("Name"), tr("Relationship"), tr("Parental responsibility")}, relationships);
    m_relationships->setColumnWidth(0, 150);
    m_relationships->setColumnWidth(1, 110);
    relationshipsLayout->addWidget(m_relationships);
    layout->addWidget(relationships);

    auto *episodes = new QGroupBox(tr("&Episodes"), column);
    auto *episodesLayout = new QVBoxLayout(episodes);
    m_episodes =
        newList(QStringLiteral("episodesList"), tr("Episodes"),
                {tr("Episode"), tr("Started"), tr("Ended"), tr("For / made to")}, episodes);
    m_episodes->setAccessibleDescription(tr("Enter or a double-click opens the episode's "
                                            "workspace."));
    const int dateWidth =
        m_episodes->fontMetrics().horizontalAdvance(QStringLiteral("00/00/0000")) + 18;
    m_episodes->setColumnWidth(0, 118);
    m_episodes->setColumnWidth(1, dateWidth);
    m_episodes->setColumnWidth(2, dateWidth);
    m_episodes->headerItem()->setToolTip(3, tr("Who the payment is for / made to"));
    connect(m_episodes, &QTreeWidget::itemActivated, this, &PersonRecordView::openEpisode);
    episodesLayout->addWidget(m_episodes);
    layout->addWidget(episodes);

    auto *viewers = new QGroupBox(tr("Who has &viewed this record"), column);
    viewers->setObjectName(QStringLiteral("viewersGroup"));
    auto *viewersLayout = new QVBoxLayout(viewers);
    m_viewers = newList(QStringLiteral("viewersList"), tr("Who has viewed this record"),
                        {tr("When"), tr("Who"), tr("Acting as")}, viewers);
    m_viewers->setColumnWidth(0, 120);
    m_viewers->setColumnWidth(1, 150);
    m_viewersNote = mutedLabel(QString(), viewers);
    m_viewersNote->setObjectName(QStringLiteral("viewersNote"));
    viewersLayout->addWidget(m_viewers);
    viewersLayout->addWidget(m_viewersNote);
    layout->addWidget(viewers);
    layout->addStretch(1);
    relationships->setObjectName(QStringLiteral("relationshipsGroup"));
    episodes->setObjectName(QStringLiteral("episodesGroup"));
    if (!m_definitions.opensWholeRecords(m_actor.role)) {
        relationships->hide();
        episodes->hide();
        viewers->hide();
    }
    return column;
}

QWidget *PersonRecordView::createHistory(QWidget *parent)
{
    auto *group = new QGroupBox(tr("&History"), parent);
    group->setObjectName(QStringLiteral("historyGroup"));
    auto *layout = new QVBoxLayout(group);
    m_historySummary = mutedLabel(QString(), group);
    m_historySummary->setObjectName(QStringLiteral("historySummary"));
    layout->addWidget(m_historySummary);

    m_history = new HistoryModel(m_background, m_personId, askedAboutWorker(), this);
    m_historyView = new QTreeView(group);
    m_historyView->setObjectName(QStringLiteral("historyView"));
    m_historyView->setAccessibleName(tr("History of steps and requests"));
    m_historyView->setAccessibleDescription(
        tr("Newest first. Enter or a double-click opens the step; finished steps open "
           "read-only."));
    m_historyView->setRootIsDecorated(false);
    m_historyView->setUniformRowHeights(true);
    m_historyView->setAllColumnsShowFocus(true);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_historyView->setModel(m_history);
    // The step or request takes the room there is; the rest fit their contents.
    QHeaderView *header = m_historyView->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(HistoryModel::DateColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(HistoryModel::TitleColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(HistoryModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(HistoryModel::WhoColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(HistoryModel::ClosedColumn, QHeaderView::Interactive);
    header->setMinimumSectionSize(60);
    m_historyView->setColumnWidth(HistoryModel::WhoColumn, 150);
    m_historyView->setColumnWidth(HistoryModel::ClosedColumn, 190);
    m_historyView->setTextElideMode(Qt::ElideRight);
    connect(m_historyView, &QTreeView::activated, this, &PersonRecordView::openHistoryRow);
    layout->addWidget(m_historyView, 1);

    auto *more = new QHBoxLayout;
    m_showMore = new QPushButton(tr("Show &more"), group);
    m_showMore->setObjectName(QStringLiteral("showMoreHistoryButton"));
    m_showMore->setToolTip(tr("Read the next %1 (Alt+M); scrolling to the end does too")
                               .arg(PersonRecordQuery::HistoryPageSize));
    m_showMore->setAutoDefault(false);
    connect(m_showMore, &QPushButton::clicked, this, [this] {
        m_history->readMore();
        m_historyView->scrollToBottom();
    });
    // Scrolling to the end reads the next page too.
    QScrollBar *scroll = m_historyView->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, [this, scroll](int value) {
        if (value > 0 && value == scroll->maximum())
            m_history->readMore();
    });
    m_historyBusy = mutedLabel(tr("Reading more history\u2026"), group);
    m_historyBusy->setObjectName(QStringLiteral("historyBusy"));
    m_historyBusy->hide();
    m_historyBusyDelay = new QTimer(this);
    m_historyBusyDelay->setSingleShot(true);
    m_historyBusyDelay->setInterval(300);
    connect(m_historyBusyDelay, &QTimer::timeout, m_historyBusy, &QWidget::show);
    connect(m_history, &HistoryModel::readingChanged, this, [this](bool reading) {
        m_showMore->setEnabled(!reading);
        if (reading) {
            m_historyBusyDelay->start();
        } else {
            m_historyBusyDelay->stop();
            m_historyBusy->hide();
        }
    });
    more->addWidget(m_historyBusy);
    more->addStretch(1);
    more->addWidget(m_showMore);
    layout->addLayout(more);
    connect(m_history, &HistoryModel::loaded, this, &PersonRecordView::updateHistorySummary);
    updateHistorySummary();
    return group;
}

QLabel *PersonRecordView::detailLabel(const QString &field) const
{
    return m_details.value(field);
}

void PersonRecordView::showRecord()
{
    const PersonDetails &person = m_record.person;
    m_heading->setText(person.name());
    QStringList facts{person.ref};
    if (person.dateOfBirth.isValid())
        facts << tr("born %1").arg(dateText(person.dateOfBirth));
    if (!person.allocatedWorkerName.isEmpty())
        facts << tr("allocated to %1").arg(person.allocatedWorkerName);
    m_subheading->setText(facts.join(QStringLiteral(" \u00b7 ")));
    if (person.restricted)
        m_restrictedBanner->showMessage(
            InlineMessage::Kind::Warning,
            tr("Restricted record: only the allocated worker, their team's managers and those "
               "given access can see it. Every opening is recorded."));
    else
        m_restrictedBanner->clearMessage();

    const int age = person.ageOn(QDate::currentDate());
    m_details.value(QStringLiteral("reference"))->setText(person.ref);
    m_details.value(QStringLiteral("dateOfBirth"))
        ->setText(!person.dateOfBirth.isValid() ? tr("Not recorded")
                  : age >= 0 ? tr("%1 (age %2)").arg(dateText(person.dateOfBirth)).arg(age)
                             : dateText(person.dateOfBirth));
    m_details.value(QStringLiteral("gender"))
        ->setText(person.gender.isEmpty() ? tr("Not recorded") : person.gender);
    m_details.value(QStringLiteral("address"))
        ->setText(person.address.isEmpty() ? tr("Not recorded") : person.address);
    m_details.value(QStringLiteral("allocatedWorker"))
        ->setText(person.allocatedWorkerName.isEmpty() ? tr("Not allocated")
                                                       : person.allocatedWorkerName);
    m_details.value(QStringLiteral("team"))
        ->setText(person.teamName.isEmpty() ? tr("No team") : person.teamName);
    m_details.value(QStringLiteral("restricted"))
        ->setText(person.restricted ? tr("Yes") : tr("No"));

    for (auto it = m_startActions.cbegin(); it != m_startActions.cend(); ++it) {
        const QString why = m_definitions.whyCannotStartFromRecord(it.key(), m_actor.role,
                                                                   person.isChild, person.name());
        it.value()->setEnabled(why.isEmpty());
        if (const StepTypeDefinition *type = m_definitions.stepType(it.key()))
            it.value()->setToolTip(why.isEmpty() ? type->description : why);
    }
    // Who starts Direct Payments: the roles that start its referral (forms/step-types).
    const StepTypeDefinition *referral = m_definitions.stepType(dp::Referral);
    const QStringList starters = referral ? referral->startedByRoles : QStringList();
    const bool mayStartDp = starters.contains(m_actor.role);
    m_startDirectPayments->setEnabled(mayStartDp && person.isChild);
    m_startDirectPayments->setToolTip(
        !mayStartDp
            ? tr("Only a %1 can start Direct Payments.").arg(m_definitions.roleNames(starters))
        : person.isChild
            ? tr("Record the event Start Direct Payments and open a Direct Payments episode "
                 "(Alt+D)")
            : tr("Direct Payments are started from the child's record."));
    showRelationships();
    showEpisodes();
    emit titleChanged(title());
}

void PersonRecordView::showRelationships()
{
    m_relationships->clear();
    for (const RelationshipEntry &entry : std::as_const(m_record.relationships)) {
        auto *item = new QTreeWidgetItem(m_relationships);
        item->setText(0, entry.name);
        // Recorded on the other person: say what this person is to them.
        item->setText(1, entry.inverse ? tr("This person is their %1").arg(entry.relationship)
                                       : entry.relationship);
        item->setText(2, entry.parentalResponsibility  ? tr("Yes")
                         : entry.thisPersonResponsible ? tr("This person has it")
                                                       : tr("No"));
        item->setData(0, Qt::UserRole, entry.personId);
        item->setToolTip(0, entry.ref);
    }
    if (m_record.relationships.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_relationships, {tr("No relationships recorded.")});
        item->setFlags(Qt::ItemIsEnabled);
    }
    fitHeight(m_relationships, 6);
}

void PersonRecordView::showEpisodes()
{
    m_episodes->clear();
    for (const EpisodeRecord &episode : std::as_const(m_record.episodes)) {
        auto *item = new QTreeWidgetItem(m_episodes);
        item->setText(0, episode.episodeType);
        item->setText(1, dateText(episode.startDate));
        item->setText(2, episode.isOpen() ? tr("Open") : dateText(episode.endDate));
        item->setText(3, episode.paymentForName);
        item->setToolTip(
            3, episode.paymentForRelationship.isEmpty()
                   ? episode.paymentForName
                   : tr("%1 (%2)").arg(episode.paymentForName, episode.paymentForRelationship));
        item->setData(0, Qt::UserRole, episode.id);
    }
    if (m_record.episodes.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_episodes, {tr("No episodes.")});
        item->setFlags(Qt::ItemIsEnabled);
    }
    fitHeight(m_episodes, 5);
}

void PersonRecordView::showViewers(const QList<RecordView> &views, bool allowed)
{
    m_viewers->clear();
    // The server decides who may see this; a refusal is a note, never an error.
    m_viewers->setVisible(allowed);
    if (!allowed) {
        m_viewersNote->setText(tr("Only the allocated worker and their team's managers can see "
                                  "who has opened this record."));
        m_viewersNote->show();
        return;
    }
    const int shown = int(qMin<qsizetype>(views.size(), PersonRecordQuery::ViewersShown));
    for (int i = 0; i < shown; ++i) {
        const RecordView &view = views.at(i);
        auto *item = new QTreeWidgetItem(m_viewers);
        item->setText(0, dateTimeText(view.viewedAt));
        item->setText(1, view.workerName.isEmpty() ? view.username : view.workerName);
        item->setText(2, m_definitions.roleName(view.actingRole));
    }
    m_viewersNote->setText(views.size() > shown
                               ? tr("The latest %1 openings; there are earlier ones.").arg(shown)
                               : QString());
    m_viewersNote->setVisible(views.size() > shown);
    fitHeight(m_viewers, 6);
}

void PersonRecordView::updateHistorySummary()
{
    const int shown = m_history->rowCount();
    const int total = m_history->total();
    if (!m_history->error().isEmpty())
        m_historySummary->setText(
            tr("CaseDesk could not read the history: %1").arg(m_history->error()));
    else if (total == 0)
        m_historySummary->setText(tr("No steps or requests yet."));
    else if (shown < total)
        m_historySummary->setText(
            tr("The newest %1 of %2 steps and requests. Scroll to the end, or Show more, to see "
               "older ones.")
                .arg(shown)
                .arg(total));
    else if (total == 1)
        m_historySummary->setText(tr("One step so far."));
    else
        m_historySummary->setText(tr("All %1 steps and requests, newest first.").arg(total));
    m_showMore->setVisible(shown < total);
}

void PersonRecordView::openHistoryRow(const QModelIndex &index)
{
    const qint64 stepId = index.data(HistoryModel::StepIdRole).toLongLong();
    if (stepId > 0)
        emit openStepRequested(stepId);
}

void PersonRecordView::openEpisode()
{
    const QTreeWidgetItem *item = m_episodes->currentItem();
    const qint64 episodeId = item ? item->data(0, Qt::UserRole).toLongLong() : 0;
    if (episodeId > 0)
        emit openEpisodeRequested(episodeId);
}

void PersonRecordView::reload()
{
    if (m_state != State::Open)
        return;
    if (m_reading) {
        m_readAgain = ReadAgain::Record;
        return;
    }
    m_reading = true;
    beginWaiting(tr("Reading the record again\u2026"));
    const qint64 personId = m_personId;
    const Actor actor = m_actor;
    m_background
        .run([personId, actor, askedAbout = askedAboutWorker()](Database &db) {
            PersonRecordQuery query(db);
            query.setAskedAboutOnly(askedAbout);
            return query.read(personId, actor, false);
        })
        .then(this, [this](const RecordReading &reading) {
            endWaiting();
            showReadAgain(reading);
        });
}

void PersonRecordView::showReadAgain(const RecordReading &reading)
{
    if (!reading.status) {
        // What is on screen stays; the message says why it is not new.
        m_message->showError(reading.status.message());
    } else {
        m_record = reading.record;
        m_history->setFirstPage(reading.history, reading.historyError);
        showRecord();
        showViewers(reading.viewers, reading.viewersAllowed);
    }
    readFinished();
}

void PersonRecordView::refreshWork()
{
    if (m_state != State::Open || m_ownChange)
        return;
    if (m_reading) {
        if (m_readAgain == ReadAgain::Nothing)
            m_readAgain = ReadAgain::Work;
        return;
    }
    m_reading = true;
    // Someone reading older pages keeps them; Reload (or work started here) reads the history
    // again from the top.
    const bool history = std::exchange(m_wholeHistory, false) ||
                         m_history->rowCount() <= PersonRecordQuery::HistoryPageSize;
    struct Read
    {
        QList<EpisodeRecord> episodes;
        QString episodesError;
        bool history = false;
        HistoryPage page;
        QString historyError;
        bool lost = false;
    };
    beginWaiting(tr("Reading the record again\u2026"));
    const qint64 personId = m_personId;
    m_background
        .run([personId, history](Database &db) {
            Read read;
            PersonRecordQuery query(db);
            read.episodes = query.episodes(personId, &read.episodesError);
            read.history = history;
            if (history)
                read.page = query.history(personId, 0, PersonRecordQuery::HistoryPageSize,
                                          &read.historyError);
            read.lost = PersonRecordQuery::isConnectionLost(db);
            return read;
        })
        .then(this, [this](const Read &read) {
            endWaiting();
            if (read.lost)
                m_message->showError(PersonRecordQuery::connectionLostMessage());
            if (read.episodesError.isEmpty()) {
                const QTreeWidgetItem *episode = m_episodes->currentItem();
                const qint64 episodeId = episode ? episode->data(0, Qt::UserRole).toLongLong() : 0;
                m_record.episodes = read.episodes;
                showEpisodes();
                for (int row = 0; row < m_episodes->topLevelItemCount(); ++row) {
                    QTreeWidgetItem *item = m_episodes->topLevelItem(row);
                    if (episodeId > 0 && item->data(0, Qt::UserRole).toLongLong() == episodeId)
                        m_episodes->setCurrentItem(item);
                }
            }
            if (read.history && read.historyError.isEmpty()) {
                const QModelIndex current = m_historyView->currentIndex();
                const qint64 stepId = current.data(HistoryModel::StepIdRole).toLongLong();
                const qint64 requestId = current.data(HistoryModel::RequestIdRole).toLongLong();
                m_history->setFirstPage(read.page, read.historyError);
                for (int row = 0; stepId > 0 && row < m_history->rowCount(); ++row) {
                    const QModelIndex index = m_history->index(row, 0);
                    if (index.data(HistoryModel::StepIdRole).toLongLong() == stepId &&
                        index.data(HistoryModel::RequestIdRole).toLongLong() == requestId) {
                        m_historyView->setCurrentIndex(index);
                        break;
                    }
                }
            }
            readFinished();
        });
}

void PersonRecordView::startWork(const QString &stepType)
{
    if (m_state != State::Open)
        return;
    struct Started
    {
        qint64 stepId = -1;
        Status created;
        Status started;
    };
    m_startWork->setEnabled(false); // one at a time: a second press would make a second step
    beginWaiting(tr("Starting %1\u2026").arg(stepType));
    const qint64 personId = m_personId;
    const Actor actor = m_actor;
    const DefinitionRegistry *definitions = &m_definitions; // shared, read-only
    m_background
        .run([personId, stepType, actor, definitions](Database &db) {
            Started result;
            WorkflowEngine engine(db, *definitions);
            result.stepId =
                engine.createStep(personId, stepType, Assignee::me(), actor, &result.created);
            if (result.stepId > 0)
                result.started = engine.startStep(result.stepId, actor);
            return result;
        })
        .then(this, [this, stepType](const Started &result) {
            endWaiting();
            m_startWork->setEnabled(!m_startWorkMenu->actions().isEmpty());
            if (result.stepId <= 0) {
                m_message->showError(result.created.message());
                return;
            }
            m_wholeHistory = true;
            refreshWork();
            m_ownChange = true; // this view has just asked for its own refresh
            emit workChanged();
            m_ownChange = false;
            if (!result.started) {
                m_message->showError(
                    tr("%1 was added to your incoming work but could not be started: %2")
                        .arg(stepType, result.started.message()));
                return;
            }
            m_message->showMessage(InlineMessage::Kind::Success,
                                   tr("Started %1 for %2.").arg(stepType, m_record.person.name()));
            emit stepStarted(result.stepId);
        });
}

QPushButton *PersonRecordView::paperButton(QWidget *page)
{
    const qint64 personId = m_personId;
    const Actor actor = m_actor;
    const DefinitionRegistry *definitions = &m_definitions;
    auto *menu = new QMenu(page);
    menu->addActions(PaperOutput::actions(
        this,
        [this, personId, actor, definitions] {
            return m_background.run([personId, actor, definitions](Database &db) {
                return PaperReader(db, *definitions).personRecord(personId, actor);
            });
        },
        [this](bool succeeded, const QString &message) {
            if (!message.isEmpty())
                m_message->showMessage(
                    succeeded ? InlineMessage::Kind::Success : InlineMessage::Kind::Error, message);
        }));
    auto *button = new QPushButton(tr("&Print…"), page);
    button->setObjectName(QStringLiteral("printRecordButton"));
    button->setToolTip(tr("Print the record's summary or save it as a PDF"));
    button->setAutoDefault(false);
    button->setMenu(menu);
    return button;
}

} // namespace casedesk
