#include "definitionloader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSet>

#include <cstddef>
#include <utility>

namespace casedesk {

namespace {

const QLatin1String rolesFile("roles.json");
const QLatin1String virtualWorkersFile("virtual-workers.json");
const QLatin1String formsDir("forms");
const QLatin1String stepTypesDir("step-types");
const QLatin1String requestTypesDir("request-types");

QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

QString indexPath(const QString &parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// Collects the problems of one file, each prefixed with the file and the JSON path.
class FileErrors
{
public:
    FileErrors(QString file, QStringList *errors) : m_file(std::move(file)), m_errors(errors) {}

    const QString &file() const { return m_file; }

    void add(const QString &path, const QString &message)
    {
        const QString shownPath = path.isEmpty() ? QStringLiteral("(root)") : path;
        m_errors->append(m_file + QStringLiteral(": ") + shownPath + QStringLiteral(": ") +
                         message);
    }
    void addWithoutPath(const QString &message)
    {
        m_errors->append(m_file + QStringLiteral(": ") + message);
    }

private:
    QString m_file;
    QStringList *m_errors;
};

enum class Presence
{
    Required,
    Optional
};
enum class TextKind
{
    Identifier,
    Free
};

// Reads one JSON object, checking the type of every key it is asked for and, on finish(),
// reporting every key it was not asked for (so that typos in key names are caught).
class ObjectReader
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    ObjectReader(FileErrors &errors, QString path, const QJsonValue &value)
        : m_errors(errors), m_path(std::move(path)), m_isObject(value.isObject())
    {
        if (m_isObject)
            m_object = value.toObject();
        else
            m_errors.add(m_path, tr("expected an object, found %1").arg(typeName(value)));
    }

    bool isObject() const { return m_isObject; }
    QString path() const { return m_path; }
    QString pathOf(const char *key) const { return childPath(m_path, QLatin1String(key)); }
    FileErrors &errors() { return m_errors; }

    static QString typeName(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::Null:
            return tr("null");
        case QJsonValue::Bool:
            return tr("a boolean");
        case QJsonValue::Double:
            return tr("a number");
        case QJsonValue::String:
            return tr("a string");
        case QJsonValue::Array:
            return tr("an array");
        case QJsonValue::Object:
            return tr("an object");
        case QJsonValue::Undefined:
            break;
        }
        return tr("nothing");
    }

    // The raw value of a key (undefined when absent); reports a missing required key.
    QJsonValue value(const char *key, Presence presence)
    {
        const QString name = QLatin1String(key);
        m_known.insert(name);
        if (!m_isObject)
            return QJsonValue(QJsonValue::Undefined);
        const auto found = m_object.constFind(name);
        if (found == m_object.constEnd()) {
            if (presence == Presence::Required)
                m_errors.add(pathOf(key), tr("missing required key"));
            return QJsonValue(QJsonValue::Undefined);
        }
        return found.value();
    }

    bool has(const char *key) const { return m_isObject && m_object.contains(QLatin1String(key)); }

    QString string(const char *key, Presence presence, TextKind kind = TextKind::Identifier)
    {
        const QJsonValue found = value(key, presence);
        if (found.isUndefined())
            return QString();
        return checkedString(m_errors, pathOf(key), found, kind);
    }

    static QString checkedString(FileErrors &errors, const QString &path, const QJsonValue &value,
                                 TextKind kind = TextKind::Identifier)
    {
        if (!value.isString()) {
            errors.add(path, tr("expected a string, found %1").arg(typeName(value)));
            return QString();
        }
        const QString text = value.toString();
        if (kind == TextKind::Identifier) {
            if (text.trimmed().isEmpty())
                errors.add(path, tr("must not be empty"));
            else if (text.trimmed() != text)
                errors.add(path, tr("%1 has leading or trailing spaces").arg(quoted(text)));
        }
        return text;
    }

    bool boolean(const char *key, bool defaultValue = false)
    {
        const QJsonValue found = value(key, Presence::Optional);
        if (found.isUndefined())
            return defaultValue;
        if (!found.isBool()) {
            m_errors.add(pathOf(key), tr("expected true or false, found %1").arg(typeName(found)));
            return defaultValue;
        }
        return found.toBool();
    }

    int positiveInteger(const char *key)
    {
        const QJsonValue found = value(key, Presence::Required);
        if (found.isUndefined())
            return 0;
        const double number = found.toDouble(-1);
        if (!found.isDouble() || number < 1 || number > 1000 || number != int(number)) {
            m_errors.add(pathOf(key),
                         tr("expected a whole number from 1, found %1")
                             .arg(found.isDouble() ? QString::number(number) : typeName(found)));
            return 0;
        }
        return int(number);
    }

    // An array (empty when absent or of the wrong type); a required array must not be empty.
    QJsonArray array(const char *key, Presence presence)
    {
        const QJsonValue found = value(key, presence);
        if (found.isUndefined())
            return QJsonArray();
        if (!found.isArray()) {
            m_errors.add(pathOf(key), tr("expected an array, found %1").arg(typeName(found)));
            return QJsonArray();
        }
        const QJsonArray items = found.toArray();
        if (items.isEmpty() && presence == Presence::Required)
            m_errors.add(pathOf(key), tr("must not be empty"));
        return items;
    }

    // A list of distinct, non-empty strings.
    QStringList stringList(const char *key, Presence presence)
    {
        const bool present = has(key);
        const QJsonArray items = array(key, presence);
        if (!present)
            return QStringList();
        return checkedStringList(m_errors, pathOf(key), items);
    }

    static QStringList checkedStringList(FileErrors &errors, const QString &path,
                                         const QJsonArray &items)
    {
        QStringList strings;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString itemPath = indexPath(path, i);
            const QString text = checkedString(errors, itemPath, items.at(i));
            if (text.isEmpty())
                continue;
            if (strings.contains(text))
                errors.add(itemPath, tr("duplicate value %1").arg(quoted(text)));
            else
                strings.append(text);
        }
        return strings;
    }

    // Reports every key that no one asked for.
    void finish()
    {
        if (!m_isObject)
            return;
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!m_known.contains(it.key()))
                m_errors.add(childPath(m_path, it.key()), tr("unknown key"));
        }
    }

private:
    FileErrors &m_errors;
    QString m_path;
    QJsonObject m_object;
    bool m_isObject = false;
    QSet<QString> m_known;
};

template <typename Enum> struct EnumName
{
    const char *name;
    Enum value;
};

const EnumName<QuestionType> questionTypes[] = {
    {"text", QuestionType::Text},
    {"line", QuestionType::Line},
    {"choice", QuestionType::Choice},
    {"boolean", QuestionType::Boolean},
    {"date", QuestionType::Date},
    {"number", QuestionType::Number},
    {"confirmation", QuestionType::Confirmation},
};

const EnumName<AssigneeKind> assigneeKinds[] = {
    {"me", AssigneeKind::Me},
    {"worker", AssigneeKind::Worker},
    {"team", AssigneeKind::Team},
    {"virtualWorker", AssigneeKind::VirtualWorker},
};

const EnumName<ContextSource> contextSources[] = {
    {"fromStep", ContextSource::FromStep},
    {"earlierStep", ContextSource::EarlierStep},
    {"step", ContextSource::Step},
};

const EnumName<StartedFor> startedForNames[] = {
    {"anyone", StartedFor::Anyone},
    {"children", StartedFor::Children},
};

const EnumName<OpensRecords> recordAccessNames[] = {
    {"whole", OpensRecords::Whole},
    {"asked-about", OpensRecords::AskedAbout},
};

const EnumName<RecipientKind> recipientKinds[] = {
    {"worker", RecipientKind::Worker},
    {"virtualWorker", RecipientKind::VirtualWorker},
};

QString questionTypeName(QuestionType type)
{
    for (const auto &entry : questionTypes) {
        if (entry.value == type)
            return QLatin1String(entry.name);
    }
    return QString();
}

class Parser
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    template <typename Enum, std::size_t N>
    static bool parseEnum(FileErrors &errors, const QString &path, const QString &text,
                          const EnumName<Enum> (&names)[N], Enum *result)
    {
        QStringList allowed;
        for (const auto &entry : names) {
            if (text == QLatin1String(entry.name)) {
                *result = entry.value;
                return true;
            }
            allowed << QLatin1String(entry.name);
        }
        if (!text.isEmpty())
            errors.add(path, tr("unknown value %1 (expected one of: %2)")
                                 .arg(quoted(text), allowed.join(QStringLiteral(", "))));
        return false;
    }

    static Condition condition(ObjectReader &parent, const char *key)
    {
        Condition result;
        if (!parent.has(key)) {
            parent.value(key, Presence::Optional);
            return result;
        }
        ObjectReader reader(parent.errors(), parent.pathOf(key),
                            parent.value(key, Presence::Optional));
        if (!reader.isObject())
            return result;
        result.formCode = reader.string("form", Presence::Optional);
        result.questionId = reader.string("question", Presence::Required);
        result.anyOf = reader.stringList("anyOf", Presence::Required);
        reader.finish();
        return result;
    }

    // "showsContext": [{"from": "fromStep", "forms": [...], "sections": [...]}]. `allowed`: the
    // sources this kind of definition may use (a request type shows its own step's forms).
    static QList<ContextDeclaration> contexts(ObjectReader &parent,
                                              const QList<ContextSource> &allowed)
    {
        QList<ContextDeclaration> result;
        const QString listPath = parent.pathOf("showsContext");
        const QJsonArray items = parent.array("showsContext", Presence::Optional);
        if (parent.has("showsContext") && items.isEmpty())
            parent.errors().add(listPath, tr("must not be empty (leave the key out instead)"));
        for (qsizetype i = 0; i < items.size(); ++i) {
            ObjectReader reader(parent.errors(), indexPath(listPath, i), items.at(i));
            if (!reader.isObject())
                continue;
            ContextDeclaration declaration;
            const QString from = reader.string("from", Presence::Required);
            if (parseEnum(reader.errors(), reader.pathOf("from"), from, contextSources,
                          &declaration.source) &&
                !allowed.contains(declaration.source)) {
                QStringList names;
                for (const auto &entry : contextSources) {
                    if (allowed.contains(entry.value))
                        names << QLatin1String(entry.name);
                }
                reader.errors().add(reader.pathOf("from"),
                                    tr("%1 cannot be used here (expected one of: %2)")
                                        .arg(quoted(from), names.join(QStringLiteral(", "))));
            }
            declaration.forms = reader.stringList("forms", Presence::Required);
            declaration.sections = reader.stringList("sections", Presence::Optional);
            reader.finish();
            result << declaration;
        }
        return result;
    }

    static QuestionDefinition question(FileErrors &errors, const QString &path,
                                       const QJsonValue &value)
    {
        QuestionDefinition result;
        ObjectReader reader(errors, path, value);
        if (!reader.isObject())
            return result;
        result.id = reader.string("id", Presence::Required);
        const QString type = reader.string("type", Presence::Required);
        const bool knownType =
            parseEnum(errors, reader.pathOf("type"), type, questionTypes, &result.type);
        result.label = reader.string("label", Presence::Required);
        result.mandatory = reader.boolean("mandatory");
        const bool hasChoices = reader.has("choices");
        result.choices = reader.stringList("choices", Presence::Optional);
        // With a type already reported as wrong, guess it from the choices rather than report
        // a second, misleading problem about the choices or about conditions on this question.
        if (!knownType)
            result.type = hasChoices ? QuestionType::Choice : QuestionType::Text;
        else if (result.type == QuestionType::Choice && result.choices.isEmpty() && !hasChoices)
            errors.add(reader.pathOf("choices"), tr("a choice question needs its choices"));
        else if (result.type == QuestionType::Choice && result.choices.isEmpty())
            errors.add(reader.pathOf("choices"), tr("must not be empty"));
        else if (result.type != QuestionType::Choice && hasChoices)
            errors.add(reader.pathOf("choices"),
                       tr("only choice questions have choices (this is a %1 question)")
                           .arg(questionTypeName(result.type)));
        result.guidance = reader.string("guidance", Presence::Optional, TextKind::Free);
        result.ownerRole = reader.string("ownerRole", Presence::Optional);
        result.visibleWhen = condition(reader, "visibleWhen");
        if (reader.has("carriedFrom")) {
            ObjectReader carried(errors, reader.pathOf("carriedFrom"),
                                 reader.value("carriedFrom", Presence::Optional));
            if (carried.isObject()) {
                result.carriedFrom.formCode = carried.string("form", Presence::Required);
                result.carriedFrom.questionId = carried.string("question", Presence::Required);
                result.carriedFrom.readOnly = carried.boolean("readOnly");
                carried.finish();
            }
        } else {
            reader.value("carriedFrom", Presence::Optional);
        }
        reader.finish();
        return result;
    }

    static NextActionOption nextAction(FileErrors &errors, const QString &path,
                                       const QJsonValue &value)
    {
        NextActionOption result;
        ObjectReader reader(errors, path, value);
        if (!reader.isObject())
            return result;
        result.stepType = reader.string("stepType", Presence::Required);
        const QStringList kinds = reader.stringList("assignTo", Presence::Required);
        const QString kindsPath = reader.pathOf("assignTo");
        for (qsizetype i = 0; i < kinds.size(); ++i) {
            AssigneeKind kind = AssigneeKind::Me;
            if (parseEnum(errors, indexPath(kindsPath, i), kinds.at(i), assigneeKinds, &kind))
                result.assigneeKinds << kind;
        }
        const bool hasVirtualWorkers = reader.has("virtualWorkers");
        result.virtualWorkers = reader.stringList("virtualWorkers", Presence::Optional);
        const bool toVirtualWorker = result.assigneeKinds.contains(AssigneeKind::VirtualWorker);
        if (toVirtualWorker && result.virtualWorkers.isEmpty())
            errors.add(reader.pathOf("virtualWorkers"),
                       tr("assignTo includes \"virtualWorker\": list the virtual workers allowed"));
        else if (!toVirtualWorker && hasVirtualWorkers)
            errors.add(reader.pathOf("virtualWorkers"),
                       tr("given, but assignTo does not include \"virtualWorker\""));
        const bool hasWorkerRoles = reader.has("workerRoles");
        result.workerRoles = reader.stringList("workerRoles", Presence::Optional);
        if (hasWorkerRoles && !result.assigneeKinds.contains(AssigneeKind::Worker))
            errors.add(reader.pathOf("workerRoles"),
                       tr("given, but assignTo does not include \"worker\""));
        result.sendImmediatelyAllowed = reader.boolean("sendImmediately");
        result.guidance = reader.string("guidance", Presence::Optional, TextKind::Free);
        result.visibleWhen = condition(reader, "visibleWhen");
        result.allowedWhen = condition(reader, "allowedWhen");
        reader.finish();
        return result;
    }

    static QList<QStringList> ruleGroups(ObjectReader &reader, const char *key, int minimumSize,
                                         const QStringList &offered)
    {
        QList<QStringList> groups;
        const QString path = reader.pathOf(key);
        const QJsonArray items = reader.array(key, Presence::Optional);
        for (qsizetype g = 0; g < items.size(); ++g) {
            const QString groupPath = indexPath(path, g);
            if (!items.at(g).isArray()) {
                reader.errors().add(groupPath, tr("expected an array of step type names, found %1")
                                                   .arg(ObjectReader::typeName(items.at(g))));
                continue;
            }
            const QJsonArray names = items.at(g).toArray();
            const QStringList group =
                ObjectReader::checkedStringList(reader.errors(), groupPath, names);
            if (names.size() < minimumSize)
                reader.errors().add(groupPath, tr("needs at least %1 step types").arg(minimumSize));
            for (qsizetype i = 0; i < names.size(); ++i) {
                const QString name = names.at(i).toString();
                if (!name.isEmpty() && !offered.contains(name))
                    reader.errors().add(
                        indexPath(groupPath, i),
                        tr("%1 is not a next action of this section").arg(quoted(name)));
            }
            groups << group;
        }
        return groups;
    }

    static SectionDefinition section(FileErrors &errors, const QString &path,
                                     const QJsonValue &value)
    {
        SectionDefinition result;
        ObjectReader reader(errors, path, value);
        if (!reader.isObject())
            return result;
        result.id = reader.string("id", Presence::Required);
        result.number = reader.positiveInteger("number");
        result.title = reader.string("title", Presence::Required);
        result.ownerRole = reader.string("ownerRole", Presence::Optional);
        result.guidance = reader.string("guidance", Presence::Optional, TextKind::Free);
        result.visibleWhen = condition(reader, "visibleWhen");

        const bool hasQuestions = reader.has("questions");
        const bool hasNextActions = reader.has("nextActions");
        if (!hasQuestions && !hasNextActions)
            errors.add(path, tr("a section needs \"questions\" or \"nextActions\""));

        const QString questionsPath = reader.pathOf("questions");
        const QJsonArray questions =
            reader.array("questions", hasQuestions ? Presence::Required : Presence::Optional);
        for (qsizetype i = 0; i < questions.size(); ++i)
            result.questions << question(errors, indexPath(questionsPath, i), questions.at(i));

        const QString actionsPath = reader.pathOf("nextActions");
        const QJsonArray actions =
            reader.array("nextActions", hasNextActions ? Presence::Required : Presence::Optional);
        QStringList offered;
        for (qsizetype i = 0; i < actions.size(); ++i) {
            const NextActionOption option =
                nextAction(errors, indexPath(actionsPath, i), actions.at(i));
            if (!option.stepType.isEmpty() && offered.contains(option.stepType))
                errors.add(childPath(indexPath(actionsPath, i), QStringLiteral("stepType")),
                           tr("%1 is offered twice in this section").arg(quoted(option.stepType)));
            offered << option.stepType;
            result.nextActions << option;
        }

        if (reader.has("nextActionRules")) {
            ObjectReader rules(errors, reader.pathOf("nextActionRules"),
                               reader.value("nextActionRules", Presence::Optional));
            if (rules.isObject()) {
                if (!hasNextActions)
                    errors.add(rules.path(), tr("only a section with next actions has rules"));
                result.nextActionRules.atMostOneOf = ruleGroups(rules, "atMostOneOf", 2, offered);
                result.nextActionRules.requireOneOf = ruleGroups(rules, "requireOneOf", 1, offered);
                rules.finish();
            }
        } else {
            reader.value("nextActionRules", Presence::Optional);
        }
        reader.finish();
        return result;
    }

    static FormDefinition form(FileErrors &errors, const QJsonValue &value)
    {
        FormDefinition result;
        result.sourceFile = errors.file();
        ObjectReader reader(errors, QString(), value);
        if (!reader.isObject())
            return result;
        result.code = reader.string("code", Presence::Required);
        const QString expectedFile =
            formsDir + QLatin1Char('/') + result.code + QStringLiteral(".json");
        if (!result.code.isEmpty() && expectedFile != errors.file())
            errors.add(reader.pathOf("code"),
                       tr("form code %1 does not match the file name (expected %2)")
                           .arg(quoted(result.code), expectedFile));
        result.title = reader.string("title", Presence::Required);

        const QString sectionsPath = reader.pathOf("sections");
        const QJsonArray sections = reader.array("sections", Presence::Required);
        QHash<QString, QString> questionPaths; // id -> path where first defined
        QSet<QString> sectionIds;
        int previousNumber = 0;
        int nextActionSections = 0;
        for (qsizetype s = 0; s < sections.size(); ++s) {
            const QString sectionPath = indexPath(sectionsPath, s);
            const SectionDefinition section = Parser::section(errors, sectionPath, sections.at(s));
            if (!section.id.isEmpty()) {
                if (sectionIds.contains(section.id))
                    errors.add(childPath(sectionPath, QStringLiteral("id")),
                               tr("duplicate section id %1").arg(quoted(section.id)));
                sectionIds.insert(section.id);
            }
            if (section.number > 0) {
                if (section.number <= previousNumber)
                    errors.add(childPath(sectionPath, QStringLiteral("number")),
                               tr("section numbers must increase (%1 follows %2)")
                                   .arg(section.number)
                                   .arg(previousNumber));
                previousNumber = section.number;
            }
            if (section.isNextActions() && ++nextActionSections == 2)
                errors.add(childPath(sectionPath, QStringLiteral("nextActions")),
                           tr("a form has at most one section of next actions"));
            for (qsizetype q = 0; q < section.questions.size(); ++q) {
                const QString id = section.questions.at(q).id;
                if (id.isEmpty())
                    continue;
                const QString questionPath =
                    indexPath(childPath(sectionPath, QStringLiteral("questions")), q);
                if (questionPaths.contains(id))
                    errors.add(childPath(questionPath, QStringLiteral("id")),
                               tr("duplicate question id %1 (also at %2)")
                                   .arg(quoted(id), questionPaths.value(id)));
                else
                    questionPaths.insert(id, questionPath);
            }
            result.sections << section;
        }
        reader.finish();
        return result;
    }

    static StepTypeDefinition stepType(FileErrors &errors, const QJsonValue &value)
    {
        StepTypeDefinition result;
        result.sourceFile = errors.file();
        ObjectReader reader(errors, QString(), value);
        if (!reader.isObject())
            return result;
        result.name = reader.string("name", Presence::Required);
        result.workflow = reader.string("workflow", Presence::Required);
        const bool hasStartedBy = reader.has("startedByRoles");
        result.startedByRoles = reader.stringList("startedByRoles", Presence::Optional);
        if (hasStartedBy && result.startedByRoles.isEmpty())
            errors.add(reader.pathOf("startedByRoles"),
                       tr("name at least one role, or leave the key out"));
        if (reader.has("startedFor")) {
            const QString startedFor = reader.string("startedFor", Presence::Optional);
            parseEnum(errors, reader.pathOf("startedFor"), startedFor, startedForNames,
                      &result.startedFor);
            if (!hasStartedBy)
                errors.add(reader.pathOf("startedFor"),
                           tr("given, but no startedByRoles: nobody starts it from a record"));
        }
        result.description = reader.string("description", Presence::Optional, TextKind::Free);
        result.primaryForm = reader.string("primaryForm", Presence::Required);
        result.otherForms = reader.stringList("otherForms", Presence::Optional);
        if (!result.primaryForm.isEmpty() && result.otherForms.contains(result.primaryForm))
            errors.add(indexPath(reader.pathOf("otherForms"),
                                 result.otherForms.indexOf(result.primaryForm)),
                       tr("%1 is already the primary form").arg(quoted(result.primaryForm)));
        result.requestTypes = reader.stringList("requestTypes", Presence::Optional);
        result.prepopulateFromPrevious = reader.boolean("prepopulateFromPrevious");
        result.startableFromRecord = reader.boolean("startableFromRecord");
        if (result.startableFromRecord && !hasStartedBy)
            errors.add(reader.pathOf("startedByRoles"),
                       tr("a step type startable from the record names the roles that may start "
                          "it"));
        result.createdByRoles = reader.stringList("createdByRoles", Presence::Optional);
        result.showsContext =
            contexts(reader, {ContextSource::FromStep, ContextSource::EarlierStep});
        result.noticeOnFinish = reader.string("noticeOnFinish", Presence::Optional);
        if (!result.noticeOnFinish.isEmpty() &&
            !result.requestTypes.contains(result.noticeOnFinish))
            errors.add(
                reader.pathOf("noticeOnFinish"),
                tr("%1 is not one of this step's requestTypes").arg(quoted(result.noticeOnFinish)));
        reader.finish();
        return result;
    }

    static RequestTypeDefinition requestType(FileErrors &errors, const QJsonValue &value)
    {
        RequestTypeDefinition result;
        result.sourceFile = errors.file();
        ObjectReader reader(errors, QString(), value);
        if (!reader.isObject())
            return result;
        result.name = reader.string("name", Presence::Required);
        result.required = reader.boolean("required");
        const QString recipient = reader.string("recipient", Presence::Required);
        parseEnum(errors, reader.pathOf("recipient"), recipient, recipientKinds,
                  &result.recipientKind);
        const bool hasRoles = reader.has("recipientRoles");
        result.recipientRoles = reader.stringList("recipientRoles", Presence::Optional);
        const bool hasVirtualWorkers = reader.has("recipientVirtualWorkers");
        result.recipientVirtualWorkers =
            reader.stringList("recipientVirtualWorkers", Presence::Optional);
        if (recipient == QLatin1String("virtualWorker")) {
            if (result.recipientVirtualWorkers.isEmpty())
                errors.add(reader.pathOf("recipientVirtualWorkers"),
                           tr("a request to a virtual worker must name the virtual workers"));
            if (hasRoles)
                errors.add(reader.pathOf("recipientRoles"),
                           tr("only a request to a worker has recipient roles"));
        } else if (recipient == QLatin1String("worker")) {
            if (hasVirtualWorkers)
                errors.add(reader.pathOf("recipientVirtualWorkers"),
                           tr("only a request to a virtual worker has recipient virtual workers"));
        }
        result.completedByRoles = reader.stringList("completedByRoles", Presence::Required);
        result.recipientMayFinishStep = reader.boolean("recipientMayFinishStep");
        result.notice = reader.boolean("notice");
        if (result.notice && result.required)
            errors.add(reader.pathOf("notice"),
                       tr("a notice cannot be REQUIRED: it asks nothing to be done"));
        if (result.notice && result.recipientMayFinishStep)
            errors.add(reader.pathOf("notice"),
                       tr("a notice does not let its recipient finish the step"));
        result.allowedWhen = condition(reader, "allowedWhen");
        if (!result.allowedWhen.isAlways() && result.allowedWhen.formCode.isEmpty())
            errors.add(childPath(reader.pathOf("allowedWhen"), QStringLiteral("form")),
                       tr("a request's allowedWhen names the form of the decision"));
        result.guidance = reader.string("guidance", Presence::Optional, TextKind::Free);
        result.showsContext = contexts(reader, {ContextSource::Step});
        reader.finish();
        return result;
    }

    static QList<RoleDefinition> roles(FileErrors &errors, const QJsonValue &value)
    {
        QList<RoleDefinition> result;
        ObjectReader file(errors, QString(), value);
        const QString listPath = file.pathOf("roles");
        const QJsonArray items = file.array("roles", Presence::Required);
        for (qsizetype i = 0; i < items.size(); ++i) {
            ObjectReader reader(errors, indexPath(listPath, i), items.at(i));
            if (!reader.isObject())
                continue;
            RoleDefinition role;
            role.code = reader.string("code", Presence::Required);
            role.name = reader.string("name", Presence::Required);
            role.description = reader.string("description", Presence::Optional, TextKind::Free);
            parseEnum(errors, reader.pathOf("opensRecords"),
                      reader.string("opensRecords", Presence::Required), recordAccessNames,
                      &role.opensRecords);
            reader.finish();
            result << role;
        }
        file.finish();
        return result;
    }

    static QList<VirtualWorkerDefinition> virtualWorkers(FileErrors &errors,
                                                         const QJsonValue &value)
    {
        QList<VirtualWorkerDefinition> result;
        ObjectReader file(errors, QString(), value);
        const QString listPath = file.pathOf("virtualWorkers");
        const QJsonArray items = file.array("virtualWorkers", Presence::Required);
        for (qsizetype i = 0; i < items.size(); ++i) {
            ObjectReader reader(errors, indexPath(listPath, i), items.at(i));
            if (!reader.isObject())
                continue;
            VirtualWorkerDefinition worker;
            worker.code = reader.string("code", Presence::Required);
            worker.name = reader.string("name", Presence::Required);
            worker.description = reader.string("description", Presence::Optional, TextKind::Free);
            worker.memberRoles = reader.stringList("memberRoles", Presence::Required);
            reader.finish();
            result << worker;
        }
        file.finish();
        return result;
    }
};

// Reads one file as JSON; reports (and returns false) when it cannot be read or parsed.
bool readJson(const QString &directory, FileErrors &errors, QJsonValue *result)
{
    QFile file(QDir(directory).filePath(errors.file()));
    if (!file.exists()) {
        errors.addWithoutPath(DefinitionLoader::tr("missing file"));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        errors.addWithoutPath(DefinitionLoader::tr("cannot read: %1").arg(file.errorString()));
        return false;
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = data.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        errors.addWithoutPath(DefinitionLoader::tr("line %1, column %2: malformed JSON: %3")
                                  .arg(line)
                                  .arg(column)
                                  .arg(parseError.errorString()));
        return false;
    }
    *result = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    return true;
}

// A definition's version as printed on paper: the first 8 hex digits of the SHA-256 of its JSON
// (compact, keys sorted), so it changes whenever the form does and never when only layout does.
QString contentVersion(const QJsonValue &json)
{
    const QByteArray compact = json.isObject()
                                   ? QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact)
                                   : QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(compact, QCryptographicHash::Sha256).toHex().left(8));
}

// The *.json files of a subdirectory, as paths relative to the definitions directory.
QStringList definitionFiles(const QString &directory, const QString &subdirectory,
                            QStringList *errors)
{
    const QDir dir(QDir(directory).filePath(subdirectory));
    if (!dir.exists()) {
        errors->append(subdirectory + QStringLiteral("/: ") +
                       DefinitionLoader::tr("missing directory"));
        return QStringList();
    }
    QStringList files;
    const QStringList names =
        dir.entryList(QStringList{QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        files << subdirectory + QLatin1Char('/') + name;
    return files;
}

// What could not be read at all: references to it are not reported again as dangling.
struct Unreadable
{
    bool roles = false;
    bool virtualWorkers = false;
    QSet<QString> formCodes; // from the file names
    bool allForms = false;   // the forms/ directory is missing
    bool someStepType = false;
    bool someRequestType = false;
};

// Cross-reference checks, run once every file has been read.
class ReferenceChecker
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    ReferenceChecker(const LoadedDefinitions &loaded, Unreadable unreadable, QStringList *errors)
        : m_loaded(loaded), m_unreadable(std::move(unreadable)), m_errors(errors)
    {
        for (const RoleDefinition &role : loaded.roles)
            m_roles.insert(role.code);
        for (const VirtualWorkerDefinition &worker : loaded.virtualWorkers)
            m_virtualWorkers.insert(worker.code);
        for (const FormDefinition &form : loaded.forms)
            m_forms.insert(form.code, &form);
        for (const StepTypeDefinition &stepType : loaded.stepTypes)
            m_stepTypes.insert(stepType.name);
        for (const RequestTypeDefinition &requestType : loaded.requestTypes)
            m_requestTypes.insert(requestType.name);
    }

    void checkAll()
    {
        FileErrors virtualWorkerErrors(virtualWorkersFile, m_errors);
        for (qsizetype i = 0; i < m_loaded.virtualWorkers.size(); ++i) {
            const QString path = childPath(indexPath(QStringLiteral("virtualWorkers"), i),
                                           QStringLiteral("memberRoles"));
            roles(virtualWorkerErrors, path, m_loaded.virtualWorkers.at(i).memberRoles);
        }
        for (const FormDefinition &form : m_loaded.forms)
            checkForm(form);
        for (const StepTypeDefinition &stepType : m_loaded.stepTypes)
            checkStepType(stepType);
        for (const RequestTypeDefinition &requestType : m_loaded.requestTypes)
            checkRequestType(requestType);
    }

private:
    bool isUnreadableForm(const QString &code) const
    {
        return m_unreadable.allForms || m_unreadable.formCodes.contains(code);
    }
    void role(FileErrors &errors, const QString &path, const QString &code)
    {
        if (!code.isEmpty() && !m_roles.contains(code) && !m_unreadable.roles)
            errors.add(path, tr("unknown role %1").arg(quoted(code)));
    }
    void roles(FileErrors &errors, const QString &path, const QStringList &codes)
    {
        for (qsizetype i = 0; i < codes.size(); ++i)
            role(errors, indexPath(path, i), codes.at(i));
    }
    void virtualWorkers(FileErrors &errors, const QString &path, const QStringList &codes)
    {
        for (qsizetype i = 0; i < codes.size(); ++i) {
            if (!m_virtualWorkers.contains(codes.at(i)) && !m_unreadable.virtualWorkers)
                errors.add(indexPath(path, i),
                           tr("unknown virtual worker %1").arg(quoted(codes.at(i))));
        }
    }
    void form(FileErrors &errors, const QString &path, const QString &code)
    {
        if (!code.isEmpty() && !m_forms.contains(code) && !isUnreadableForm(code))
            errors.add(path, tr("unknown form %1").arg(quoted(code)));
    }
    void stepType(FileErrors &errors, const QString &path, const QString &name)
    {
        if (!name.isEmpty() && !m_stepTypes.contains(name) && !m_unreadable.someStepType)
            errors.add(path, tr("unknown step type %1").arg(quoted(name)));
    }

    void condition(FileErrors &errors, const QString &path, const FormDefinition &owner,
                   const Condition &condition, const QString &ownQuestionId = QString())
    {
        if (condition.isAlways())
            return;
        const FormDefinition *target = &owner;
        if (!condition.formCode.isEmpty() && condition.formCode != owner.code) {
            target = m_forms.value(condition.formCode);
            if (!target && isUnreadableForm(condition.formCode))
                return;
            if (!target) {
                errors.add(childPath(path, QStringLiteral("form")),
                           tr("unknown form %1").arg(quoted(condition.formCode)));
                return;
            }
        }
        const QString questionPath = childPath(path, QStringLiteral("question"));
        const QuestionDefinition *question = target->question(condition.questionId);
        if (!question) {
            errors.add(
                questionPath,
                tr("no question %1 in form %2").arg(quoted(condition.questionId), target->code));
            return;
        }
        if (target == &owner && condition.questionId == ownQuestionId) {
            errors.add(questionPath, tr("a question cannot depend on itself"));
            return;
        }
        QStringList allowed;
        if (question->type == QuestionType::Choice) {
            allowed = question->choices;
        } else if (question->type == QuestionType::Boolean) {
            allowed = QStringList{QStringLiteral("true"), QStringLiteral("false")};
        } else {
            errors.add(questionPath,
                       tr("question %1 is a %2 question: a condition can only test "
                          "a choice or boolean question")
                           .arg(quoted(question->id), questionTypeName(question->type)));
            return;
        }
        const QString anyOfPath = childPath(path, QStringLiteral("anyOf"));
        for (qsizetype i = 0; i < condition.anyOf.size(); ++i) {
            const QString &value = condition.anyOf.at(i);
            if (!allowed.contains(value))
                errors.add(indexPath(anyOfPath, i),
                           tr("%1 is not one of the values of question %2 (%3)")
                               .arg(quoted(value), quoted(question->id),
                                    allowed.join(QStringLiteral(", "))));
        }
    }

    // The answer carried must exist and be of the same type, or it could not be shown or kept.
    void carriedFrom(FileErrors &errors, const QString &path, const QuestionDefinition &question)
    {
        const CarriedAnswer &carried = question.carriedFrom;
        if (!carried.isSet())
            return;
        const FormDefinition *source = m_forms.value(carried.formCode);
        if (!source) {
            if (!isUnreadableForm(carried.formCode))
                errors.add(childPath(path, QStringLiteral("form")),
                           tr("unknown form %1").arg(quoted(carried.formCode)));
            return;
        }
        const QuestionDefinition *from = source->question(carried.questionId);
        if (!from)
            errors.add(
                childPath(path, QStringLiteral("question")),
                tr("no question %1 in form %2").arg(quoted(carried.questionId), source->code));
        else if (from->type != question.type)
            errors.add(childPath(path, QStringLiteral("question")),
                       tr("question %1 is a %2 question; it cannot be carried into a %3 question")
                           .arg(quoted(from->id), questionTypeName(from->type),
                                questionTypeName(question.type)));
    }

    void checkForm(const FormDefinition &definition)
    {
        FileErrors errors(definition.sourceFile, m_errors);
        for (qsizetype s = 0; s < definition.sections.size(); ++s) {
            const SectionDefinition &section = definition.sections.at(s);
            const QString sectionPath = indexPath(QStringLiteral("sections"), s);
            role(errors, childPath(sectionPath, QStringLiteral("ownerRole")), section.ownerRole);
            condition(errors, childPath(sectionPath, QStringLiteral("visibleWhen")), definition,
                      section.visibleWhen);
            for (qsizetype q = 0; q < section.questions.size(); ++q) {
                const QuestionDefinition &question = section.questions.at(q);
                const QString path =
                    indexPath(childPath(sectionPath, QStringLiteral("questions")), q);
                role(errors, childPath(path, QStringLiteral("ownerRole")), question.ownerRole);
                condition(errors, childPath(path, QStringLiteral("visibleWhen")), definition,
                          question.visibleWhen, question.id);
                carriedFrom(errors, childPath(path, QStringLiteral("carriedFrom")), question);
            }
            for (qsizetype n = 0; n < section.nextActions.size(); ++n) {
                const NextActionOption &option = section.nextActions.at(n);
                const QString path =
                    indexPath(childPath(sectionPath, QStringLiteral("nextActions")), n);
                stepType(errors, childPath(path, QStringLiteral("stepType")), option.stepType);
                virtualWorkers(errors, childPath(path, QStringLiteral("virtualWorkers")),
                               option.virtualWorkers);
                roles(errors, childPath(path, QStringLiteral("workerRoles")), option.workerRoles);
                condition(errors, childPath(path, QStringLiteral("visibleWhen")), definition,
                          option.visibleWhen);
                condition(errors, childPath(path, QStringLiteral("allowedWhen")), definition,
                          option.allowedWhen);
            }
        }
    }

    void checkStepType(const StepTypeDefinition &definition)
    {
        FileErrors errors(definition.sourceFile, m_errors);
        form(errors, QStringLiteral("primaryForm"), definition.primaryForm);
        roles(errors, QStringLiteral("createdByRoles"), definition.createdByRoles);
        roles(errors, QStringLiteral("startedByRoles"), definition.startedByRoles);
        for (qsizetype i = 0; i < definition.otherForms.size(); ++i)
            form(errors, indexPath(QStringLiteral("otherForms"), i), definition.otherForms.at(i));
        for (qsizetype i = 0; i < definition.requestTypes.size(); ++i) {
            const QString &name = definition.requestTypes.at(i);
            if (!m_requestTypes.contains(name) && !m_unreadable.someRequestType)
                errors.add(indexPath(QStringLiteral("requestTypes"), i),
                           tr("unknown request type %1").arg(quoted(name)));
        }
        contexts(errors, definition.showsContext);
        if (!definition.noticeOnFinish.isEmpty()) {
            for (const RequestTypeDefinition &requestType : m_loaded.requestTypes) {
                if (requestType.name == definition.noticeOnFinish && !requestType.notice)
                    errors.add(
                        QStringLiteral("noticeOnFinish"),
                        tr("%1 is not a notice (\"notice\": true)").arg(quoted(requestType.name)));
            }
        }
    }

    // Every form of a context is known, and every section named is in one of its forms.
    void contexts(FileErrors &errors, const QList<ContextDeclaration> &declarations)
    {
        for (qsizetype i = 0; i < declarations.size(); ++i) {
            const ContextDeclaration &declaration = declarations.at(i);
            const QString path = indexPath(QStringLiteral("showsContext"), i);
            bool allFormsKnown = true;
            for (qsizetype f = 0; f < declaration.forms.size(); ++f) {
                const QString &code = declaration.forms.at(f);
                allFormsKnown = allFormsKnown && m_forms.contains(code);
                form(errors, indexPath(childPath(path, QStringLiteral("forms")), f), code);
            }
            if (!allFormsKnown)
                continue;
            for (qsizetype s = 0; s < declaration.sections.size(); ++s) {
                const QString &id = declaration.sections.at(s);
                bool found = false;
                for (const QString &code : declaration.forms)
                    found = found || m_forms.value(code)->section(id);
                if (!found)
                    errors.add(indexPath(childPath(path, QStringLiteral("sections")), s),
                               tr("no section %1 in %2")
                                   .arg(quoted(id), declaration.forms.join(QStringLiteral(", "))));
            }
        }
    }

    void checkRequestType(const RequestTypeDefinition &definition)
    {
        FileErrors errors(definition.sourceFile, m_errors);
        roles(errors, QStringLiteral("recipientRoles"), definition.recipientRoles);
        virtualWorkers(errors, QStringLiteral("recipientVirtualWorkers"),
                       definition.recipientVirtualWorkers);
        roles(errors, QStringLiteral("completedByRoles"), definition.completedByRoles);
        contexts(errors, definition.showsContext);
        // A request shows forms of the step it is on: they must be forms that step can have.
        for (qsizetype i = 0; i < definition.showsContext.size(); ++i) {
            const QStringList &forms = definition.showsContext.at(i).forms;
            for (qsizetype f = 0; f < forms.size(); ++f) {
                for (const StepTypeDefinition &type : m_loaded.stepTypes) {
                    if (type.requestTypes.contains(definition.name) &&
                        m_forms.contains(forms.at(f)) && !type.allForms().contains(forms.at(f)))
                        errors.add(indexPath(childPath(indexPath(QStringLiteral("showsContext"), i),
                                                       QStringLiteral("forms")),
                                             f),
                                   tr("form %1 is not one of the forms of %2, which sends this "
                                      "request")
                                       .arg(quoted(forms.at(f)), quoted(type.name)));
                }
            }
        }
        const Condition &gate = definition.allowedWhen;
        if (gate.isAlways() || gate.formCode.isEmpty())
            return;
        const FormDefinition *target = m_forms.value(gate.formCode);
        if (!target) {
            if (!isUnreadableForm(gate.formCode))
                errors.add(QStringLiteral("allowedWhen.form"),
                           tr("unknown form %1").arg(quoted(gate.formCode)));
            return;
        }
        condition(errors, QStringLiteral("allowedWhen"), *target, gate);
        // A decision on a form the step does not have could never allow the request.
        for (const StepTypeDefinition &type : m_loaded.stepTypes) {
            if (type.requestTypes.contains(definition.name) &&
                !type.allForms().contains(gate.formCode))
                errors.add(QStringLiteral("allowedWhen.form"),
                           tr("form %1 is not one of the forms of %2, which sends this request")
                               .arg(quoted(gate.formCode), quoted(type.name)));
        }
    }

    const LoadedDefinitions &m_loaded;
    Unreadable m_unreadable;
    QStringList *m_errors;
    QSet<QString> m_roles;
    QSet<QString> m_virtualWorkers;
    QHash<QString, const FormDefinition *> m_forms;
    QSet<QString> m_stepTypes;
    QSet<QString> m_requestTypes;
};

// Reports a key (code or name) already used by an earlier definition.
class UniqueKeys
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    explicit UniqueKeys(QString what) : m_what(std::move(what)) {}

    bool insert(FileErrors &errors, const QString &path, const QString &key)
    {
        if (key.isEmpty())
            return false;
        const auto found = m_seen.constFind(key);
        if (found != m_seen.constEnd()) {
            errors.add(path,
                       tr("duplicate %1 %2 (also in %3)").arg(m_what, quoted(key), found.value()));
            return false;
        }
        m_seen.insert(key, errors.file());
        return true;
    }

private:
    QString m_what;
    QHash<QString, QString> m_seen; // key -> file
};

} // namespace

QStringList DefinitionLoader::load(const QString &directory, LoadedDefinitions *out)
{
    QStringList errors;
    *out = LoadedDefinitions();
    if (!QFileInfo(directory).isDir()) {
        errors << directory + QStringLiteral(": ") + tr("definitions directory not found");
        return errors;
    }
    LoadedDefinitions loaded;
    Unreadable unreadable;
    QJsonValue json;

    {
        FileErrors fileErrors(rolesFile, &errors);
        unreadable.roles = !readJson(directory, fileErrors, &json);
        if (!unreadable.roles) {
            UniqueKeys codes(tr("role code"));
            UniqueKeys names(tr("role name"));
            const QList<RoleDefinition> roles = Parser::roles(fileErrors, json);
            for (qsizetype i = 0; i < roles.size(); ++i) {
                const QString path = indexPath(QStringLiteral("roles"), i);
                names.insert(fileErrors, childPath(path, QStringLiteral("name")), roles.at(i).name);
                if (codes.insert(fileErrors, childPath(path, QStringLiteral("code")),
                                 roles.at(i).code))
                    loaded.roles << roles.at(i);
            }
            unreadable.roles = roles.isEmpty();
        }
    }
    {
        FileErrors fileErrors(virtualWorkersFile, &errors);
        unreadable.virtualWorkers = !readJson(directory, fileErrors, &json);
        if (!unreadable.virtualWorkers) {
            UniqueKeys codes(tr("virtual worker code"));
            UniqueKeys names(tr("virtual worker name"));
            const QList<VirtualWorkerDefinition> workers = Parser::virtualWorkers(fileErrors, json);
            for (qsizetype i = 0; i < workers.size(); ++i) {
                const QString path = indexPath(QStringLiteral("virtualWorkers"), i);
                names.insert(fileErrors, childPath(path, QStringLiteral("name")),
                             workers.at(i).name);
                if (codes.insert(fileErrors, childPath(path, QStringLiteral("code")),
                                 workers.at(i).code))
                    loaded.virtualWorkers << workers.at(i);
            }
            unreadable.virtualWorkers = workers.isEmpty();
        }
    }

    const auto isMissing = [&directory](const QString &subdirectory) {
        return !QFileInfo(QDir(directory).filePath(subdirectory)).isDir();
    };
    unreadable.allForms = isMissing(formsDir);
    unreadable.someStepType = isMissing(stepTypesDir);
    unreadable.someRequestType = isMissing(requestTypesDir);

    UniqueKeys formCodes(tr("form code"));
    for (const QString &file : definitionFiles(directory, formsDir, &errors)) {
        FileErrors fileErrors(file, &errors);
        if (!readJson(directory, fileErrors, &json)) {
            unreadable.formCodes.insert(QFileInfo(file).completeBaseName());
            continue;
        }
        FormDefinition form = Parser::form(fileErrors, json);
        form.version = contentVersion(json);
        if (form.code.isEmpty())
            unreadable.formCodes.insert(QFileInfo(file).completeBaseName());
        if (formCodes.insert(fileErrors, QStringLiteral("code"), form.code))
            loaded.forms << form;
    }

    UniqueKeys stepTypeNames(tr("step type name"));
    for (const QString &file : definitionFiles(directory, stepTypesDir, &errors)) {
        FileErrors fileErrors(file, &errors);
        if (!readJson(directory, fileErrors, &json)) {
            unreadable.someStepType = true;
            continue;
        }
        const StepTypeDefinition stepType = Parser::stepType(fileErrors, json);
        unreadable.someStepType = unreadable.someStepType || stepType.name.isEmpty();
        if (stepTypeNames.insert(fileErrors, QStringLiteral("name"), stepType.name))
            loaded.stepTypes << stepType;
    }

    UniqueKeys requestTypeNames(tr("request type name"));
    for (const QString &file : definitionFiles(directory, requestTypesDir, &errors)) {
        FileErrors fileErrors(file, &errors);
        if (!readJson(directory, fileErrors, &json)) {
            unreadable.someRequestType = true;
            continue;
        }
        const RequestTypeDefinition requestType = Parser::requestType(fileErrors, json);
        unreadable.someRequestType = unreadable.someRequestType || requestType.name.isEmpty();
        if (requestTypeNames.insert(fileErrors, QStringLiteral("name"), requestType.name))
            loaded.requestTypes << requestType;
    }

    ReferenceChecker(loaded, unreadable, &errors).checkAll();
    if (errors.isEmpty())
        *out = loaded;
    return errors;
}

} // namespace casedesk
