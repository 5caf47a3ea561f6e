#include "app/application.h"

#include <QApplication>
#include <QTranslator>
#include <memory>

namespace {

// --help and --version print and exit before any window: they must work without a display
// (QApplication aborts when there is none).
bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "-?" ||
            argument == "--help-all" || argument == "--version" || argument == "-v")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> app;
    if (onlyPrints(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CaseDesk"));
    QApplication::setApplicationName(QStringLiteral("CaseDesk"));
    QApplication::setApplicationVersion(QStringLiteral(CASEDESK_VERSION));

    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/casedesk_en_GB.qm")))
        QApplication::installTranslator(&translator);

    casedesk::Application casedesk;
    return casedesk.run(QApplication::arguments());
}
