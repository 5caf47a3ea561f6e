#pragma once

#include <QLabel>

namespace casedesk {

// One line of plain text that never widens its window: text too long for the space it is given
// (a 300-character name) ends in "…", with the whole of it in the tooltip and for screen readers.
// Its minimum width is a few characters, so layouts can always make it narrower.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // Hides QLabel::setText: the text shown is `text` cut to fit.
    void setText(const QString &text);
    const QString &fullText() const { return m_fullText; }
    bool isElided() const { return text() != m_fullText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateShownText();

    QString m_fullText;
};

// `text` cut to at most `characters` characters, ending in "…" when it was cut: for tab titles
// and window titles, where no label can elide.
QString elidedTitle(const QString &text, int characters = 48);

} // namespace casedesk
