#pragma once

#include <QLabel>

namespace casedesk {

// A message shown in place, next to what it is about, instead of in a modal dialog: a refusal
// from the engine, a missing answer, a confirmation. Hidden while empty. Errors are red and start
// with a word that says so, so colour is never the only cue.
class InlineMessage : public QLabel
{
    Q_OBJECT

public:
    enum class Kind
    {
        Error,
        Warning,
        Information,
        Success
    };

    explicit InlineMessage(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void showError(const QString &text) { showMessage(Kind::Error, text); }
    void showInformation(const QString &text) { showMessage(Kind::Information, text); }
    void clearMessage();

    Kind kind() const { return m_kind; }
    QString message() const { return m_message; }

    // Boxed: a banner with a background; unboxed: a red line of text under a field.
    void setBoxed(bool boxed);

private:
    void updateStyle();

    Kind m_kind = Kind::Information;
    QString m_message;
    bool m_boxed = true;
};

// Shared look: colours that keep WCAG AA contrast on the application's palette. Each has a value
// for a light palette and one for a dark palette; which one applies is read from the
// application palette when the colour is used (widgets are built after the palette is set).
namespace Style {

// True when the application's window colour is dark (a dark desktop theme, or --dark).
bool isDarkPalette();

struct PaletteColour
{
    const char *light;
    const char *dark;
    operator const char *() const { return isDarkPalette() ? dark : light; }
};

inline constexpr PaletteColour ErrorText{"#a4000f", "#ff9a9a"};
inline constexpr PaletteColour ErrorBackground{"#fdecee", "#4a1f24"};
inline constexpr PaletteColour WarningBackground{"#fff4ce", "#4a3f14"};
inline constexpr PaletteColour InfoBackground{"#e8f0fe", "#1f3350"};
inline constexpr PaletteColour SuccessBackground{"#e6f4ea", "#1c3d27"};
inline constexpr PaletteColour MutedText{"#555b61", "#b4bac1"};
// Text on the backgrounds above, and their borders.
inline constexpr PaletteColour MessageText{"#1f1f1f", "#eeeeee"};
inline constexpr PaletteColour Border{"#c4c7c5", "#5c6166"};
// A form's sections: the base colour on a light palette; on a dark one a shade lighter than
// the answer boxes, so that they stand out as wells.
inline constexpr PaletteColour SectionBackground{"palette(base)", "palette(button)"};
// Frames around sections and the "add a next action" area.
inline constexpr PaletteColour FrameBorder{"#d0d7de", "#4a525b"};
inline constexpr PaletteColour PanelBackground{"#f6f8fa", "#2b3036"};
// A read-only answer: a tinted box, still readable and selectable.
inline constexpr PaletteColour ReadOnlyBackground{"#f3f4f5", "#33383e"};
// Owner headings of the workviews, and a selected row that keeps its own colours.
inline constexpr PaletteColour HeadingBackground{"#e8f0fe", "#243447"};
inline constexpr PaletteColour SelectedBackground{"#dbe7fb", "#2f4a6b"};
} // namespace Style

} // namespace casedesk
