#pragma once

#include "domain/status.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk {

// Something to print or save as PDF, built without widgets (PaperReader) and laid out on pages
// by PaperRenderer: a body of HTML and what every page repeats around it.
struct PaperDocument
{
    // Government Security Classification marking, at the top and bottom of every page.
    static QString marking() { return QStringLiteral("OFFICIAL-SENSITIVE"); }

    // Not ok: nothing to print, and why (a document never read says so).
    Status status = Status::failure(QCoreApplication::translate(
        "casedesk::PaperDocument", "CaseDesk could not read what to print."));
    QString title;             // "CS Visit – Ava Example"
    QString suggestedFileName; // "CS Visit - Ava Example.pdf"
    // "C1044 version 3f2a9c1b" for each form the document shows, in order.
    QStringList formVersions;
    QString producedBy;      // the worker's name
    QDateTime producedAt;    // UTC
    QString html;            // the body
    QList<qint64> personIds; // the children whose records it shows (each audited as a read)

    // "Produced by Sam Worker on 08/12/2026 at 00:40": the line every page ends with.
    QString producedLine() const;
    // "Forms: C1044 version 3f2a9c1b, C1300 version 0d9e…": the line every page starts with.
    QString formsLine() const;
    static QString pageLine(int page, int pages);
};

} // namespace casedesk
