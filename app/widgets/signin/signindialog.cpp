#include "signindialog.h"

#include "common/inlinemessage.h"
#include "localsigninpage.h"
#include "serversigninpage.h"
#include "session/connectionstore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPromise>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace casedesk {

SignInDialog::SignInDialog(const QString &sqlitePath, SecretStore *secrets, QSettings &settings,
                           const DefinitionRegistry *definitions, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_tabs(new QTabWidget(this)),
      m_local(new LocalSignInPage(sqlitePath, settings, definitions, this)),
      m_server(new ServerSignInPage(secrets, settings, this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Sign in to CaseDesk"));
    setObjectName(QStringLiteral("signInDialog"));
    m_tabs->setObjectName(QStringLiteral("signInModes"));
    m_tabs->setAccessibleName(tr("Where to sign in"));
    m_tabs->tabBar()->setAccessibleName(tr("Where to sign in"));
    m_tabs->addTab(m_local, tr("This computer (demonstration)"));
    m_tabs->addTab(m_server, tr("Council server (PostgreSQL)"));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Sign in"));
    ok->setObjectName(QStringLiteral("signInButton"));

    auto *title = new QLabel(tr("<b>CaseDesk</b> \u2014 Children's social care casework"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_buttons);
    resize(560, 520);

    m_local->setPreferredWorker(ConnectionStore(settings).lastLocalWorker());
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] { signIn(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tabs, &QTabWidget::currentChanged, this, &SignInDialog::pageChanged);
    connect(m_local, &LocalSignInPage::workerChosen, this, [this] { signIn(); });
    connect(m_server, &ServerSignInPage::caCertificateChosen, this, [this] { signIn(); });
    connect(m_local, &LocalSignInPage::selectionChanged, this, &SignInDialog::updateButtons);

    setMode(ConnectionStore(settings).lastBackend() == ConnectionSettings::Backend::Postgres
                ? Mode::SharedServer
                : Mode::ThisComputer);
    pageChanged();
}

SignInDialog::~SignInDialog()
{
    if (m_signingIn)
        QApplication::restoreOverrideCursor();
}

SignInDialog::Mode SignInDialog::mode() const
{
    return m_tabs->currentWidget() == m_server ? Mode::SharedServer : Mode::ThisComputer;
}

void SignInDialog::setMode(Mode mode)
{
    m_tabs->setCurrentWidget(mode == Mode::SharedServer ? static_cast<QWidget *>(m_server)
                                                        : static_cast<QWidget *>(m_local));
}

void SignInDialog::pageChanged()
{
    if (mode() == Mode::ThisComputer && !m_local->isLoaded())
        m_local->load();
    if (mode() == Mode::SharedServer)
        m_server->loadSavedPassword();
    updateButtons();
}

void SignInDialog::updateButtons()
{
    const bool canTry = mode() == Mode::SharedServer || m_local->selectedWorker().isValid();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canTry);
}

QFuture<bool> SignInDialog::signIn()
{
    if (m_signingIn)
        return m_attempt; // a second press waits for the same attempt
    m_warning.clear();
    if (mode() == Mode::ThisComputer) {
        if (m_local->isLoaded() && !m_local->isLoading()) {
            const bool ok = signInLocally();
            if (ok)
                accept();
            return QtFuture::makeReadyFuture(ok);
        }
        if (m_waitingForLocal)
            return m_waitingForLocal->future(); // a second press waits for the same load
        // The page is still opening the file (or its last try failed: this tries again). The
        // attempt goes on once the page has shown the outcome; a dialog destroyed first takes
        // the promise with it (the future is then cancelled).
        m_waitingForLocal = std::make_shared<QPromise<bool>>();
        m_waitingForLocal->start();
        m_localWait = connect(
            m_local, &LocalSignInPage::loaded, this,
            [this](bool loaded) {
                const std::shared_ptr<QPromise<bool>> attempt = std::move(m_waitingForLocal);
                const bool ok = loaded && mode() == Mode::ThisComputer && signInLocally();
                if (ok)
                    accept();
                attempt->addResult(ok);
                attempt->finish();
            },
            Qt::SingleShotConnection);
        const QFuture<bool> attempt = m_waitingForLocal->future();
        m_local->load();
        return attempt;
    }
    m_attempt = signInToServer().then(this, [this](bool ok) {
        if (ok)
            accept();
        return ok;
    });
    return m_attempt;
}

bool SignInDialog::signInLocally()
{
    const WorkerIdentity worker = m_local->selectedWorker();
    if (!worker.isValid()) {
        m_local->message()->showError(tr("Choose who to sign in as."));
        return false;
    }
    ConnectionStore store(m_settings);
    store.setLastBackend(ConnectionSettings::Backend::Sqlite);
    store.setLastLocalWorker(worker.username);
    m_session.worker = worker;
    m_session.actingRole = SessionOpener::defaultRole(worker);
    // Aimed, never opened here: the database thread opens its own connection to the file.
    m_session.database = std::make_unique<Database>();
    m_session.database->aimAt(m_local->takeDatabaseSettings(), QString());
    return true;
}

QFuture<bool> SignInDialog::signInToServer()
{
    InlineMessage *message = m_server->message();
    m_server->offerCaChoice(false);
    const QString missing = m_server->whatIsMissing();
    if (!missing.isEmpty()) {
        message->showError(missing);
        return QtFuture::makeReadyFuture(false);
    }
    const ConnectionSettings settings = m_server->settings();
    const QString password = m_server->password();
    message->showMessage(InlineMessage::Kind::Information,
                         tr("Connecting to %1:%2\u2026").arg(settings.host).arg(settings.port));
    setSigningIn(true);
    // Off the GUI thread: a server that does not answer ends at the connect timeout, and the
    // worker can move the window, read the message or cancel meanwhile.
    const int attempt = ++m_attempts;
    return SessionOpener::signInToShared(settings, password)
        .then(this, [this, settings, password, attempt](const SessionOpener::SignedIn &signedIn) {
            if (attempt != m_attempts)
                return false; // cancelled: it signs no one in
            setSigningIn(false);
            InlineMessage *message = m_server->message();
            const Status &status = signedIn.status;
            if (!status) {
                // simplified(): the server's own words may come with line breaks and tabs.
                message->showError(tr("Could not sign in. %1").arg(status.message().simplified()));
                m_server->offerCaChoice(status.code() == Status::Code::ServerNotVerified &&
                                        status.field() == Database::CaFileField);
                return false;
            }
            message->clearMessage();
            m_warning = m_server->storeAfterSignIn();
            m_session.database = std::make_unique<Database>();
            m_session.database->aimAt(settings, password);
            m_session.worker = signedIn.worker;
            m_session.actingRole = SessionOpener::defaultRole(signedIn.worker);
            return true;
        });
}

void SignInDialog::reject()
{
    if (m_waitingForLocal) {
        disconnect(m_localWait); // the load goes on for the page; it signs no one in
        m_waitingForLocal->addResult(false);
        m_waitingForLocal->finish();
        m_waitingForLocal.reset();
    }
    if (m_signingIn) {
        ++m_attempts; // the attempt on its way ends unheard
        setSigningIn(false);
        m_server->message()->clearMessage();
    }
    QDialog::reject();
}

void SignInDialog::setSigningIn(bool signingIn)
{
    m_signingIn = signingIn;
    m_server->setBusy(signingIn);
    m_tabs->tabBar()->setEnabled(!signingIn);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!signingIn);
    if (signingIn)
        QApplication::setOverrideCursor(Qt::BusyCursor);
    else
        QApplication::restoreOverrideCursor();
}

Session SignInDialog::takeSession()
{
    return std::move(m_session);
}

} // namespace casedesk
