#include "app/application.h"

#include <QApplication>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CaseDesk"));
    QApplication::setApplicationName(QStringLiteral("CaseDesk"));
    QApplication::setApplicationVersion(QStringLiteral(CASEDESK_VERSION));

    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/casedesk_en_GB.qm")))
        QApplication::installTranslator(&translator);

    casedesk::Application casedesk;
    return casedesk.run(QApplication::arguments());
}
