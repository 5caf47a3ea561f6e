// What CaseDesk keeps on the worker's computer is theirs alone (issue 10, point 7): the draft
// journal (typed answers about children) is 0600 in a 0700 folder, made so and corrected when
// found wider; "Remember password" on the server sign-in page is off until the worker ticks it,
// and a worker who ticked it keeps it.
#include "drafts/draftstore.h"
#include "secrets/inmemorysecretstore.h"
#include "session/connectionstore.h"
#include "signin/serversigninpage.h"

#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace casedesk;

namespace {

int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

} // namespace

class TestLocalPrivacy : public QObject
{
    Q_OBJECT

private slots:
    void journalIsTheOwnersAlone()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString folder = dir.filePath(QStringLiteral("CaseDesk"));
        const QString path = folder + QStringLiteral("/drafts.sqlite");
        const mode_t old = ::umask(022); // the usual umask: 0755 folders, 0644 files
        {
            DraftStore store(path, QStringLiteral("server-a"));
            QVERIFY(store.open());
            Draft draft;
            draft.stepId = 7;
            draft.formCode = QStringLiteral("C1044");
            draft.workerId = 3;
            draft.role = QStringLiteral("social_worker");
            draft.answers.insert(QStringLiteral("q1"), QStringLiteral("what was typed"));
            QVERIFY(store.put(draft));
            QCOMPARE(modeOf(folder), 0700);
            QCOMPARE(modeOf(folder + QStringLiteral("/journal-sessions")), 0700);
            QCOMPARE(modeOf(path), 0600);
            for (const char *suffix : {"-journal", "-wal", "-shm"}) {
                if (QFileInfo::exists(path + QLatin1String(suffix)))
                    QCOMPARE(modeOf(path + QLatin1String(suffix)), 0600);
            }
        }
        // Found wider (an older CaseDesk made them): corrected when the journal is opened.
        QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        {
            DraftStore store(path, QStringLiteral("server-a"));
            QVERIFY(store.open());
            QCOMPARE(modeOf(folder), 0700);
            QCOMPARE(modeOf(path), 0600);
        }
        ::umask(old);
    }

    void rememberPasswordIsOffUntilTicked()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        InMemorySecretStore secrets;
        {
            QSettings fresh(dir.filePath(QStringLiteral("fresh.ini")), QSettings::IniFormat);
            QVERIFY(!ConnectionStore(fresh).rememberPassword());
            ServerSignInPage page(&secrets, fresh);
            auto *box = page.findChild<QCheckBox *>(QStringLiteral("rememberPassword"));
            QVERIFY(box);
            QVERIFY(!box->isChecked());
            QVERIFY(!page.rememberPassword());
        }
        {
            // A worker who ticked it before keeps it.
            QSettings ticked(dir.filePath(QStringLiteral("ticked.ini")), QSettings::IniFormat);
            ConnectionStore(ticked).setRememberPassword(true);
            ServerSignInPage page(&secrets, ticked);
            QVERIFY(page.rememberPassword());
        }
    }
};

QTEST_MAIN(TestLocalPrivacy)
#include "tst_localprivacy.moc"
