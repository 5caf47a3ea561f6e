#include "admintool.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CaseDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("casedesk-admin"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CASEDESK_VERSION));
    casedesk::AdminTool tool;
    return tool.run(QCoreApplication::arguments());
}
