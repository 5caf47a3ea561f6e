#pragma once

#include "paper/paperdocument.h"

#include <QCoreApplication>
#include <QString>

class QPagedPaintDevice;

namespace casedesk {

// Lays a PaperDocument out on A4 pages: the body flows between a header and a footer that every
// page repeats (the OFFICIAL-SENSITIVE marking at top and bottom, the title, the forms and their
// versions, "Page n of m", who produced it and when). The same pages go to a PDF file or to a
// printer (QPrinter is a QPagedPaintDevice).
class PaperRenderer
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::PaperRenderer)

public:
    // Draws every page on `device` (its page layout as set); the number of pages, 0 on failure.
    static int render(const PaperDocument &document, QPagedPaintDevice *device);
    // Writes `document` as a PDF at `path`; on failure says why in `error`.
    static bool writePdf(const PaperDocument &document, const QString &path,
                         QString *error = nullptr);
};

} // namespace casedesk
