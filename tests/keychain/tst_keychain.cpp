#include "secrets/keychainsecretstore.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <cstdio>

using namespace casedesk;
using namespace std::chrono_literals;

namespace {

// Set in the environment of the child process that probeWithoutASessionBus() starts: it then
// runs probe() instead of the tests.
const char probeVariable[] = "CASEDESK_KEYCHAIN_PROBE_TIMEOUT_MS";

const char *codeName(Status::Code code)
{
    switch (code) {
    case Status::Code::Ok:
        return "Ok";
    case Status::Code::KeychainUnavailable:
        return "KeychainUnavailable";
    default:
        return "Other";
    }
}

// Child side: one read, write and remove through a store with the given timeout; prints one line
// per call ("<operation> <code> <milliseconds>") and the message of the last failure.
int probe()
{
    const std::chrono::milliseconds timeout(qEnvironmentVariableIntValue(probeVariable));
    KeychainSecretStore store(timeout);
    const QString key = QStringLiteral("probe-") + QUuid::createUuid().toString(QUuid::Id128);
    QString message;
    auto report = [&message](const char *operation, const Status &status, qint64 ms) {
        std::printf("%s %s %lld\n", operation, codeName(status.code()), static_cast<long long>(ms));
        if (!status.isOk())
            message = status.message();
    };
    QElapsedTimer timer;
    timer.start();
    QString secret;
    const Status read = store.read(key, &secret);
    report("read", read, timer.restart());
    const Status written = store.write(key, QStringLiteral("s3cret"));
    report("write", written, timer.restart());
    const Status removed = store.remove(key);
    report("remove", removed, timer.restart());
    std::printf("message %s\n", qUtf8Printable(message));
    std::fflush(stdout);
    return 0;
}

struct ProbeResult
{
    QMap<QString, QString> codes;
    QMap<QString, qint64> millis;
    QString message;
    QString output;
};

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private:
    // Runs this binary as a probe with `environment`, killing it if it outlives `limitMs`.
    static bool runProbe(const QProcessEnvironment &environment, int limitMs, ProbeResult *result)
    {
        QProcess child;
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForStarted(limitMs))
            return false;
        const bool finished = child.waitForFinished(limitMs);
        if (!finished) {
            child.kill();
            child.waitForFinished(5000);
        }
        result->output = QString::fromUtf8(child.readAllStandardOutput()) +
                         QString::fromUtf8(child.readAllStandardError());
        const QStringList lines = result->output.split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            const QStringList parts = line.split(QLatin1Char(' '));
            if (parts.size() == 3 && parts.at(0) != QLatin1String("message")) {
                result->codes.insert(parts.at(0), parts.at(1));
                result->millis.insert(parts.at(0), parts.at(2).toLongLong());
            } else if (line.startsWith(QLatin1String("message "))) {
                result->message = line.mid(8);
            }
        }
        return finished && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
    }

    // The environment of a process with no way to reach any D-Bus session bus.
    static QProcessEnvironment withoutSessionBus(const QString &runtimeDir)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                                 "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE"})
            environment.remove(QLatin1String(name));
        // GLib also looks for $XDG_RUNTIME_DIR/bus: point it at an empty directory.
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
        return environment;
    }

    static QString uniqueKey()
    {
        return QStringLiteral("casedesk-test-") + QUuid::createUuid().toString(QUuid::Id128);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                 "This is a keychain test: it needs a D-Bus session with a Secret Service "
                 "(gnome-keyring). Run it through tools/test.sh, which starts both "
                 "(tests/harness/with-keyring.sh); DBUS_SESSION_BUS_ADDRESS is not set.");
    }

    void roundTripsThroughTheSecretService()
    {
        KeychainSecretStore store;
        const QString key = uniqueKey();
        const char *hint = "the Secret Service did not answer as expected; run the tests through "
                           "tools/test.sh, which starts one (tests/harness/with-keyring.sh)";

        Status status = store.write(key, QStringLiteral("first password \u00e9\u20ac"));
        QVERIFY2(status.isOk(),
                 qPrintable(status.message() + QStringLiteral(" -- ") + QLatin1String(hint)));

        QString secret;
        status = store.read(key, &secret);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(secret, QStringLiteral("first password \u00e9\u20ac"));

        status = store.write(key, QStringLiteral("second"));
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        status = store.read(key, &secret);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QCOMPARE(secret, QStringLiteral("second"));

        status = store.remove(key);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        secret = QStringLiteral("not cleared");
        status = store.read(key, &secret);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QVERIFY(secret.isEmpty());

        // Forgetting what is not there is fine too.
        status = store.remove(key);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
    }

    void keepsEntriesApart()
    {
        KeychainSecretStore store;
        const QString a = uniqueKey();
        const QString b = uniqueKey();
        QVERIFY(store.write(a, QStringLiteral("alpha")).isOk());
        QVERIFY(store.write(b, QStringLiteral("beta")).isOk());
        QString secret;
        QVERIFY(store.read(a, &secret).isOk());
        QCOMPARE(secret, QStringLiteral("alpha"));
        QVERIFY(store.remove(a).isOk());
        QVERIFY(store.read(b, &secret).isOk());
        QCOMPARE(secret, QStringLiteral("beta"));
        QVERIFY(store.remove(b).isOk());
    }

    void readingAMissingEntryGivesAnEmptySecret()
    {
        KeychainSecretStore store;
        QString secret = QStringLiteral("stale");
        const Status status = store.read(uniqueKey(), &secret);
        QVERIFY2(status.isOk(), qPrintable(status.message()));
        QVERIFY(secret.isEmpty());
    }

    void reportsUnavailableQuicklyWithoutASessionBus()
    {
        QTemporaryDir runtimeDir;
        QVERIFY(runtimeDir.isValid());
        QProcessEnvironment environment = withoutSessionBus(runtimeDir.path());
        // A generous timeout: the store must give up well before it, because it cannot connect.
        environment.insert(QLatin1String(probeVariable), QStringLiteral("20000"));
        ProbeResult result;
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(runProbe(environment, 60000, &result), qPrintable(result.output));
        for (const char *operation : {"read", "write", "remove"}) {
            const QString name = QLatin1String(operation);
            QVERIFY2(result.codes.value(name) == QLatin1String("KeychainUnavailable"),
                     qPrintable(name + QStringLiteral(": ") + result.output));
            QVERIFY2(result.millis.value(name) < 5000, qPrintable(result.output));
        }
        QCOMPARE(result.message, KeychainSecretStore::unavailableMessage());
        QVERIFY2(timer.elapsed() < 15000, qPrintable(result.output));
    }

    void timesOutInsteadOfHangingWhenTheBusNeverAnswers()
    {
        // A "session bus" that accepts connections and then says nothing.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QLocalServer silentBus;
        silentBus.setSocketOptions(QLocalServer::UserAccessOption);
        const QString socketPath = dir.filePath(QStringLiteral("bus"));
        QVERIFY2(silentBus.listen(socketPath), qPrintable(silentBus.errorString()));
        QTemporaryDir runtimeDir;
        QVERIFY(runtimeDir.isValid());
        QProcessEnvironment environment = withoutSessionBus(runtimeDir.path());
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                           QStringLiteral("unix:path=") + socketPath);
        environment.insert(QLatin1String(probeVariable), QStringLiteral("1000"));
        ProbeResult result;
        QVERIFY2(runProbe(environment, 60000, &result), qPrintable(result.output));
        QCOMPARE(result.codes.value(QStringLiteral("read")), QStringLiteral("KeychainUnavailable"));
        QVERIFY2(result.millis.value(QStringLiteral("read")) < 10000, qPrintable(result.output));
        QCOMPARE(result.message, KeychainSecretStore::unavailableMessage());
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(probeVariable))
        return probe();
    TestKeychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychain.moc"
