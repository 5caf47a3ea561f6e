#include "firstreviewdialog.h"

#include "common/inlinemessage.h"
#include "directpayments/dpnames.h"
#include "domain/sensibledates.h"
#include "dpbusy.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeEdit>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace casedesk {

namespace {

constexpr int TypingPauseMs = 250;
constexpr int MinimumLetters = 2;

InlineMessage *fieldMessage(QWidget *parent, const QString &name)
{
    auto *message = new InlineMessage(parent);
    message->setObjectName(name);
    message->setBoxed(false);
    return message;
}

QString panelText(const PanelRecord &panel)
{
    // Reviews are not new requests: the last submission date does not apply to them.
    return FirstReviewDialog::tr("%1 – %2").arg(
        DirectPayments::formatDateTime(panel.meetingAt),
        panel.location.isEmpty() ? FirstReviewDialog::tr("no location") : panel.location);
}

} // namespace

FirstReviewDialog::FirstReviewDialog(const DpContext &context, const QList<PanelRecord> &panels,
                                     const QList<QPair<qint64, QString>> &workers, QWidget *parent)
    : QDialog(parent), m_context(context), m_panelList(panels), m_search(new QLineEdit(this)),
      m_results(new QTreeWidget(this)), m_hint(new QLabel(this)),
      m_paymentStart(new QDateEdit(this)), m_paymentFor(new QComboBox(this)),
      m_panels(new QComboBox(this)), m_time(new QTimeEdit(this)), m_workers(new QComboBox(this)),
      m_message(new InlineMessage(this)),
      m_childMessage(fieldMessage(this, QStringLiteral("childMessage"))),
      m_paymentStartMessage(fieldMessage(this, QStringLiteral("paymentStartMessage"))),
      m_paymentForMessage(fieldMessage(this, QStringLiteral("paymentForMessage"))),
      m_meetingMessage(fieldMessage(this, QStringLiteral("meetingMessage"))),
      m_workerMessage(fieldMessage(this, QStringLiteral("workerMessage"))),
      m_busy(new BusyNote(QStringLiteral("firstReviewBusy"), this)), m_pause(new QTimer(this))
{
    setObjectName(QStringLiteral("firstReviewDialog"));
    setWindowTitle(tr("Schedule first review"));
    setAccessibleName(tr("Schedule first review"));
    m_message->setObjectName(QStringLiteral("firstReviewMessage"));

    // The child.
    m_search->setObjectName(QStringLiteral("childSearch"));
    m_search->setAccessibleName(tr("Child's name or reference"));
    m_search->setAccessibleDescription(
        tr("The start of a given name, a family name or both, or of a reference. Enter searches "
           "now; Down goes to the children found."));
    m_search->setPlaceholderText(tr("For example: Hana, or C1002"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_results->setObjectName(QStringLiteral("childResults"));
    m_results->setAccessibleName(tr("Children found"));
    m_results->setHeaderLabels(
        {tr("Name"), tr("Reference"), tr("Date of birth"), tr("Allocated worker")});
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setAllColumnsShowFocus(true);
    m_results->header()->setStretchLastSection(true);
    m_results->setColumnWidth(0, 180);
    m_results->setColumnWidth(1, 85);
    m_results->setColumnWidth(2, 95);
    m_results->setMinimumHeight(110);
    m_results->setMaximumHeight(170);
    m_hint->setObjectName(QStringLiteral("childSearchHint"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));

    // The existing payment.
    m_paymentStart->setObjectName(QStringLiteral("paymentStartDate"));
    m_paymentStart->setCalendarPopup(true);
    m_paymentStart->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    m_paymentStart->setDateRange(SensibleDates::earliest(), SensibleDates::latest());
    m_paymentStart->setDate(context.dp.today());
    m_paymentStart->setAccessibleName(tr("Date the direct payment started"));
    m_paymentFor->setObjectName(QStringLiteral("paymentFor"));
    m_paymentFor->setAccessibleName(tr("Person the payment is for / made to"));

    // The review meeting.
    for (const PanelRecord &panel : panels)
        m_panels->addItem(panelText(panel), panel.id);
    m_panels->setObjectName(QStringLiteral("reviewPanelChoice"));
    m_panels->setAccessibleName(tr("Date of the review meeting (a panel)"));
    m_time->setObjectName(QStringLiteral("reviewTime"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));
    m_time->setAccessibleName(tr("Time of the review meeting"));
    const auto panelChosen = [this](int index) {
        if (index >= 0 && index < m_panelList.size())
            m_time->setTime(m_panelList.at(index).meetingAt.time());
    };
    connect(m_panels, &QComboBox::currentIndexChanged, this, panelChosen);
    panelChosen(m_panels->currentIndex());
    m_workers->addItem(tr("Not chosen yet"), qint64(0));
    for (const auto &worker : workers)
        m_workers->addItem(worker.second, worker.first);
    m_workers->setObjectName(QStringLiteral("allocatedWorker"));
    m_workers->setAccessibleName(tr("Allocated worker (writes the pre-meeting report)"));

    auto *intro = new QLabel(
        tr("For a child who already has a direct payment that has never been reviewed at panel. "
           "Opens their Direct Payments episode (unless one is open), sets the review meeting "
           "and sends the pre-meeting report to the allocated worker."),
        this);
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Child:"), m_search);
    form->addRow(QString(), m_hint);
    form->addRow(QString(), m_results);
    form->addRow(QString(), m_childMessage);
    form->addRow(tr("Payment &started on:"), m_paymentStart);
    form->addRow(QString(), m_paymentStartMessage);
    form->addRow(tr("Payment &for / made to:"), m_paymentFor);
    form->addRow(QString(), m_paymentForMessage);
    auto *when = new QHBoxLayout;
    when->addWidget(m_panels, 1);
    when->addWidget(m_time);
    form->addRow(tr("Review &meeting:"), when);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(when)))
        label->setBuddy(m_panels);
    form->addRow(QString(), m_meetingMessage);
    form->addRow(tr("&Allocated worker:"), m_workers);
    form->addRow(QString(), m_workerMessage);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Schedule"));
    m_ok->setObjectName(QStringLiteral("scheduleButton"));
    // Enter in the search box searches; it never schedules.
    m_ok->setAutoDefault(false);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { tryAccept(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &FirstReviewDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);
    setTabOrder(m_search, m_results);
    setTabOrder(m_results, m_paymentStart);
    setTabOrder(m_paymentStart, m_paymentFor);
    setTabOrder(m_paymentFor, m_panels);
    setTabOrder(m_panels, m_time);
    setTabOrder(m_time, m_workers);
    setTabOrder(m_workers, m_ok);
    setTabOrder(m_ok, m_cancel);

    m_pause->setSingleShot(true);
    m_pause->setInterval(TypingPauseMs);
    connect(m_pause, &QTimer::timeout, this, &FirstReviewDialog::search);
    connect(m_search, &QLineEdit::textEdited, m_pause, qOverload<>(&QTimer::start));
    connect(m_results, &QTreeWidget::currentItemChanged, this, &FirstReviewDialog::childChosen);
    search();
    childChosen();
    setMinimumWidth(620);
}

void FirstReviewDialog::search()
{
    m_pause->stop();
    const QString text = m_search->text().simplified();
    QString letters = text;
    letters.remove(QLatin1Char(' ')).remove(QLatin1Char(','));
    if (letters.size() < MinimumLetters) {
        if (std::exchange(m_searching, 0) != 0)
            m_busy->end();
        showResults(text, {}, QString());
        return;
    }
    struct Found
    {
        QList<PersonDetails> people;
        QString error;
    };
    if (m_searching == 0)
        m_busy->begin(tr("Searching\u2026"));
    const quint64 asked = m_searching = ++m_searchesAsked;
    updateButtons();
    m_context.background
        .run([text](Database &db) {
            Found found;
            found.people =
                PersonRecordQuery(db).search(text, PersonRecordQuery::SearchLimit, &found.error);
            if (PersonRecordQuery::isConnectionLost(db))
                found.error = PersonRecordQuery::connectionLostMessage();
            return found;
        })
        .then(this, [this, asked, text](const Found &found) {
            if (asked != m_searching)
                return; // an answer to older text is of no use now
            m_searching = 0;
            m_busy->end();
            showResults(text, found.people, found.error);
        });
}

void FirstReviewDialog::showResults(const QString &text, const QList<PersonDetails> &people,
                                    const QString &error)
{
    const qint64 chosen = selectedChildId();
    m_results->clear();
    m_found.clear();
    QString letters = text;
    letters.remove(QLatin1Char(' ')).remove(QLatin1Char(','));
    if (letters.size() < MinimumLetters) {
        m_hint->setText(tr("Type at least two letters of the child's name, or the start of the "
                           "reference."));
    } else if (!error.isEmpty()) {
        m_hint->setText(tr("CaseDesk could not search: %1").arg(error));
    } else {
        // Reviews are of children's payments: adults found by the same words are left out.
        for (const PersonDetails &person : people) {
            if (!person.isChild)
                continue;
            m_found << person;
            auto *item = new QTreeWidgetItem(m_results);
            item->setText(0, person.name());
            item->setText(1, person.ref);
            item->setText(2, DirectPayments::formatDate(person.dateOfBirth));
            item->setText(3, person.allocatedWorkerName);
            item->setData(0, Qt::UserRole, person.id);
            if (person.id == chosen)
                m_results->setCurrentItem(item);
        }
        if (m_found.isEmpty())
            m_hint->setText(tr("No child found for \u201c%1\u201d.").arg(text));
        else
            m_hint->setText(tr("Children found: %n. Choose the one whose review this is.", nullptr,
                               int(m_found.size())));
        if (!m_results->currentItem() && m_results->topLevelItemCount() > 0)
            m_results->setCurrentItem(m_results->topLevelItem(0));
    }
    childChosen();
    emit readDone();
}

qint64 FirstReviewDialog::selectedChildId() const
{
    const QTreeWidgetItem *item = m_results->currentItem();
    return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
}

void FirstReviewDialog::childChosen()
{
    const qint64 childId = selectedChildId();
    if (childId == m_peopleFor)
        return; // offered already, or on their way
    m_peopleFor = childId;
    const qint64 previousFor = m_paymentFor->currentData().toLongLong();
    m_paymentFor->clear();
    m_paymentFor->addItem(tr("Not chosen yet"), qint64(0));
    m_paymentFor->setEnabled(false);
    const quint64 asked = ++m_peopleAsked; // an answer for another child is of no use now
    if (std::exchange(m_readingPeople, false))
        m_busy->end();
    // The child's allocated worker usually writes the report; the administrator may change it.
    for (const PersonDetails &person : std::as_const(m_found)) {
        if (person.id != childId)
            continue;
        if (const int index = m_workers->findData(person.allocatedWorkerId); index > 0)
            m_workers->setCurrentIndex(index);
    }
    if (childId <= 0) {
        updateButtons();
        if (std::exchange(m_acceptWhenRead, false) && m_searching == 0)
            tryAccept();
        return;
    }
    struct People
    {
        QList<RelatedPerson> people;
        bool lost = false;
    };
    m_readingPeople = true;
    m_busy->begin(tr("Reading who the payment can be for\u2026"));
    updateButtons();
    m_context
        .ask([childId](DirectPayments &dp) {
            People read;
            read.people = dp.relatedPeople(childId);
            read.lost = dp.connectionLost();
            return read;
        })
        .then(this, [this, asked, previousFor](const People &read) {
            if (asked != m_peopleAsked)
                return;
            m_readingPeople = false;
            m_busy->end();
            if (read.lost)
                m_peopleFor = -1; // read again when the child is chosen again
            if (read.lost)
                m_paymentForMessage->showError(
                    tr("Who the payment can be for could not be read. %1")
                        .arg(DirectPayments::connectionLostMessage()));
            for (const RelatedPerson &person : read.people) {
                QString text = tr("%1 – %2").arg(person.name, person.relationship);
                if (person.parentalResponsibility)
                    text += tr(" (parental responsibility)");
                m_paymentFor->addItem(text, person.personId);
            }
            if (const int kept = m_paymentFor->findData(previousFor); kept > 0)
                m_paymentFor->setCurrentIndex(kept);
            updateButtons();
            emit readDone();
            if (std::exchange(m_acceptWhenRead, false) && !read.lost)
                tryAccept();
        });
}

void FirstReviewDialog::updateButtons()
{
    m_paymentFor->setEnabled(selectedChildId() > 0 && !m_readingPeople && !m_scheduling);
    m_ok->setEnabled(!m_scheduling);
    m_cancel->setEnabled(!m_scheduling);
}

QLabel *FirstReviewDialog::busyNote() const
{
    return m_busy;
}

bool FirstReviewDialog::isBusy() const
{
    return m_busy->isWaiting();
}

void FirstReviewDialog::reject()
{
    if (!m_scheduling)
        QDialog::reject();
}

void FirstReviewDialog::clearMessages()
{
    for (InlineMessage *message : {m_message, m_childMessage, m_paymentStartMessage,
                                   m_paymentForMessage, m_meetingMessage, m_workerMessage})
        message->clearMessage();
}

bool FirstReviewDialog::tryAccept()
{
    if (m_scheduling)
        return false;
    clearMessages();
    if (m_search->text().simplified() != QString() && m_pause->isActive())
        search(); // OK pressed before the typing pause ran out
    if (m_searching != 0 || m_readingPeople) {
        // The child or who the payment is for is still on its way: schedule once it lands.
        m_acceptWhenRead = true;
        return true;
    }
    const qint64 childId = selectedChildId();
    if (childId <= 0) {
        m_childMessage->showError(tr("Find the child and choose them in the list."));
        m_search->setFocus();
        return false;
    }
    const int panel = m_panels->currentIndex();
    if (panel < 0 || panel >= m_panelList.size()) {
        m_meetingMessage->showError(tr("There is no panel in the timetable to hold the review "
                                       "at: add a panel first."));
        return false;
    }
    struct Scheduled
    {
        qint64 reportId = 0;
        Status status;
    };
    const QDateTime meetingAt(m_panelList.at(panel).meetingAt.date(), m_time->time());
    const QDate paymentStart = m_paymentStart->date();
    const qint64 paymentFor = m_paymentFor->currentData().toLongLong();
    const qint64 workerId = m_workers->currentData().toLongLong();
    const Actor actor = m_context.actor;
    const QString childName = m_results->currentItem()->text(0);
    m_scheduling = true;
    m_busy->begin(tr("Scheduling the review\u2026"));
    updateButtons();
    m_context
        .ask([=](DirectPayments &dp) {
            Scheduled scheduled;
            scheduled.reportId = dp.scheduleFirstReview(
                childId, paymentStart, paymentFor, meetingAt, workerId, actor, &scheduled.status);
            if (scheduled.reportId <= 0 && dp.connectionLost())
                scheduled.status = Status::failure(scheduled.status.message() + QLatin1Char(' ') +
                                                       DirectPayments::connectionLostMessage(),
                                                   Status::Code::ServerUnreachable);
            return scheduled;
        })
        .then(this, [this, childName](const Scheduled &scheduled) {
            m_busy->end();
            m_scheduling = false;
            updateButtons();
            if (scheduled.reportId <= 0) {
                showRefusal(scheduled.status);
                emit readDone();
                return;
            }
            m_reportId = scheduled.reportId;
            m_scheduledChild = childName;
            emit readDone();
            accept();
        });
    return true;
}

void FirstReviewDialog::showRefusal(const Status &status)
{
    // Under the field the refusal is about, and the keyboard goes there.
    const QString text = status.message();
    const QString field = status.field();
    if (field == dp::Field::AllocatedWorker) {
        m_workerMessage->showError(text);
        m_workers->setFocus();
    } else if (field == dp::Field::PaymentFor) {
        m_paymentForMessage->showError(text);
        m_paymentFor->setFocus();
    } else if (field == dp::Field::Child) {
        m_childMessage->showError(text);
        m_results->setFocus();
    } else if (field == dp::Field::PaymentStart) {
        m_paymentStartMessage->showError(text);
        m_paymentStart->setFocus();
    } else if (field == dp::Field::MeetingAt) {
        m_meetingMessage->showError(text);
        m_panels->setFocus();
    } else {
        m_message->showError(text);
    }
}

bool FirstReviewDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            search();
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
