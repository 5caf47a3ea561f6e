#include "secrets/inmemorysecretstore.h"
#include "secrets/keychainsecretstore.h"

#include <QtTest>

using namespace casedesk;

class TestInMemorySecretStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips()
    {
        InMemorySecretStore store;
        QString secret = QStringLiteral("stale");
        QVERIFY(store.read(QStringLiteral("k"), &secret).isOk());
        QVERIFY(secret.isEmpty());
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("one")).isOk());
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("two")).isOk());
        QVERIFY(store.read(QStringLiteral("k"), &secret).isOk());
        QCOMPARE(secret, QStringLiteral("two"));
        QVERIFY(store.remove(QStringLiteral("k")).isOk());
        QVERIFY(store.remove(QStringLiteral("k")).isOk());
        QVERIFY(store.read(QStringLiteral("k"), &secret).isOk());
        QVERIFY(secret.isEmpty());
        QCOMPARE(store.callCount(), 7);
    }

    void simulatesAnUnavailableKeychain()
    {
        InMemorySecretStore store;
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("kept")).isOk());
        store.setAvailable(false);
        QString secret = QStringLiteral("stale");
        for (const Status &status : {store.read(QStringLiteral("k"), &secret),
                                     store.write(QStringLiteral("k"), QStringLiteral("new")),
                                     store.remove(QStringLiteral("k"))}) {
            QCOMPARE(status.code(), Status::Code::KeychainUnavailable);
            QCOMPARE(status.message(), KeychainSecretStore::unavailableMessage());
        }
        QVERIFY(secret.isEmpty());
        store.setAvailable(true);
        QVERIFY(store.read(QStringLiteral("k"), &secret).isOk());
        QCOMPARE(secret, QStringLiteral("kept"));
    }
};

QTEST_GUILESS_MAIN(TestInMemorySecretStore)
#include "tst_inmemorysecretstore.moc"
