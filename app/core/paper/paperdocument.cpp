#include "paperdocument.h"

#include <QCoreApplication>
#include <QTimeZone>

namespace casedesk {

QString PaperDocument::producedLine() const
{
    const QDateTime local = producedAt.toTimeZone(QTimeZone("Europe/London"));
    return QCoreApplication::translate("casedesk::PaperDocument", "Produced by %1 on %2 at %3")
        .arg(producedBy, local.toString(QStringLiteral("dd/MM/yyyy")),
             local.toString(QStringLiteral("HH:mm")));
}

QString PaperDocument::formsLine() const
{
    if (formVersions.isEmpty())
        return QString();
    return QCoreApplication::translate("casedesk::PaperDocument", "Forms: %1")
        .arg(formVersions.join(QStringLiteral(", ")));
}

QString PaperDocument::pageLine(int page, int pages)
{
    return QCoreApplication::translate("casedesk::PaperDocument", "Page %1 of %2")
        .arg(page)
        .arg(pages);
}

} // namespace casedesk
