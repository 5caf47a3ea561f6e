#include "serversigninpage.h"

#include "common/inlinemessage.h"
#include "secrets/secretstore.h"
#include "session/connectionstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace casedesk {

ServerSignInPage::ServerSignInPage(SecretStore *secrets, QSettings &settings, QWidget *parent)
    : QWidget(parent), m_secrets(secrets), m_settings(settings), m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)), m_database(new QLineEdit(this)), m_user(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_sslMode(new QComboBox(this)),
      m_caFile(new QLineEdit(this)), m_browseCa(new QPushButton(tr("Browse\u2026"), this)),
      m_chooseCaAndRetry(new QPushButton(tr("&Choose CA certificate\u2026"), this)),
      m_remember(new QCheckBox(tr("&Remember password in the keychain"), this)),
      m_forget(new QPushButton(tr("&Forget saved password"), this)),
      m_message(new InlineMessage(this)), m_keychainMessage(new InlineMessage(this))
{
    const QList<QPair<QWidget *, const char *>> names{
        {m_host, "serverHost"},           {m_port, "serverPort"},
        {m_database, "serverDatabase"},   {m_user, "serverUser"},
        {m_password, "serverPassword"},   {m_sslMode, "serverSslMode"},
        {m_caFile, "serverCaFile"},       {m_chooseCaAndRetry, "chooseCaCertificate"},
        {m_remember, "rememberPassword"}, {m_forget, "forgetPassword"},
        {m_message, "serverMessage"},     {m_keychainMessage, "keychainMessage"},
    };
    for (const auto &[widget, name] : names)
        widget->setObjectName(QString::fromLatin1(name));
    m_port->setRange(1, 65535);
    m_password->setEchoMode(QLineEdit::Password);
    for (const char *mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        m_sslMode->addItem(QString::fromLatin1(mode));
    m_host->setPlaceholderText(tr("for example casedesk-db.council.internal"));
    m_caFile->setPlaceholderText(tr("Certificate authority file, for verify-ca and verify-full"));

    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_browseCa);
    auto *rememberRow = new QHBoxLayout;
    rememberRow->addWidget(m_remember, 1);
    rememberRow->addWidget(m_forget);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_host);
    form->addRow(tr("P&ort:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), rememberRow);
    form->addRow(tr("SSL &mode:"), m_sslMode);
    auto *caLabel = new QLabel(tr("CA f&ile:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_keychainMessage);
    layout->addWidget(m_message);
    auto *retryRow = new QHBoxLayout;
    retryRow->addStretch(1);
    retryRow->addWidget(m_chooseCaAndRetry);
    layout->addLayout(retryRow);
    layout->addStretch(1);
    m_chooseCaAndRetry->setToolTip(
        tr("Choose the certificate authority file your IT department gave you, and sign in again"));
    m_chooseCaAndRetry->hide();
    m_chooseFile = [](QWidget *parent, const QString &current) {
        return QFileDialog::getOpenFileName(parent, tr("Certificate authority file"), current,
                                            tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
    };

    ConnectionStore store(m_settings);
    setSettings(store.postgres());
    m_remember->setChecked(store.rememberPassword());

    connect(m_browseCa, &QPushButton::clicked, this, &ServerSignInPage::chooseCaFile);
    connect(m_chooseCaAndRetry, &QPushButton::clicked, this, [this] {
        if (chooseCaFile())
            emit caCertificateChosen();
    });
    connect(m_forget, &QPushButton::clicked, this, &ServerSignInPage::forgetSavedPassword);
    for (QLineEdit *edit : {m_host, m_database, m_user})
        connect(edit, &QLineEdit::editingFinished, this, &ServerSignInPage::loadSavedPassword);
    connect(m_port, &QSpinBox::editingFinished, this, &ServerSignInPage::loadSavedPassword);
}

ConnectionSettings ServerSignInPage::settings() const
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host = m_host->text().trimmed();
    settings.port = m_port->value();
    settings.databaseName = m_database->text().trimmed();
    settings.userName = m_user->text().trimmed();
    settings.sslMode = m_sslMode->currentText();
    settings.sslRootCertificate = m_caFile->text().trimmed();
    settings.channelBinding = m_channelBinding;
    return settings;
}

void ServerSignInPage::setSettings(const ConnectionSettings &settings)
{
    m_host->setText(settings.host);
    m_port->setValue(settings.port);
    m_database->setText(settings.databaseName);
    m_user->setText(settings.userName);
    m_sslMode->setCurrentText(settings.sslMode);
    m_caFile->setText(settings.sslRootCertificate);
    m_channelBinding = settings.channelBinding;
}

QString ServerSignInPage::password() const
{
    return m_password->text();
}

void ServerSignInPage::setPassword(const QString &password)
{
    m_password->setText(password);
}

bool ServerSignInPage::rememberPassword() const
{
    return m_remember->isChecked();
}

QString ServerSignInPage::whatIsMissing() const
{
    const ConnectionSettings current = settings();
    QStringList missing;
    if (current.host.isEmpty())
        missing << tr("the server");
    if (current.databaseName.isEmpty())
        missing << tr("the database");
    if (current.userName.isEmpty())
        missing << tr("your user name");
    // No CA file is not missing: libpq then uses ~/.postgresql/root.crt, which IT may have put
    // there; if it has not, the refusal offers "Choose CA certificate…".
    if (missing.isEmpty())
        return QString();
    return tr("Fill in %1 to sign in.").arg(missing.join(tr(", ")));
}

void ServerSignInPage::loadSavedPassword()
{
    const ConnectionSettings current = settings();
    if (current.host.isEmpty() || current.userName.isEmpty() || !m_remember->isChecked())
        return;
    if (!m_password->text().isEmpty() && m_loadedKey != current.keychainKey() &&
        !m_loadedKey.isEmpty())
        m_password->clear(); // a password filled in for another server or user
    if (!m_password->text().isEmpty())
        return;
    if (!m_secrets) {
        m_keychainMessage->showMessage(InlineMessage::Kind::Warning,
                                       tr("No keychain is available on this computer, so CaseDesk "
                                          "cannot remember your password. Type it to sign in."));
        return;
    }
    QString saved;
    const Status read = m_secrets->read(current.keychainKey(), &saved);
    if (!read) {
        // An unavailable keychain's message already says the password can be typed instead.
        m_keychainMessage->showMessage(
            InlineMessage::Kind::Warning,
            read.code() == Status::Code::KeychainUnavailable
                ? read.message()
                : tr("Your saved password could not be read from the keychain (%1). Type your "
                     "password to sign in.")
                      .arg(read.message()));
        return;
    }
    m_keychainMessage->clearMessage();
    if (!saved.isEmpty()) {
        m_password->setText(saved);
        m_loadedKey = current.keychainKey();
    }
}

void ServerSignInPage::forgetSavedPassword()
{
    const ConnectionSettings current = settings();
    m_password->clear();
    m_loadedKey.clear();
    if (!m_secrets) {
        m_keychainMessage->showMessage(InlineMessage::Kind::Warning,
                                       tr("No keychain is available, so no password was saved."));
        return;
    }
    const Status removed = m_secrets->remove(current.keychainKey());
    if (!removed)
        m_keychainMessage->showMessage(
            InlineMessage::Kind::Warning,
            tr("The saved password could not be forgotten: %1").arg(removed.message()));
    else
        m_keychainMessage->showMessage(InlineMessage::Kind::Warning,
                                       tr("The saved password for %1 on %2 has been forgotten.")
                                           .arg(current.userName, current.host));
}

QString ServerSignInPage::storeAfterSignIn()
{
    ConnectionStore store(m_settings);
    store.setLastBackend(ConnectionSettings::Backend::Postgres);
    store.setPostgres(settings());
    store.setRememberPassword(m_remember->isChecked());
    m_settings.sync();
    if (!m_secrets)
        return m_remember->isChecked() ? tr("No keychain is available, so your password was not "
                                            "saved. You will need to type it next time.")
                                       : QString();
    const QString key = settings().keychainKey();
    const Status stored = m_remember->isChecked() ? m_secrets->write(key, m_password->text())
                                                  : m_secrets->remove(key);
    if (stored || !m_remember->isChecked())
        return QString();
    return tr("Signed in, but your password could not be saved in the keychain (%1). You will "
              "need to type it next time.")
        .arg(stored.message());
}

void ServerSignInPage::setBusy(bool busy)
{
    for (QWidget *widget : std::initializer_list<QWidget *>{
             m_host, m_port, m_database, m_user, m_password, m_sslMode, m_caFile, m_browseCa,
             m_chooseCaAndRetry, m_remember, m_forget})
        widget->setEnabled(!busy);
}

void ServerSignInPage::offerCaChoice(bool offer)
{
    m_chooseCaAndRetry->setVisible(offer);
}

bool ServerSignInPage::isOfferingCaChoice() const
{
    return !m_chooseCaAndRetry->isHidden();
}

bool ServerSignInPage::chooseCaFile()
{
    const QString file = m_chooseFile(this, m_caFile->text().trimmed());
    if (file.isEmpty())
        return false;
    m_caFile->setText(file);
    return true;
}

} // namespace casedesk
