#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "durabilityfiles.h"
#include "signin/localsigninpage.h"
#include "signin/signindialog.h"
#include "signinwait.h"

#include <QDir>
#include <QListWidget>
#include <QPushButton>
#include <QtTest>

using namespace casedesk;
using namespace casedesk::durability;

namespace {

template <typename T> T *field(QWidget *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

// The sign-in page when this computer's data file has gone or is damaged: it says so, offers to
// start again with the demo data, and does so only after asking.
class TestStartAfresh : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A data file signed in to once through the dialog.
    bool usedThroughTheDialog(const QString &file)
    {
        SignInDialog dialog(file, nullptr, *m_settings, nullptr);
        return casedesk::test::localPageLoaded(dialog) && casedesk::test::signInAndWait(dialog);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(
            path(u"casedesk-%1.ini"_qs.arg(QLatin1String(QTest::currentTestFunction()))),
            QSettings::IniFormat);
    }

    void offersToStartAgainWhenTheFileHasGone()
    {
        const QString file = path(u"gone/casedesk.sqlite"_qs);
        QVERIFY(usedThroughTheDialog(file));
        QVERIFY(QFile::remove(file));

        SignInDialog dialog(file, nullptr, *m_settings, nullptr);
        QVERIFY(!casedesk::test::localPageLoaded(dialog));
        InlineMessage *message = dialog.localPage()->message();
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QVERIFY2(message->message().contains(u"is missing or empty"_qs),
                 qPrintable(message->message()));
        QVERIFY2(message->message().contains(u"Start again with demo data"_qs),
                 qPrintable(message->message()));
        QCOMPARE(field<QListWidget>(&dialog, "localWorkers")->count(), 0);
        QVERIFY(!field<QPushButton>(&dialog, "signInButton")->isEnabled());
        auto *startAfresh = field<QPushButton>(&dialog, "localStartAfresh");
        QVERIFY(!startAfresh->isHidden());
        QVERIFY(!QFile::exists(file));

        // Saying no changes nothing.
        const int asked = MessageBox::callCount();
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        startAfresh->click();
        QCOMPARE(MessageBox::callCount(), asked + 1);
        QVERIFY(!dialog.localPage()->isLoading());
        QVERIFY(!QFile::exists(file));
        QCOMPARE(field<QListWidget>(&dialog, "localWorkers")->count(), 0);

        MessageBox::setNextAnswer(QMessageBox::Yes);
        startAfresh->click();
        QVERIFY(casedesk::test::localPageLoaded(dialog));
        QVERIFY(QFile::exists(file));
        QVERIFY(field<QListWidget>(&dialog, "localWorkers")->count() > 0);
        QVERIFY(startAfresh->isHidden());
        QVERIFY(field<QPushButton>(&dialog, "signInButton")->isEnabled());
    }

    void setsADamagedFileAsideUnchanged()
    {
        const QString file = path(u"damaged/casedesk.sqlite"_qs);
        QVERIFY(usedThroughTheDialog(file));
        QVERIFY(damagePage(file, 10, 4096));
        const QByteArray damaged = checksum(file);

        SignInDialog dialog(file, nullptr, *m_settings, nullptr);
        QVERIFY(!casedesk::test::localPageLoaded(dialog));
        InlineMessage *message = dialog.localPage()->message();
        QVERIFY2(message->message().contains(u"is damaged"_qs), qPrintable(message->message()));
        QCOMPARE(checksum(file), damaged);

        MessageBox::setNextAnswer(QMessageBox::Yes);
        QVERIFY(casedesk::test::finishedTrue(dialog.localPage()->startAfresh()));
        QVERIFY(field<QListWidget>(&dialog, "localWorkers")->count() > 0);
        const QStringList aside =
            QDir(path(u"damaged"_qs)).entryList({u"casedesk.sqlite.set-aside-*"_qs}, QDir::Files);
        QCOMPARE(aside.size(), 1);
        QCOMPARE(checksum(path(u"damaged/"_qs) + aside.first()), damaged);
        QVERIFY2(message->message().contains(aside.first()), qPrintable(message->message()));
    }
};

QTEST_MAIN(TestStartAfresh)
#include "tst_startafresh.moc"
