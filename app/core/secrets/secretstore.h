#pragma once

#include "domain/status.h"

#include <QString>

namespace casedesk {

// Where database passwords are kept. The app uses the OS keychain (KeychainSecretStore, through
// QtKeychain); unit tests use InMemorySecretStore. There is deliberately no file-based fallback:
// if the keychain is unavailable, the user is told and types the password each time.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // Reads the secret stored under `key`. A missing entry is ok() with an empty `secret`.
    virtual Status read(const QString &key, QString *secret) = 0;
    virtual Status write(const QString &key, const QString &secret) = 0;
    // Forgets the secret; forgetting a missing entry is ok().
    virtual Status remove(const QString &key) = 0;
};

} // namespace casedesk
