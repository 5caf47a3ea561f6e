#include "paperrenderer.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace casedesk {

namespace {

// Layout is in points (1/72 inch) whatever the device's resolution.
constexpr qreal HeaderHeight = 54;
constexpr qreal FooterHeight = 42;

// Ligatures ("ﬁ") would reach the PDF's text as one character, and a search for "finished"
// would not find it: Latin text needs no shaping, and without it there are none.
void noLigatures(QFont *font)
{
    font->setStyleStrategy(QFont::PreferNoShaping);
}

// A font `points` high in the frame's units (points, with the painter scaled to the device):
// a font's point size is already turned into the device's pixels, so it is divided back here.
QFont font(qreal points, const QPaintDevice *device, bool bold = false)
{
    QFont result(QStringLiteral("DejaVu Sans"));
    result.setPointSizeF(points * 72.0 / device->logicalDpiY());
    result.setBold(bold);
    noLigatures(&result);
    return result;
}

void drawFrame(QPainter &painter, const PaperDocument &document, const QSizeF &page, int number,
               int pages)
{
    const QPaintDevice *device = painter.device();
    const auto font = [device](qreal points, bool bold = false) {
        return casedesk::font(points, device, bold);
    };
    const auto metrics = [device](const QFont &font) { return QFontMetricsF(font, device); };
    const qreal width = page.width();
    painter.setPen(Qt::black);
    painter.setFont(font(10, true));
    painter.drawText(QRectF(0, 0, width, 14), Qt::AlignHCenter | Qt::AlignTop,
                     PaperDocument::marking());
    painter.setFont(font(8));
    const QString pageLine = PaperDocument::pageLine(number, pages);
    const qreal pageWidth = metrics(painter.font()).horizontalAdvance(pageLine) + 4;
    painter.drawText(
        QRectF(0, 16, width - pageWidth - 8, 12), Qt::AlignLeft | Qt::AlignTop,
        metrics(painter.font()).elidedText(document.title, Qt::ElideRight, width - pageWidth - 8));
    painter.drawText(QRectF(width - pageWidth, 16, pageWidth, 12), Qt::AlignRight | Qt::AlignTop,
                     pageLine);
    painter.setFont(font(7));
    painter.drawText(QRectF(0, 29, width, 20), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                     document.formsLine());
    painter.drawLine(QPointF(0, HeaderHeight - 4), QPointF(width, HeaderHeight - 4));

    const qreal footerTop = page.height() - FooterHeight;
    painter.drawLine(QPointF(0, footerTop + 4), QPointF(width, footerTop + 4));
    painter.setFont(font(8));
    painter.drawText(QRectF(0, footerTop + 8, width - pageWidth - 8, 12),
                     Qt::AlignLeft | Qt::AlignTop, document.producedLine());
    painter.drawText(QRectF(width - pageWidth, footerTop + 8, pageWidth, 12),
                     Qt::AlignRight | Qt::AlignTop, pageLine);
    painter.setFont(font(10, true));
    painter.drawText(QRectF(0, page.height() - 14, width, 14), Qt::AlignHCenter | Qt::AlignBottom,
                     PaperDocument::marking());
}

} // namespace

int PaperRenderer::render(const PaperDocument &document, QPagedPaintDevice *device)
{
    QPainter painter;
    if (!painter.begin(device))
        return 0;
    // One unit a point: the document and the frame are laid out the same on any device.
    const qreal scale = device->logicalDpiX() / 72.0;
    painter.scale(scale, scale);
    const QSizeF page(device->width() / scale, device->height() / scale);
    const qreal bodyHeight = page.height() - HeaderHeight - FooterHeight;

    QTextDocument body;
    body.documentLayout()->setPaintDevice(device);
    // Laid out in the device's own pixels (its paint device), so its fonts keep their points.
    QFont bodyFont(QStringLiteral("DejaVu Sans"));
    bodyFont.setPointSizeF(10);
    noLigatures(&bodyFont);
    body.setDefaultFont(bodyFont);
    body.setHtml(document.html);
    // The body's own units follow the device's resolution; laid out at the page's size in them.
    const qreal bodyScale = device->logicalDpiX() / 72.0;
    body.setPageSize(QSizeF(page.width(), bodyHeight) * bodyScale);
    const int pages = body.pageCount();
    for (int number = 1; number <= pages; ++number) {
        if (number > 1)
            device->newPage();
        drawFrame(painter, document, page, number, pages);
        painter.save();
        painter.translate(0, HeaderHeight);
        painter.scale(1 / bodyScale, 1 / bodyScale);
        const qreal top = (number - 1) * bodyHeight * bodyScale;
        painter.translate(0, -top);
        body.drawContents(&painter,
                          QRectF(0, top, page.width() * bodyScale, bodyHeight * bodyScale));
        painter.restore();
    }
    painter.end();
    return pages;
}

bool PaperRenderer::writePdf(const PaperDocument &document, const QString &path, QString *error)
{
    if (!document.status) {
        if (error)
            *error = document.status.message();
        return false;
    }
    {
        QPdfWriter writer(path);
        writer.setTitle(document.title);
        writer.setCreator(QStringLiteral("CaseDesk"));
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter));
        if (render(document, &writer) > 0)
            return true;
    }
    if (error)
        *error = tr("CaseDesk could not write the PDF to %1.").arg(path);
    return false;
}

} // namespace casedesk
