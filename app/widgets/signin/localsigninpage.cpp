#include "localsigninpage.h"

#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "definitions/definitionregistry.h"
#include "session/session.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace casedesk {

LocalSignInPage::LocalSignInPage(const QString &databasePath, QSettings &settings,
                                 const DefinitionRegistry *definitions, QWidget *parent)
    : QWidget(parent), m_path(databasePath), m_settings(settings), m_definitions(definitions),
      m_workers(new QListWidget(this)), m_message(new InlineMessage(this)),
      m_retry(new QPushButton(tr("Try again"), this)),
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
    layout->addWidget(m_workers, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    layout->addWidget(where);

    connect(m_retry, &QPushButton::clicked, this, &LocalSignInPage::load);
    connect(m_startAfresh, &QPushButton::clicked, this, &LocalSignInPage::startAfresh);
    connect(m_workers, &QListWidget::itemActivated, this, &LocalSignInPage::workerChosen);
    connect(m_workers, &QListWidget::currentRowChanged, this, &LocalSignInPage::selectionChanged);
}

LocalSignInPage::~LocalSignInPage() = default;

bool LocalSignInPage::load()
{
    m_workers->clear();
    m_workerIdentities.clear();
    m_message->clearMessage();
    auto db = std::make_unique<Database>();
    const Status opened = SessionOpener::openLocal(*db, m_path, m_settings);
    // Starting again is offered only when the file itself is lost or damaged, never for a
    // problem that trying again could cure.
    const bool fileLost = opened.code() == Status::Code::DatabaseMissing ||
                          opened.code() == Status::Code::DatabaseDamaged;
    m_retry->setVisible(!opened);
    m_startAfresh->setVisible(fileLost);
    if (!opened) {
        m_message->showError(
            fileLost ? tr("Could not open the data on this computer. %1\n\nOr, to start again "
                          "with only the demonstration data, choose Start again with demo data.")
                           .arg(opened.message())
                     : tr("Could not open the data on this computer. %1").arg(opened.message()));
        emit selectionChanged();
        return false;
    }
    m_db = std::move(db);
    m_workerIdentities = WorkerDirectory(*m_db).activeWorkers();
    for (const WorkerIdentity &worker : m_workerIdentities) {
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
    emit selectionChanged();
    return true;
}

WorkerIdentity LocalSignInPage::selectedWorker() const
{
    const int row = m_workers->currentRow();
    if (!m_db || row < 0 || row >= m_workerIdentities.size())
        return {};
    return WorkerDirectory(*m_db).identity(m_workerIdentities.at(row).id);
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

bool LocalSignInPage::startAfresh()
{
    const QMessageBox::StandardButton answer = MessageBox::question(
        this, tr("Start again with demo data"),
        tr("Start again with only the demonstration data?\n\nThe work in the data file %1 will "
           "not be in CaseDesk any more. The file is not deleted: CaseDesk moves it aside, so "
           "your IT department can still try to recover it.")
            .arg(QDir::toNativeSeparators(m_path)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    QString setAside;
    const Status started = SessionOpener::startAfresh(m_path, m_settings, &setAside);
    if (!started) {
        m_message->showError(started.message());
        return false;
    }
    if (!load())
        return false;
    if (!setAside.isEmpty())
        m_message->showMessage(InlineMessage::Kind::Information,
                               tr("Started again with the demonstration data. The old file was "
                                  "moved aside as %1.")
                                   .arg(QDir::toNativeSeparators(setAside)));
    return true;
}

std::unique_ptr<Database> LocalSignInPage::takeDatabase()
{
    m_workers->clear();
    m_workerIdentities.clear();
    return std::move(m_db);
}

} // namespace casedesk
