// What a step is about, on PostgreSQL as each worker's own login (issue 14, item 2): the context
// query widens nothing. The short-break home that is asked about a restricted child sees the
// referral it answers (the work gave it access); a social worker of another team sees nothing of
// that child, not even through a step of a child they may see that came from the restricted
// child's step.
#include "definitions/definitionregistry.h"
#include "securityfixture.h"
#include "workflow/stepcontext.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestContextAsWorkers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SecurityFixture> m_f;
    qint64 m_response = 0;
    qint64 m_visibleFromHidden = 0;

    SecurityFixture &f() { return *m_f; }

    qint64 step(qint64 person, const QString &type, const QString &status, const QVariant &from,
                const QVariant &worker, const QVariant &inbox)
    {
        return f().admin().insert(
            QStringLiteral("INSERT INTO worksteps (person_id, step_type, status, "
                           "assignee_worker_id, assignee_virtual_worker_id, from_step_id) "
                           "VALUES (?, ?, ?, ?, ?, ?) RETURNING id"),
            {person, type, status, worker, inbox, from});
    }

    StepContext contextAs(const QString &key, qint64 stepId)
    {
        return StepContextQuery(f().db(key), DefinitionRegistry::shared()).read(stepId);
    }

private slots:
    void initTestCase()
    {
        m_f = std::make_unique<SecurityFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        const QVariant none(QMetaType(QMetaType::LongLong));
        // The restricted child's placement request, finished by their social worker.
        const qint64 placement =
            step(f().restrictedId, QStringLiteral("CS Placement Request"),
                 QStringLiteral("finished"), none, f().id(QStringLiteral("sw")), none);
        QVERIFY(placement > 0);
        QVERIFY(f().admin().insert(
                    QStringLiteral("INSERT INTO form_answers (step_id, form_code, question_id, "
                                   "value, version, saved_by, saved_as_role) VALUES (?, "
                                   "'CS-PLACEMENT', 'reason_for_request', 'Overnight breaks.', 1, "
                                   "?, 'social_worker') RETURNING id"),
                    {placement, f().id(QStringLiteral("sw"))}) > 0);
        // Haven Cottage is asked about it.
        m_response = step(
            f().restrictedId, QStringLiteral("CS Short Term Breaks Placement Request"),
            QStringLiteral("incoming"), placement, none, f().vwId(QStringLiteral("haven-cottage")));
        QVERIFY(m_response > 0);
        // A step of a child everyone may see, made (wrongly, as data could be) from it.
        m_visibleFromHidden =
            step(f().childId,
                 QStringLiteral("CS Short Term Breaks Placement "
                                "Request"),
                 QStringLiteral("incoming"), placement, f().id(QStringLiteral("far_sw")), none);
        QVERIFY(m_visibleFromHidden > 0);
    }

    void theHomeAskedSeesTheReferral()
    {
        const StepContext context = contextAs(QStringLiteral("haven"), m_response);
        QVERIFY2(context.status.isOk(), qPrintable(context.status.message()));
        QCOMPARE(context.forms.size(), 1);
        QCOMPARE(context.forms.first().formCode, QStringLiteral("CS-PLACEMENT"));
        QCOMPARE(context.forms.first().answers.value(QStringLiteral("reason_for_request")).value,
                 QStringLiteral("Overnight breaks."));
        // And the child's own social worker.
        QCOMPARE(contextAs(QStringLiteral("sw"), m_response).forms.size(), 1);
    }

    void aWorkerWhoMayNotSeeTheChildSeesNothing()
    {
        const QString far = QStringLiteral("far_sw");
        const StepContext direct = contextAs(far, m_response);
        QVERIFY2(direct.status.isOk(), qPrintable(direct.status.message()));
        QVERIFY(direct.forms.isEmpty());
        // Not through a step they may see, either: the chain stops where their sight does.
        const StepContext through = contextAs(far, m_visibleFromHidden);
        QVERIFY2(through.status.isOk(), qPrintable(through.status.message()));
        QVERIFY(through.forms.isEmpty());
        // Another home, not asked, sees nothing of it.
        QVERIFY(contextAs(QStringLiteral("strut"), m_response).forms.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestContextAsWorkers)
#include "tst_contextasworkers.moc"
