// Print and PDF (app/core/paper, app/paper): a step, a person's record, a panel agenda and the
// panel pack rendered as PDFs and read back with poppler's pdftotext, on both backends. Every
// page is marked OFFICIAL-SENSITIVE at its top and bottom and says "Page n of m", the forms and
// their versions and who produced it; producing one is audited as a read of the child's record.
#include "definitions/definitionregistry.h"
#include "dpscenario.h"
#include "paper/paperreader.h"
#include "paperchecks.h"
#include "paperrenderer.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace casedesk;
using namespace casedesk::test;

class TestPaperDocuments : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DpFixture> m_f;
    QTemporaryDir m_dir;
    qint64 m_panel = 0;
    qint64 m_child = 0;
    qint64 m_referral = 0;

    DpFixture &f() { return *m_f; }

    int viewsOf(qint64 personId)
    {
        return f()
            .db()
            .scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE person_id = ? AND "
                                   "action = 'view'"),
                    {personId})
            .toInt();
    }

    // The document as a PDF, read back a page at a time; every page checked for its frame.
    QStringList rendered(const PaperDocument &document, const QString &name)
    {
        if (!document.status) {
            qWarning("%s", qPrintable(document.status.message()));
            return {};
        }
        const QString path = m_dir.filePath(name);
        QString error;
        if (!PaperRenderer::writePdf(document, path, &error)) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        const QStringList pages = pdfPages(path, &error);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        for (int i = 0; i < pages.size(); ++i) {
            const QString &page = pages.at(i);
            if (firstLine(page) != PaperDocument::marking() ||
                lastLine(page) != PaperDocument::marking() ||
                !page.contains(PaperDocument::pageLine(i + 1, int(pages.size()))) ||
                !squeezed(page).contains(u"Produced by Worker "_qs)) {
                qWarning("page %d of %s lacks its frame:\n%s", i + 1, qPrintable(name),
                         qPrintable(page));
                return {};
            }
        }
        return pages;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_f = std::make_unique<DpFixture>();
        QString error;
        QVERIFY2(m_f->create(&error), qPrintable(error));
        f().setToday(QDate(2027, 3, 1));
        Status status;
        m_panel = f().dp().addPanel(QDateTime(QDate(2027, 3, 11), QTime(10, 0)), QDate(2027, 3, 4),
                                    QStringLiteral("Civic Centre"), f().admin(), &status);
        QVERIFY2(m_panel > 0, qPrintable(status.message()));
        m_child =
            f().addChild(QStringLiteral("Ava"), QStringLiteral("Example"), QStringLiteral("sw"));
        qint64 episode = 0;
        STEP(startDirectPayments(f(), m_child, f().sw(), &episode, &m_referral));
        EXPECT_OK(f().dp().startStep(m_referral, f().sw()));
        // Long enough for a second page.
        Answers answers = referralAnswers();
        QString background;
        for (int i = 1; i <= 60; ++i)
            background += QStringLiteral("Paragraph %1 of the family's background.\n").arg(i);
        answers.insert(QStringLiteral("brief_background"), background);
        EXPECT_OK(f().engine().saveAnswers(m_referral, dp::ReferralForm, answers, f().sw()));
        EXPECT_OK(f().dp().finishStep(m_referral, f().sw()));
        QString notice;
        STEP(managerDecides(f(), f().stepOf(m_child, dp::EnquiryUpdate), f().manager(),
                            dp::Authorise, &notice));
        QCOMPARE(f().dp().agenda(m_panel).size(), 1);
    }

    void cleanup() { m_f.reset(); }

    void aStepPrintsEveryAnswerWithWhoSavedIt()
    {
        const int viewsBefore = viewsOf(m_child);
        const PaperDocument document =
            PaperReader(f().db(), DefinitionRegistry::shared()).step(m_referral, f().sw());
        QVERIFY2(document.status, qPrintable(document.status.message()));
        QCOMPARE(viewsOf(m_child), viewsBefore + 1); // audited as opening the record
        const QStringList pages = rendered(document, u"step.pdf"_qs);
        QVERIFY(pages.size() >= 2);
        const QString text = squeezed(pages.join(QLatin1Char('\n')));
        QVERIFY(text.contains(u"Page 1 of %1"_qs.arg(pages.size())));
        QVERIFY(text.contains(u"Page 2 of %1"_qs.arg(pages.size())));
        const FormDefinition *form = DefinitionRegistry::shared().form(dp::ReferralForm);
        QVERIFY(form && form->version.size() == 8);
        QVERIFY2(text.contains(u"%1 version %2"_qs.arg(form->code, form->version)),
                 qPrintable(text.left(400)));
        QVERIFY(text.contains(u"A personal assistant for 6 hours a week"_qs));
        QVERIFY(text.contains(u"Paragraph 60 of the family's background."_qs));
        QVERIFY(text.contains(u"Saved by Worker sw"_qs));
        QVERIFY(text.contains(u"Produced by Worker sw on "_qs));
        QVERIFY(text.contains(u"Direct Payments Referral"_qs));
        // Sections in their order.
        const SectionDefinition *first = nullptr;
        const SectionDefinition *last = nullptr;
        for (const SectionDefinition &section : form->sections) {
            if (section.isNextActions())
                continue;
            if (!first)
                first = &section;
            last = &section;
        }
        QVERIFY(first && last && first != last);
        const qsizetype firstAt = text.indexOf(u"%1. %2"_qs.arg(first->number).arg(first->title));
        const qsizetype lastAt = text.indexOf(u"%1. %2"_qs.arg(last->number).arg(last->title));
        QVERIFY2(firstAt >= 0 && lastAt > firstAt, qPrintable(text.left(2000)));
    }

    void aPersonsRecordPrintsTheSummary()
    {
        const int viewsBefore = viewsOf(m_child);
        const PaperDocument document =
            PaperReader(f().db(), DefinitionRegistry::shared()).personRecord(m_child, f().sw());
        QCOMPARE(viewsOf(m_child), viewsBefore + 1);
        const QStringList pages = rendered(document, u"record.pdf"_qs);
        QVERIFY(!pages.isEmpty());
        const QString text = squeezed(pages.join(QLatin1Char('\n')));
        QVERIFY(text.contains(u"Ava Example"_qs));
        QVERIFY(text.contains(u"Mother"_qs));
        QVERIFY2(text.contains(u"finished, Worker sw"_qs), qPrintable(text)); // no "ﬁ" ligature
        QVERIFY(text.contains(u"Allocated worker Worker sw"_qs));
        QVERIFY(text.contains(u"Direct Payments"_qs));
        QVERIFY2(text.contains(u"Direct Payments Referral"_qs), qPrintable(text)); // its history
    }

    void thePanelPackHasEachCaseWithItsReferral()
    {
        const int viewsBefore = viewsOf(m_child);
        PaperReader reader(f().db(), DefinitionRegistry::shared());
        const QStringList agenda =
            rendered(reader.panelAgenda(m_panel, f().admin()), u"agenda.pdf"_qs);
        QVERIFY(!agenda.isEmpty());
        const QString agendaText = squeezed(agenda.join(QLatin1Char('\n')));
        QVERIFY(agendaText.contains(u"Direct Payments Panel of 11/03/2027"_qs));
        QVERIFY(agendaText.contains(u"Ava Example"_qs));
        QVERIFY(agendaText.contains(u"Civic Centre"_qs));

        const QStringList pack = rendered(reader.panelPack(m_panel, f().admin()), u"pack.pdf"_qs);
        QVERIFY(pack.size() >= 2); // the agenda, then each case from a new page
        const QString packText = squeezed(pack.join(QLatin1Char('\n')));
        QVERIFY(packText.contains(u"A personal assistant for 6 hours a week"_qs));
        QVERIFY(packText.contains(u"Ava takes part in a weekly club"_qs));
        QVERIFY(packText.contains(u"%1 version"_qs.arg(dp::ReferralForm)));
        QVERIFY(viewsOf(m_child) >= viewsBefore + 2);
    }
};

QTEST_MAIN(TestPaperDocuments)
#include "tst_paperdocuments.moc"
