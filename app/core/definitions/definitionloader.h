#pragma once

#include "definitions.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace casedesk {

// Everything read from one definitions directory, in file order.
struct LoadedDefinitions
{
    QList<RoleDefinition> roles;
    QList<VirtualWorkerDefinition> virtualWorkers;
    QList<FormDefinition> forms;
    QList<StepTypeDefinition> stepTypes;
    QList<RequestTypeDefinition> requestTypes;
};

// Internal to DefinitionRegistry: reads every definition file under a directory and checks it
// strictly (types, required and unknown keys, duplicates, every cross-reference). Returns every
// problem found, each as "<file relative to the directory>: <JSON path>: <what is wrong>"; an
// empty list means the definitions are sound.
class DefinitionLoader
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::DefinitionRegistry)

public:
    QStringList load(const QString &directory, LoadedDefinitions *out);
};

} // namespace casedesk
