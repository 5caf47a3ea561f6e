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

// Shared look: colours that keep WCAG AA contrast on a light background.
namespace Style {
inline constexpr const char *ErrorText = "#a4000f";
inline constexpr const char *ErrorBackground = "#fdecee";
inline constexpr const char *WarningBackground = "#fff4ce";
inline constexpr const char *InfoBackground = "#e8f0fe";
inline constexpr const char *SuccessBackground = "#e6f4ea";
inline constexpr const char *MutedText = "#555b61";
} // namespace Style

} // namespace casedesk
