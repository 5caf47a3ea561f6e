// The translation compiled into casedesk_widgets loads from its resource path, and the
// packaging files agree on the application id and ship a usable SVG icon.
#include <QtTest>

#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>

class TestPackagingResources : public QObject
{
    Q_OBJECT

private:
    static QString packagingFile(const QString &suffix)
    {
        return qEnvironmentVariable("CASEDESK_PACKAGING_DIR") + QLatin1Char('/') +
               qEnvironmentVariable("CASEDESK_APP_ID") + suffix;
    }

    static QString readText(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return {};
        return QString::fromUtf8(file.readAll());
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("CASEDESK_PACKAGING_DIR"),
                 "run through ctest (CASEDESK_PACKAGING_DIR is not set)");
        QVERIFY(!qEnvironmentVariableIsEmpty("CASEDESK_APP_ID"));
    }

    void translationIsCompiledIn()
    {
        const QString path = QStringLiteral(":/i18n/casedesk_en_GB.qm");
        QVERIFY2(QFile::exists(path), qPrintable(path + QStringLiteral(" is not a resource")));
        QTranslator translator;
        QVERIFY(translator.load(path));
        QCOMPARE(translator.language(), QStringLiteral("en_GB"));
        // The same call main.cpp makes.
        QTranslator byLocale;
        QVERIFY(byLocale.load(QLocale(QStringLiteral("en_GB")), QStringLiteral("casedesk"),
                              QStringLiteral("_"), QStringLiteral(":/i18n")));
    }

    void idsAgree()
    {
        const QString id = qEnvironmentVariable("CASEDESK_APP_ID");
        const QString desktop = readText(packagingFile(QStringLiteral(".desktop")));
        QVERIFY(!desktop.isEmpty());
        QVERIFY(desktop.contains(
            QRegularExpression(QStringLiteral("^Icon=%1$").arg(QRegularExpression::escape(id)),
                               QRegularExpression::MultilineOption)));
        QVERIFY(desktop.contains(QRegularExpression(QStringLiteral("^Exec=casedesk\\b"),
                                                    QRegularExpression::MultilineOption)));

        const QString metainfo = readText(packagingFile(QStringLiteral(".metainfo.xml")));
        QVERIFY(metainfo.contains(QStringLiteral("<id>%1</id>").arg(id)));
        QVERIFY(metainfo.contains(
            QStringLiteral("<launchable type=\"desktop-id\">%1.desktop</launchable>").arg(id)));
    }

    void iconIsSquareSvg()
    {
        QFile file(packagingFile(QStringLiteral(".svg")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QVERIFY(xml.readNextStartElement());
        QCOMPARE(xml.name(), QLatin1String("svg"));
        QCOMPARE(xml.namespaceUri(), QLatin1String("http://www.w3.org/2000/svg"));
        const QStringList viewBox = xml.attributes()
                                        .value(QLatin1String("viewBox"))
                                        .toString()
                                        .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(viewBox.size(), 4);
        QCOMPARE(viewBox.at(2), viewBox.at(3));
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestPackagingResources)
#include "tst_packagingresources.moc"
