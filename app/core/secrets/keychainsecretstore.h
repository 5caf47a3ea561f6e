#pragma once

#include "secrets/secretstore.h"

#include <chrono>
#include <functional>

namespace QKeychain {
class Job;
}

namespace casedesk {

// Keeps secrets in the operating system's keychain through QtKeychain (on Linux: the freedesktop
// Secret Service, e.g. GNOME Keyring or KWallet), under the service name "CaseDesk".
//
// Each call runs one QtKeychain job to completion in a local event loop, so callers get a Status
// straight away; a QCoreApplication must exist. A job that has not finished within `timeout`
// counts as an unavailable keychain, so a missing or stuck secret service never hangs the app.
// There is no insecure fallback: if the keychain cannot be used, the result is
// Status::Code::KeychainUnavailable with unavailableMessage(), and nothing is written anywhere
// else.
class KeychainSecretStore : public SecretStore
{
public:
    static constexpr std::chrono::milliseconds defaultTimeout{10000};

    explicit KeychainSecretStore(std::chrono::milliseconds timeout = defaultTimeout);
    ~KeychainSecretStore() override;

    Status read(const QString &key, QString *secret) override;
    Status write(const QString &key, const QString &secret) override;
    Status remove(const QString &key) override;

    // The service name the secrets are filed under in the keychain.
    static QString serviceName();
    // What the user is told when the keychain cannot be used.
    static QString unavailableMessage();

private:
    enum class Operation
    {
        Read,
        Write,
        Remove
    };
    static const char *describe(Operation operation);
    // Runs `job` (which this takes over) and maps its outcome to a Status; `onSuccess` is called
    // while the finished job is still alive, to take its result.
    Status run(QKeychain::Job *job, Operation operation,
               const std::function<void()> &onSuccess = {});

    std::chrono::milliseconds m_timeout;
};

} // namespace casedesk
