#include "secrets/keychainsecretstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTimer>
#include <memory>
#include <qt6keychain/keychain.h>

namespace casedesk {

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "casedesk.secrets.keychain")

Status unavailable()
{
    return Status::failure(KeychainSecretStore::unavailableMessage(),
                           Status::Code::KeychainUnavailable);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(std::chrono::milliseconds timeout) : m_timeout(timeout) {}

KeychainSecretStore::~KeychainSecretStore() = default;

const char *KeychainSecretStore::describe(Operation operation)
{
    switch (operation) {
    case Operation::Read:
        return "read";
    case Operation::Write:
        return "write";
    case Operation::Remove:
        break;
    }
    return "remove";
}

QString KeychainSecretStore::serviceName()
{
    return QStringLiteral("CaseDesk");
}

QString KeychainSecretStore::unavailableMessage()
{
    return QCoreApplication::translate(
        "casedesk::KeychainSecretStore",
        "The system keychain is not available, so CaseDesk cannot remember your password. "
        "You can still sign in by typing it each time.");
}

Status KeychainSecretStore::read(const QString &key, QString *secret)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(key);
    QString found;
    const Status status = run(job, Operation::Read, [&found, job] { found = job->textData(); });
    if (secret)
        *secret = status.isOk() ? found : QString();
    return status;
}

Status KeychainSecretStore::write(const QString &key, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(key);
    job->setTextData(secret);
    return run(job, Operation::Write);
}

Status KeychainSecretStore::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(key);
    return run(job, Operation::Remove);
}

Status KeychainSecretStore::run(QKeychain::Job *job, Operation operation,
                                const std::function<void()> &onSuccess)
{
    if (!QCoreApplication::instance()) {
        qCWarning(lcKeychain, "cannot %s a secret without a QCoreApplication", describe(operation));
        delete job;
        return unavailable();
    }
    job->setAutoDelete(false);
    // Never write secrets to a plain-text settings file when the keychain is missing.
    job->setInsecureFallback(false);

    bool finished = false;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);

    QElapsedTimer elapsed;
    elapsed.start();
    timer.start(m_timeout);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    timer.stop();

    if (!finished) {
        qCWarning(lcKeychain,
                  "keychain %s did not finish within %lld ms; treating the keychain "
                  "as unavailable",
                  describe(operation), static_cast<long long>(m_timeout.count()));
        // The backend may still call back into the job later, so it must outlive this call: it
        // deletes itself if it ever finishes.
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
        return unavailable();
    }

    // The job has finished: it is ours to delete once its result has been taken.
    const std::unique_ptr<QKeychain::Job> owned(job);
    const QKeychain::Error error = job->error();
    switch (error) {
    case QKeychain::NoError:
        if (onSuccess)
            onSuccess();
        return Status::ok();
    case QKeychain::EntryNotFound:
        // A missing entry is not an error for read() (empty secret) or remove() (nothing to do).
        if (operation != Operation::Write)
            return Status::ok();
        break;
    case QKeychain::AccessDeniedByUser:
        return Status::failure(
            QCoreApplication::translate("casedesk::KeychainSecretStore",
                                        "Access to the system keychain was refused, so CaseDesk "
                                        "cannot remember your password. You can still sign in by "
                                        "typing it each time."),
            Status::Code::KeychainUnavailable);
    case QKeychain::CouldNotDeleteEntry:
        qCWarning(lcKeychain, "keychain remove failed: %s", qUtf8Printable(job->errorString()));
        return Status::failure(QCoreApplication::translate(
            "casedesk::KeychainSecretStore",
            "CaseDesk could not remove the saved password from the system keychain."));
    case QKeychain::NoBackendAvailable:
    case QKeychain::AccessDenied:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    qCWarning(lcKeychain, "keychain %s failed (QKeychain error %d after %lld ms): %s",
              describe(operation), static_cast<int>(error),
              static_cast<long long>(elapsed.elapsed()), qUtf8Printable(job->errorString()));
    return unavailable();
}

} // namespace casedesk
