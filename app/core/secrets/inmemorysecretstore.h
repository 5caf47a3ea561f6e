#pragma once

#include "secrets/secretstore.h"

#include <QHash>

namespace casedesk {

// A SecretStore that keeps secrets in memory only, for unit tests. setAvailable(false) makes it
// behave like a machine without a usable keychain: every call then fails with
// Status::Code::KeychainUnavailable and the same message KeychainSecretStore gives.
class InMemorySecretStore : public SecretStore
{
public:
    Status read(const QString &key, QString *secret) override;
    Status write(const QString &key, const QString &secret) override;
    Status remove(const QString &key) override;

    void setAvailable(bool available) { m_available = available; }
    bool isAvailable() const { return m_available; }

    // For assertions: what is stored now, and how many calls were made.
    QHash<QString, QString> entries() const { return m_entries; }
    int callCount() const { return m_calls; }

private:
    QHash<QString, QString> m_entries;
    bool m_available = true;
    int m_calls = 0;
};

} // namespace casedesk
