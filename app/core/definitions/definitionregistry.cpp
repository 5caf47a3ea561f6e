#include "definitionregistry.h"

#include "definitionloader.h"

#include <QtGlobal>

namespace casedesk {

bool DefinitionRegistry::load(const QString &directory, QStringList *errors)
{
    m_forms.clear();
    m_stepTypes.clear();
    m_requestTypes.clear();
    m_virtualWorkers.clear();
    m_roles.clear();

    LoadedDefinitions loaded;
    const QStringList problems = DefinitionLoader().load(directory, &loaded);
    if (errors)
        *errors = problems;
    if (!problems.isEmpty())
        return false;

    for (const RoleDefinition &role : std::as_const(loaded.roles))
        m_roles.insert(role.code, role);
    for (const VirtualWorkerDefinition &worker : std::as_const(loaded.virtualWorkers))
        m_virtualWorkers.insert(worker.code, worker);
    for (const FormDefinition &form : std::as_const(loaded.forms))
        m_forms.insert(form.code, form);
    for (const StepTypeDefinition &stepType : std::as_const(loaded.stepTypes))
        m_stepTypes.insert(stepType.name, stepType);
    for (const RequestTypeDefinition &requestType : std::as_const(loaded.requestTypes))
        m_requestTypes.insert(requestType.name, requestType);
    return true;
}

QString DefinitionRegistry::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("CASEDESK_FORMS_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(":/forms") : fromEnvironment;
}

namespace {

// The app-wide registry and what was wrong loading it, loaded together once.
struct SharedDefinitions
{
    DefinitionRegistry registry;
    QStringList problems;
};

const SharedDefinitions &sharedDefinitions()
{
    static const SharedDefinitions shared = [] {
        SharedDefinitions loaded;
        loaded.registry.load(DefinitionRegistry::defaultDirectory(), &loaded.problems);
        return loaded;
    }();
    return shared;
}

} // namespace

const DefinitionRegistry &DefinitionRegistry::shared()
{
    return sharedDefinitions().registry;
}

QStringList DefinitionRegistry::sharedProblems()
{
    return sharedDefinitions().problems;
}

namespace {

template <typename T> const T *find(const QHash<QString, T> &hash, const QString &key)
{
    const auto found = hash.constFind(key);
    return found == hash.constEnd() ? nullptr : &found.value();
}

} // namespace

const FormDefinition *DefinitionRegistry::form(const QString &code) const
{
    return find(m_forms, code);
}

const StepTypeDefinition *DefinitionRegistry::stepType(const QString &name) const
{
    return find(m_stepTypes, name);
}

const RequestTypeDefinition *DefinitionRegistry::requestType(const QString &name) const
{
    return find(m_requestTypes, name);
}

const VirtualWorkerDefinition *DefinitionRegistry::virtualWorker(const QString &code) const
{
    return find(m_virtualWorkers, code);
}

const VirtualWorkerDefinition *DefinitionRegistry::virtualWorkerByName(const QString &name) const
{
    for (auto it = m_virtualWorkers.constBegin(); it != m_virtualWorkers.constEnd(); ++it) {
        if (it.value().name == name)
            return &it.value();
    }
    return nullptr;
}

const RoleDefinition *DefinitionRegistry::role(const QString &code) const
{
    return find(m_roles, code);
}

QString DefinitionRegistry::roleName(const QString &code) const
{
    const RoleDefinition *found = role(code);
    return found ? found->name : code;
}

QString DefinitionRegistry::decidedIn(const QString &formCode) const
{
    for (auto it = m_stepTypes.cbegin(); it != m_stepTypes.cend(); ++it) {
        if (it.value().primaryForm == formCode)
            return it.key();
    }
    for (auto it = m_stepTypes.cbegin(); it != m_stepTypes.cend(); ++it) {
        if (it.value().allForms().contains(formCode))
            return it.key(); // a form opened on the step (C0773 on SC Panel)
    }
    return formCode;
}

QString DefinitionRegistry::roleNames(const QStringList &codes) const
{
    QStringList names;
    for (const QString &code : codes)
        names << roleName(code);
    return names.join(tr(" or "));
}

bool DefinitionRegistry::opensWholeRecords(const QString &role) const
{
    const RoleDefinition *found = this->role(role);
    return found && found->opensRecords == OpensRecords::Whole;
}

QString DefinitionRegistry::whyCannotStartFromRecord(const QString &stepType, const QString &role,
                                                     bool personIsChild,
                                                     const QString &personName) const
{
    const StepTypeDefinition *type = this->stepType(stepType);
    if (!type)
        return tr("\"%1\" is not a step CaseDesk knows.").arg(stepType);
    if (type->startedByRoles.isEmpty())
        return tr("%1 is not started from a record: it comes as a next action of another step.")
            .arg(stepType);
    if (!type->startedByRoles.contains(role))
        return tr("As %1 you cannot start %2: only a %3 starts it.")
            .arg(roleName(role), stepType, roleNames(type->startedByRoles));
    if (type->startedFor == StartedFor::Children && !personIsChild)
        return tr("%1 is for a child, and %2 is not recorded as a child.")
            .arg(stepType, personName);
    return QString();
}

} // namespace casedesk
