#pragma once

#include "storage/connectionsettings.h"

#include <QSettings>

namespace casedesk {

// Remembers how the worker last connected, in QSettings. Never the password: that is kept only
// in the keychain (SecretStore), under ConnectionSettings::keychainKey().
class ConnectionStore
{
public:
    explicit ConnectionStore(QSettings &settings) : m_settings(settings) {}

    ConnectionSettings::Backend lastBackend() const;
    void setLastBackend(ConnectionSettings::Backend backend);

    // The PostgreSQL settings last used, CA file and channel binding included. A connection never
    // made before has ConnectionSettings' defaults: port 5432, sslmode verify-full,
    // channel_binding require.
    ConnectionSettings postgres() const;
    void setPostgres(const ConnectionSettings &settings);

    bool rememberPassword() const;
    void setRememberPassword(bool remember);

    // Who last signed in on this computer's own database (the demo social worker at first).
    QString lastLocalWorker() const;
    void setLastLocalWorker(const QString &username);

private:
    QSettings &m_settings;
};

} // namespace casedesk
