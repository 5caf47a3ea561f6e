#include "paperoutput.h"

#include "paperrenderer.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QPrintDialog>
#include <QPrinter>
#include <QStandardPaths>
#include <QWidget>
#include <optional>

namespace casedesk {

namespace {
std::optional<QString> nextFileName;
std::optional<QString> nextPrintFile;

QString askFileName(QWidget *parent, const QString &suggested)
{
    if (nextFileName) {
        const QString path = *nextFileName;
        nextFileName.reset();
        return path;
    }
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, PaperOutput::tr("Save as PDF"),
                                        QDir(folder).filePath(suggested),
                                        PaperOutput::tr("PDF files (*.pdf)"));
}
} // namespace

void PaperOutput::setNextSaveFileName(const QString &path)
{
    nextFileName = path;
}

void PaperOutput::setNextPrintToFile(const QString &path)
{
    nextPrintFile = path;
}

QList<QAction *> PaperOutput::actions(QWidget *parent, Reader read, Report report,
                                      const QString &namePrefix)
{
    auto *print = new QAction(tr("&Print…"), parent);
    print->setObjectName(namePrefix.isEmpty() ? QStringLiteral("printAction")
                                              : namePrefix + QStringLiteral("PrintAction"));
    print->setToolTip(tr("Print what is saved, marked OFFICIAL-SENSITIVE"));
    auto *pdf = new QAction(tr("Save as P&DF…"), parent);
    pdf->setObjectName(namePrefix.isEmpty() ? QStringLiteral("savePdfAction")
                                            : namePrefix + QStringLiteral("SavePdfAction"));
    pdf->setToolTip(tr("Save what is saved as a PDF, marked OFFICIAL-SENSITIVE"));
    const auto run = [parent, read, report](bool printing) {
        read().then(parent, [parent, report, printing](const PaperDocument &document) {
            if (printing)
                PaperOutput::print(parent, document, report);
            else
                PaperOutput::savePdf(parent, document, report);
        });
    };
    QObject::connect(print, &QAction::triggered, parent, [run] { run(true); });
    QObject::connect(pdf, &QAction::triggered, parent, [run] { run(false); });
    return {print, pdf};
}

void PaperOutput::savePdf(QWidget *parent, const PaperDocument &document, const Report &report)
{
    if (!document.status) {
        report(false, document.status.message());
        return;
    }
    const QString path = askFileName(parent, document.suggestedFileName);
    if (path.isEmpty()) {
        report(false, QString());
        return;
    }
    QString error;
    if (!PaperRenderer::writePdf(document, path, &error)) {
        report(false, error);
        return;
    }
    report(true, tr("Saved as %1.").arg(QDir::toNativeSeparators(path)));
}

void PaperOutput::print(QWidget *parent, const PaperDocument &document, const Report &report)
{
    if (!document.status) {
        report(false, document.status.message());
        return;
    }
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(document.title);
    printer.setPageSize(QPageSize(QPageSize::A4));
    if (nextPrintFile) {
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(*nextPrintFile);
        nextPrintFile.reset();
    } else {
        QPrintDialog dialog(&printer, parent);
        dialog.setWindowTitle(tr("Print %1").arg(document.title));
        if (dialog.exec() != QDialog::Accepted) {
            report(false, QString());
            return;
        }
    }
    if (PaperRenderer::render(document, &printer) == 0) {
        report(false, tr("CaseDesk could not print %1.").arg(document.title));
        return;
    }
    report(true, tr("Sent %1 to the printer.").arg(document.title));
}

} // namespace casedesk
