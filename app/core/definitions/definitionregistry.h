#pragma once

#include "definitions.h"

#include <QCoreApplication>
#include <QHash>

namespace casedesk {

// Loads and validates every definition file under a directory (":/forms" in the app, the source
// tree's forms/ in tests). Lookups are by name/code; definitions are loaded once and cached.
//
// Layout:  roles.json, virtual-workers.json, forms/*.json, step-types/*.json, request-types/*.json
// Errors name the file (relative to the directory), the JSON path inside it, and what is wrong:
//   "forms/C1044.json: sections[1].questions[0].ownerRole: unknown role \"manager\""
class DefinitionRegistry
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    // Returns false, with every problem found in `errors`, if anything is missing or dangling;
    // a registry that failed to load is empty.
    bool load(const QString &directory, QStringList *errors);

    // The directory the app loads from: $CASEDESK_FORMS_DIR when set, else the compiled-in
    // ":/forms".
    static QString defaultDirectory();
    // The app-wide registry, loaded from defaultDirectory() on first use; empty when the
    // definitions there are broken, so programs check sharedProblems() before they start.
    static const DefinitionRegistry &shared();
    // Every problem found loading shared(), or none. Reported, not fatal: the app shows them in a
    // dialog and exits rather than crashing with no window.
    static QStringList sharedProblems();

    const FormDefinition *form(const QString &code) const;
    const StepTypeDefinition *stepType(const QString &name) const;
    const RequestTypeDefinition *requestType(const QString &name) const;
    const VirtualWorkerDefinition *virtualWorker(const QString &code) const;
    const VirtualWorkerDefinition *virtualWorkerByName(const QString &name) const;
    const RoleDefinition *role(const QString &code) const;

    QList<FormDefinition> forms() const { return m_forms.values(); }
    QList<StepTypeDefinition> stepTypes() const { return m_stepTypes.values(); }
    QList<RequestTypeDefinition> requestTypes() const { return m_requestTypes.values(); }
    QList<VirtualWorkerDefinition> virtualWorkers() const { return m_virtualWorkers.values(); }
    QList<RoleDefinition> roles() const { return m_roles.values(); }

    // Display name of a role code ("PS/Manager" for ps_manager); the code itself if unknown.
    QString roleName(const QString &code) const;
    // Where a form's answers are decided: the step type whose primary form it is ("SC Social
    // Care Purchase Request" for C1300), else one that has it ("SC Panel" for C0773); the code
    // itself if none.
    QString decidedIn(const QString &formCode) const;
    // Role names joined for a sentence: "Social Worker or PS/Manager".
    QString roleNames(const QStringList &codes) const;

    // Access by job (roles.json opensRecords, step-types startedByRoles / startedFor).
    // Whether a worker acting as `role` opens whole records; an unknown role does not.
    bool opensWholeRecords(const QString &role) const;
    // Why a worker acting as `role` may not start `stepType` from the record of `personName`
    // (`personIsChild` as recorded); empty when they may. The server refuses the same
    // (020_access_by_job.postgres.sql).
    QString whyCannotStartFromRecord(const QString &stepType, const QString &role,
                                     bool personIsChild, const QString &personName) const;

private:
    QHash<QString, FormDefinition> m_forms;
    QHash<QString, StepTypeDefinition> m_stepTypes;
    QHash<QString, RequestTypeDefinition> m_requestTypes;
    QHash<QString, VirtualWorkerDefinition> m_virtualWorkers;
    QHash<QString, RoleDefinition> m_roles;
};

} // namespace casedesk
