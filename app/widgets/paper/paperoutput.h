#pragma once

#include "paper/paperdocument.h"

#include <QCoreApplication>
#include <QFuture>
#include <QList>
#include <QString>
#include <functional>

class QAction;
class QWidget;

namespace casedesk {

// Print… and Save as PDF… for a screen: the document is read off the GUI thread (the screen's
// `read`, a job on its database thread), then printed through the system print dialog or written
// where the worker chooses. Tests answer the dialogs as CsvExport's are answered:
//
//     PaperOutput::setNextSaveFileName(dir.filePath("step.pdf"));  // Save as PDF… asks nothing
//     PaperOutput::setNextPrintToFile(dir.filePath("printed.pdf")); // Print… prints to that file
class PaperOutput
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::PaperOutput)

public:
    using Reader = std::function<QFuture<PaperDocument>()>;
    // What became of it, for the screen to show next to where it was asked ("" when cancelled).
    using Report = std::function<void(bool succeeded, const QString &message)>;

    // "Print…" and "Save as PDF…" actions owned by `parent` (object names printAction and
    // savePdfAction unless `namePrefix` is given: "<prefix>PrintAction", "<prefix>SavePdfAction").
    static QList<QAction *> actions(QWidget *parent, Reader read, Report report,
                                    const QString &namePrefix = QString());

    static void savePdf(QWidget *parent, const PaperDocument &document, const Report &report);
    static void print(QWidget *parent, const PaperDocument &document, const Report &report);

    // For tests: the next Save as PDF… writes to `path` without asking (used once; an empty path
    // acts as if cancelled).
    static void setNextSaveFileName(const QString &path);
    // For tests: the next Print… prints to a PDF at `path` without showing the print dialog.
    static void setNextPrintToFile(const QString &path);
};

} // namespace casedesk
