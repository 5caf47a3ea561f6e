#include "secrets/inmemorysecretstore.h"

#include "secrets/keychainsecretstore.h"

namespace casedesk {

namespace {

Status unavailable()
{
    return Status::failure(KeychainSecretStore::unavailableMessage(),
                           Status::Code::KeychainUnavailable);
}

} // namespace

Status InMemorySecretStore::read(const QString &key, QString *secret)
{
    ++m_calls;
    if (secret)
        secret->clear();
    if (!m_available)
        return unavailable();
    if (secret)
        *secret = m_entries.value(key);
    return Status::ok();
}

Status InMemorySecretStore::write(const QString &key, const QString &secret)
{
    ++m_calls;
    if (!m_available)
        return unavailable();
    m_entries.insert(key, secret);
    return Status::ok();
}

Status InMemorySecretStore::remove(const QString &key)
{
    ++m_calls;
    if (!m_available)
        return unavailable();
    m_entries.remove(key);
    return Status::ok();
}

} // namespace casedesk
