#include "localsigninpage.h"

#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "session/localdatabasemarker.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPromise>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

namespace casedesk {

LocalSignInPage::LocalSignInPage(const QString &databasePath, QSettings &settings,
                                 const DefinitionRegistry *definitions, QWidget *parent)
    : QWidget(parent), m_path(databasePath), m_settings(settings), m_definitions(definitions),
      m_job(new QFutureWatcher<SessionOpener::LocalOpened>(this)), m_busyDelay(new QTimer(this)),
      m_busy(new QLabel(this)), m_workers(new QListWidget(this)),
      m_message(new InlineMessage(this)), m_retry(new QPushButton(tr("Try again"), this)),
      m_startAfresh(new QPushButton(tr("Start again with demo data\u2026"), this))
{
    auto *intro = new QLabel(tr("Work on this computer only, with the demonstration data. "
                                "Choose who to sign in as:"),
                             this);
    intro->setWordWrap(true);
    auto *where = new QLabel(tr("Data file: %1").arg(QDir::toNativeSeparators(databasePath)), this);
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    where->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    m_busy->setObjectName(QStringLiteral("localBusy"));
    m_busy->setTextFormat(Qt::PlainText);
    m_busy->setVisible(false);
    m_workers->setObjectName(QStringLiteral("localWorkers"));
    m_workers->setAccessibleName(tr("Workers"));
    m_message->setObjectName(QStringLiteral("localMessage"));
    m_retry->setObjectName(QStringLiteral("localRetry"));
    m_retry->setVisible(false);
    m_startAfresh->setObjectName(QStringLiteral("localStartAfresh"));
    m_startAfresh->setVisible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_startAfresh);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_busy);
    layout->addWidget(m_workers, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    layout->addWidget(where);

    // A quick open shows nothing; a slow one (a first start fills the file) says what it does.
    m_busyDelay->setSingleShot(true);
    m_busyDelay->setInterval(300);
    connect(m_busyDelay, &QTimer::timeout, this, [this] {
        m_busy->setText(m_stage);
        m_busy->setVisible(true);
    });
    connect(m_job, &QFutureWatcherBase::progressTextChanged, this, [this](const QString &text) {
        m_stage = text;
        if (!m_busyDelay->isActive())
            m_busy->setText(text);
    });
    connect(m_job, &QFutureWatcherBase::finished, this, [this] {
        const QFuture<SessionOpener::LocalOpened> job = m_job->future();
        showOpened(job.resultCount() > 0 ? job.result() : SessionOpener::LocalOpened{});
    });
    connect(m_retry, &QPushButton::clicked, this, &LocalSignInPage::load);
    connect(m_startAfresh, &QPushButton::clicked, this, &LocalSignInPage::startAfresh);
    connect(m_workers, &QListWidget::itemActivated, this, &LocalSignInPage::workerChosen);
    connect(m_workers, &QListWidget::currentRowChanged, this, &LocalSignInPage::selectionChanged);
}

// An unfinished m_loading is cancelled as it goes: whoever waits on load() hears "not loaded".
LocalSignInPage::~LocalSignInPage() = default;

QFuture<bool> LocalSignInPage::load()
{
    if (m_loading)
        return m_loadingFuture;
    m_loaded = false;
    m_databaseSettings = {};
    m_workers->clear();
    m_workerIdentities.clear();
    m_message->clearMessage();
    m_retry->setVisible(false);
    m_startAfresh->setVisible(false);
    m_loading = std::make_unique<QPromise<bool>>();
    m_loadingFuture = m_loading->future();
    m_loading->start();
    m_stage = SessionOpener::openingText();
    m_busyDelay->start();
    emit selectionChanged();
    // Only a copy of what the job needs goes in: whether the file was used (from QSettings,
    // which stays on this thread).
    m_job->setFuture(
        SessionOpener::openLocalOffThread(m_path, LocalDatabaseMarker(m_settings).wasUsed(m_path)));
    return m_loadingFuture;
}

void LocalSignInPage::showOpened(const SessionOpener::LocalOpened &opened)
{
    m_busyDelay->stop();
    m_busy->setVisible(false);
    m_busy->clear();
    const QString setAsideNote = std::exchange(m_setAsideNote, QString());
    const Status &status = opened.status;
    // Starting again is offered only when the file itself is lost or damaged, never for a
    // problem that trying again could cure.
    const bool fileLost = status.code() == Status::Code::DatabaseMissing ||
                          status.code() == Status::Code::DatabaseDamaged;
    m_retry->setVisible(!status);
    m_startAfresh->setVisible(fileLost);
    if (!status) {
        m_message->showError(
            fileLost ? tr("Could not open the data on this computer. %1\n\nOr, to start again "
                          "with only the demonstration data, choose Start again with demo data.")
                           .arg(status.message())
                     : tr("Could not open the data on this computer. %1").arg(status.message()));
    } else {
        if (opened.markUsed)
            LocalDatabaseMarker(m_settings).markUsed(m_path);
        m_loaded = true;
        m_databaseSettings = opened.settings;
        m_workerIdentities = opened.workers;
        for (const WorkerIdentity &worker : std::as_const(m_workerIdentities)) {
            QStringList roles;
            for (const QString &role : worker.roles)
                roles << (m_definitions ? m_definitions->roleName(role) : role);
            auto *item = new QListWidgetItem(
                tr("%1 \u2014 %2 (%3)")
                    .arg(worker.displayName, roles.join(QStringLiteral(", ")), worker.teamName),
                m_workers);
            item->setData(Qt::UserRole, worker.username);
            item->setToolTip(tr("User name: %1").arg(worker.username));
        }
        if (m_workerIdentities.isEmpty())
            m_message->showMessage(InlineMessage::Kind::Warning,
                                   tr("There are no workers in this database yet."));
        else if (!selectWorker(m_preferred))
            m_workers->setCurrentRow(0);
        if (!setAsideNote.isEmpty())
            m_message->showMessage(InlineMessage::Kind::Information,
                                   tr("Started again with the demonstration data. The old file "
                                      "was moved aside as %1.")
                                       .arg(QDir::toNativeSeparators(setAsideNote)));
    }
    const std::unique_ptr<QPromise<bool>> loading = std::move(m_loading);
    emit selectionChanged();
    emit loaded(m_loaded);
    if (loading) {
        loading->addResult(m_loaded);
        loading->finish();
    }
}

QString LocalSignInPage::busyText() const
{
    return m_busy->isHidden() ? QString() : m_busy->text();
}

WorkerIdentity LocalSignInPage::selectedWorker() const
{
    const int row = m_workers->currentRow();
    if (!m_loaded || row < 0 || row >= m_workerIdentities.size())
        return {};
    return m_workerIdentities.at(row); // read whole by the load: no statement here
}

bool LocalSignInPage::selectWorker(const QString &username)
{
    for (int row = 0; row < m_workerIdentities.size(); ++row) {
        if (m_workerIdentities.at(row).username.compare(username, Qt::CaseInsensitive) == 0) {
            m_workers->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QFuture<bool> LocalSignInPage::startAfresh()
{
    if (m_loading)
        return QtFuture::makeReadyFuture(false); // only offered once a load has ended
    const QMessageBox::StandardButton answer = MessageBox::question(
        this, tr("Start again with demo data"),
        tr("Start again with only the demonstration data?\n\nThe work in the data file %1 will "
           "not be in CaseDesk any more. The file is not deleted: CaseDesk moves it aside, so "
           "your IT department can still try to recover it.")
            .arg(QDir::toNativeSeparators(m_path)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return QtFuture::makeReadyFuture(false);
    // Renames only (no database work): quick enough for this thread.
    QString setAside;
    const Status started = SessionOpener::startAfresh(m_path, m_settings, &setAside);
    if (!started) {
        m_message->showError(started.message());
        return QtFuture::makeReadyFuture(false);
    }
    m_setAsideNote = setAside;
    return load();
}

ConnectionSettings LocalSignInPage::takeDatabaseSettings()
{
    m_workers->clear();
    m_workerIdentities.clear();
    m_loaded = false;
    return std::exchange(m_databaseSettings, ConnectionSettings());
}

} // namespace casedesk
