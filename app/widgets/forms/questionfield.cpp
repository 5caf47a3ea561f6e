#include "questionfield.h"

#include "common/inlinemessage.h"
#include "workflow/formlogic.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace casedesk {

namespace {

const QString IsoDate = QStringLiteral("yyyy-MM-dd");
const QString UkDate = QStringLiteral("dd/MM/yyyy");

// dd/mm/yyyy as typed (single-digit days and months allowed) to ISO; anything else unchanged,
// so the engine can say what is wrong with it.
QString isoFromTyped(const QString &typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return QString();
    for (const QString &format : {UkDate, QStringLiteral("d/M/yyyy"), IsoDate}) {
        const QDate date = QDate::fromString(text, format);
        if (date.isValid())
            return date.toString(IsoDate);
    }
    return text;
}

} // namespace

QuestionField::QuestionField(const QuestionDefinition &question, const QString &confirmingName,
                             QWidget *parent)
    : QFrame(parent), m_question(question), m_confirmingName(confirmingName)
{
    setObjectName(QStringLiteral("question_") + question.id);

    // A red bar down the left marks a question with a problem, beside the red message under it.
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 2, 0, 2);
    outer->setSpacing(8);
    m_bar = new QFrame(this);
    m_bar->setFixedWidth(3);
    m_bar->setObjectName(QStringLiteral("problemBar"));
    m_bar->setStyleSheet(QStringLiteral("QFrame#problemBar { background: transparent; }"));
    outer->addWidget(m_bar);
    auto *layout = new QVBoxLayout;
    layout->setContentsMargins(0, 2, 0, 2);
    layout->setSpacing(4);
    outer->addLayout(layout, 1);

    auto *labelRow = new QHBoxLayout;
    labelRow->setSpacing(8);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    QString labelHtml = QStringLiteral("<b>%1</b>").arg(question.label.toHtmlEscaped());
    if (question.mandatory)
        labelHtml += QStringLiteral(" <span style=\"color:%1; font-weight:bold;\">*</span>")
                         .arg(QLatin1String(Style::ErrorText));
    m_label->setText(labelHtml);
    if (question.mandatory)
        m_label->setToolTip(tr("Mandatory: this must be answered before the step can finish."));
    labelRow->addWidget(m_label, 1);
    m_note = new QLabel(this);
    m_note->setStyleSheet(
        QStringLiteral("color: %1; font-style: italic;").arg(QLatin1String(Style::MutedText)));
    m_note->setVisible(false);
    labelRow->addWidget(m_note, 0, Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(labelRow);

    if (!question.guidance.isEmpty()) {
        m_guidance = new QLabel(question.guidance, this);
        m_guidance->setWordWrap(true);
        m_guidance->setTextFormat(Qt::PlainText);
        m_guidance->setStyleSheet(
            QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
        layout->addWidget(m_guidance);
    }

    buildEditor();
    m_label->setBuddy(m_editor);
    m_editor->setAccessibleName(question.label);
    updateAccessibleDescription(QString());
    // Choices, dates and numbers keep their own width; text fills the line.
    const bool fills =
        m_question.type == QuestionType::Text || m_question.type == QuestionType::Line;
    layout->addWidget(m_editor, 0, fills ? Qt::Alignment() : Qt::AlignLeft);

    m_problem = new InlineMessage(this);
    m_problem->setBoxed(false);
    layout->addWidget(m_problem);
}

void QuestionField::buildEditor()
{
    switch (m_question.type) {
    case QuestionType::Text:
        m_text = new QPlainTextEdit(this);
        m_text->setTabChangesFocus(true);
        m_text->setMinimumHeight(fontMetrics().lineSpacing() * 4 + 12);
        m_text->setMaximumHeight(fontMetrics().lineSpacing() * 7 + 12);
        connect(m_text, &QPlainTextEdit::textChanged, this, &QuestionField::valueChanged);
        m_editor = m_text;
        break;
    case QuestionType::Line:
        m_line = new QLineEdit(this);
        connect(m_line, &QLineEdit::textEdited, this, &QuestionField::valueChanged);
        m_editor = m_line;
        break;
    case QuestionType::Date:
        m_line = new QLineEdit(this);
        m_line->setPlaceholderText(tr("dd/mm/yyyy"));
        m_line->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("^[0-9]{0,2}(/[0-9]{0,2}(/[0-9]{0,4})?)?$")),
            m_line));
        m_line->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00/00/00000")) +
                                40);
        m_line->setToolTip(tr("A date as day/month/year, for example 23/11/2026"));
        connect(m_line, &QLineEdit::textEdited, this, &QuestionField::valueChanged);
        connect(m_line, &QLineEdit::editingFinished, this, &QuestionField::checkShape);
        m_editor = m_line;
        break;
    case QuestionType::Number:
        m_line = new QLineEdit(this);
        m_line->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("^[0-9]{0,9}([.][0-9]{0,4})?$")), m_line));
        m_line->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0")) * 16 + 24);
        connect(m_line, &QLineEdit::textEdited, this, &QuestionField::valueChanged);
        connect(m_line, &QLineEdit::editingFinished, this, &QuestionField::checkShape);
        m_editor = m_line;
        break;
    case QuestionType::Choice:
        m_combo = new QComboBox(this);
        m_combo->addItem(QString());
        m_combo->addItems(m_question.choices);
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_combo->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 16);
        connect(m_combo, &QComboBox::currentIndexChanged, this, &QuestionField::valueChanged);
        m_editor = m_combo;
        break;
    case QuestionType::Boolean: {
        // Yes and No, nothing chosen until answered: a tick box could not tell "No" from "not
        // answered yet", and conditions and mandatory checks depend on the difference.
        auto *pair = new QWidget(this);
        auto *row = new QHBoxLayout(pair);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(18);
        m_yes = new QRadioButton(tr("Yes"), pair);
        m_no = new QRadioButton(tr("No"), pair);
        m_yes->setObjectName(QStringLiteral("yes"));
        m_no->setObjectName(QStringLiteral("no"));
        m_boolean = new QButtonGroup(pair);
        m_boolean->addButton(m_yes);
        m_boolean->addButton(m_no);
        row->addWidget(m_yes);
        row->addWidget(m_no);
        row->addStretch(1);
        pair->setFocusProxy(m_yes);
        connect(m_boolean, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool on) {
            if (on)
                emit valueChanged();
        });
        m_editor = pair;
        break;
    }
    case QuestionType::Confirmation:
        m_check = new QCheckBox(this);
        connect(m_check, &QCheckBox::toggled, this, [this](bool checked) {
            m_confirmedName = checked ? m_confirmingName : QString();
            updateConfirmationText();
            emit valueChanged();
        });
        m_editor = m_check;
        updateConfirmationText();
        break;
    }
}

void QuestionField::updateConfirmationText()
{
    if (!m_check || m_question.type != QuestionType::Confirmation)
        return;
    m_check->setText(m_confirmedName.isEmpty()
                         ? tr("Checked and completed by")
                         : tr("Checked and completed by %1").arg(m_confirmedName));
}

void QuestionField::checkShape()
{
    // Only says what is wrong with the shape of an answer; a missing answer is the engine's to
    // report, on Finish.
    const QString invalid = FormLogic::invalidValueMessage(m_question, value());
    if (!invalid.isEmpty()) {
        setProblem(invalid);
        m_shapeProblem = true;
    } else if (m_shapeProblem) {
        setProblem(QString());
        m_shapeProblem = false;
    }
}

QString QuestionField::displayDate(const QString &iso) const
{
    const QDate date = QDate::fromString(iso, IsoDate);
    return date.isValid() ? date.toString(UkDate) : iso;
}

QString QuestionField::value() const
{
    switch (m_question.type) {
    case QuestionType::Text:
        return m_text->toPlainText();
    case QuestionType::Line:
        return m_line->text();
    case QuestionType::Number:
        return m_line->text().trimmed();
    case QuestionType::Date:
        return isoFromTyped(m_line->text());
    case QuestionType::Choice:
        return m_combo->currentText();
    case QuestionType::Boolean:
        return m_yes->isChecked()  ? QStringLiteral("true")
               : m_no->isChecked() ? QStringLiteral("false")
                                   : QString();
    case QuestionType::Confirmation:
        return m_check->isChecked() ? m_confirmedName : QString();
    }
    return QString();
}

void QuestionField::setValue(const QString &value)
{
    const QSignalBlocker blocker(m_editor);
    switch (m_question.type) {
    case QuestionType::Text:
        m_text->setPlainText(value);
        break;
    case QuestionType::Line:
    case QuestionType::Number:
        m_line->setText(value);
        break;
    case QuestionType::Date:
        m_line->setText(displayDate(value));
        break;
    case QuestionType::Choice: {
        int index = m_combo->findText(value, Qt::MatchFixedString | Qt::MatchCaseSensitive);
        if (index < 0) {
            // A value no longer among the choices is kept and shown rather than lost.
            m_combo->addItem(value);
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(value.isEmpty() ? 0 : index);
        break;
    }
    case QuestionType::Boolean: {
        const QSignalBlocker groupBlocker(m_boolean);
        // Clearing a choice needs the group's exclusivity off for a moment.
        m_boolean->setExclusive(false);
        m_yes->setChecked(value == QLatin1String("true"));
        m_no->setChecked(value == QLatin1String("false"));
        m_boolean->setExclusive(true);
        break;
    }
    case QuestionType::Confirmation:
        m_confirmedName = value == QLatin1String("false") ? QString() : value;
        m_check->setChecked(!m_confirmedName.isEmpty());
        updateConfirmationText();
        break;
    }
}

bool QuestionField::isSameAnswer(const QString &a, const QString &b) const
{
    if (m_question.type == QuestionType::Confirmation) {
        const auto normal = [](const QString &v) {
            return v == QLatin1String("false") ? QString() : v;
        };
        return normal(a) == normal(b);
    }
    return a == b;
}

void QuestionField::setReadOnly(bool readOnly, const QString &note)
{
    m_readOnly = readOnly;
    if (m_text)
        m_text->setReadOnly(readOnly);
    if (m_line)
        m_line->setReadOnly(readOnly);
    if (m_combo)
        m_combo->setEnabled(!readOnly);
    if (m_check)
        m_check->setEnabled(!readOnly);
    if (m_yes) {
        m_yes->setEnabled(!readOnly);
        m_no->setEnabled(!readOnly);
    }
    // Read-only text stays selectable and focusable, so it can be read and copied.
    const QString muted = QStringLiteral("background: %1; color: palette(text);")
                              .arg(QLatin1String(Style::ReadOnlyBackground));
    if (m_text)
        m_text->setStyleSheet(readOnly ? QStringLiteral("QPlainTextEdit { %1 }").arg(muted)
                                       : QString());
    if (m_line)
        m_line->setStyleSheet(readOnly ? QStringLiteral("QLineEdit { %1 }").arg(muted) : QString());
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    updateAccessibleDescription(note);
}

void QuestionField::updateAccessibleDescription(const QString &note)
{
    QStringList description;
    if (m_question.mandatory)
        description << tr("mandatory");
    if (!note.isEmpty())
        description << note;
    if (!m_question.guidance.isEmpty())
        description << m_question.guidance;
    m_editor->setAccessibleDescription(description.join(QStringLiteral(". ")));
    if (m_yes) {
        // Each choice says which question it answers.
        description.prepend(m_question.label);
        m_yes->setAccessibleDescription(description.join(QStringLiteral(". ")));
        m_no->setAccessibleDescription(description.join(QStringLiteral(". ")));
    }
}

void QuestionField::setProblem(const QString &message)
{
    m_shapeProblem = false;
    if (message.isEmpty())
        m_problem->clearMessage();
    else
        m_problem->showError(message);
    m_bar->setStyleSheet(QStringLiteral("QFrame#problemBar { background: %1; }")
                             .arg(message.isEmpty() ? QStringLiteral("transparent")
                                                    : QLatin1String(Style::ErrorText)));
}

QString QuestionField::problem() const
{
    return m_problem->message();
}

} // namespace casedesk
