// An answer holding NUL or other control characters (pasted from another program, say) saves the
// same on both backends: they are dropped, tabs and line breaks stay. PostgreSQL cannot store NUL
// in text, so before this such an answer could never be saved there while SQLite kept it.
#include "authorityfixture.h"
#include "definitions/definitionregistry.h"
#include "testdatabase.h"
#include "workflow/workflowengine.h"

#include <QtTest>

using namespace casedesk;
using namespace casedesk::test;

class TestAnswerText : public QObject
{
    Q_OBJECT

private slots:
    void controlCharactersAreDroppedOnBothBackends()
    {
        CASEDESK_TEST_DATABASE(test);
        AuthorityFixture authority(test.db());
        WorkflowEngine engine(test.db(), DefinitionRegistry::shared());
        const Actor sw = authority.as(QStringLiteral("sw"), QStringLiteral("social_worker"));
        const qint64 step = engine.createStep(
            authority.childId,
            QStringLiteral("CS Decision on Significant Information (Open SC Case)"), Assignee::me(),
            sw);
        QVERIFY(engine.startStep(step, sw).isOk());
        QString typed = QStringLiteral("Carers exhausted.");
        typed.append(QChar(0))
            .append(QStringLiteral("\x01\x1b\x7f"))
            .append(QStringLiteral("\tSee notes.\r\nVisit on Monday."));
        const QString question = QStringLiteral("details_of_significant_information");
        const Status saved =
            engine.saveAnswers(step, QStringLiteral("C1044"), {{question, typed}}, sw);
        QVERIFY2(saved.isOk(), qPrintable(saved.message()));
        QCOMPARE(engine.answers(step, QStringLiteral("C1044")).value(question).value,
                 QStringLiteral("Carers exhausted.\tSee notes.\r\nVisit on Monday."));
        // Saving the same text again is no change: no second version.
        QVERIFY(engine.saveAnswers(step, QStringLiteral("C1044"), {{question, typed}}, sw).isOk());
        QCOMPARE(engine.answers(step, QStringLiteral("C1044")).value(question).version, 1);
    }
};

QTEST_GUILESS_MAIN(TestAnswerText)
#include "tst_answertext.moc"
