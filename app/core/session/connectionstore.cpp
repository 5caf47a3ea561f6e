#include "connectionstore.h"

namespace casedesk {

namespace {
const QString backendKey = QStringLiteral("connection/backend");
const QString hostKey = QStringLiteral("connection/postgres/host");
const QString portKey = QStringLiteral("connection/postgres/port");
const QString databaseKey = QStringLiteral("connection/postgres/database");
const QString userKey = QStringLiteral("connection/postgres/user");
const QString sslModeKey = QStringLiteral("connection/postgres/sslmode");
const QString caFileKey = QStringLiteral("connection/postgres/sslrootcert");
const QString channelBindingKey = QStringLiteral("connection/postgres/channelBinding");
const QString rememberKey = QStringLiteral("connection/postgres/rememberPassword");
const QString localWorkerKey = QStringLiteral("connection/sqlite/lastWorker");
} // namespace

ConnectionSettings::Backend ConnectionStore::lastBackend() const
{
    return m_settings.value(backendKey).toString() == QLatin1String("postgres")
               ? ConnectionSettings::Backend::Postgres
               : ConnectionSettings::Backend::Sqlite;
}

void ConnectionStore::setLastBackend(ConnectionSettings::Backend backend)
{
    m_settings.setValue(backendKey, backend == ConnectionSettings::Backend::Postgres
                                        ? QStringLiteral("postgres")
                                        : QStringLiteral("sqlite"));
}

ConnectionSettings ConnectionStore::postgres() const
{
    ConnectionSettings settings;
    settings.backend = ConnectionSettings::Backend::Postgres;
    settings.host = m_settings.value(hostKey).toString();
    settings.port = m_settings.value(portKey, 5432).toInt();
    settings.databaseName = m_settings.value(databaseKey, QStringLiteral("casedesk")).toString();
    settings.userName = m_settings.value(userKey).toString();
    settings.sslMode = m_settings.value(sslModeKey, settings.sslMode).toString();
    settings.sslRootCertificate = m_settings.value(caFileKey).toString();
    settings.channelBinding =
        m_settings.value(channelBindingKey, settings.channelBinding).toString();
    return settings;
}

void ConnectionStore::setPostgres(const ConnectionSettings &settings)
{
    m_settings.setValue(hostKey, settings.host);
    m_settings.setValue(portKey, settings.port);
    m_settings.setValue(databaseKey, settings.databaseName);
    m_settings.setValue(userKey, settings.userName);
    m_settings.setValue(sslModeKey, settings.sslMode);
    m_settings.setValue(caFileKey, settings.sslRootCertificate);
    m_settings.setValue(channelBindingKey, settings.channelBinding);
}

bool ConnectionStore::rememberPassword() const
{
    // Off unless the worker ticked it (their choice is stored at sign-in and kept).
    return m_settings.value(rememberKey, false).toBool();
}

void ConnectionStore::setRememberPassword(bool remember)
{
    m_settings.setValue(rememberKey, remember);
}

QString ConnectionStore::lastLocalWorker() const
{
    return m_settings.value(localWorkerKey, QStringLiteral("sw.demo")).toString();
}

void ConnectionStore::setLastLocalWorker(const QString &username)
{
    m_settings.setValue(localWorkerKey, username);
}

} // namespace casedesk
