#pragma once

#include "definitions/definitionregistry.h"
#include "paper/paperdocument.h"
#include "storage/database.h"
#include "workflow/records.h"

#include <QCoreApplication>
#include <QHash>

namespace casedesk {

struct ContextForm;

// Reads what a printed document shows and builds it (PaperDocument), on whichever connection it
// is given: the screens run it on the session's database thread. Producing a document is a read
// of each child's record it shows, audited as opening that record is (RecordAccess::openPerson:
// on PostgreSQL the server refuses a record the worker may not see, and records the opening).
class PaperReader
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::PaperReader)

public:
    PaperReader(Database &db, const DefinitionRegistry &definitions);

    // A step: every form it has open or answered, sections in order, each answer with who saved
    // it and when.
    PaperDocument step(qint64 stepId, const Actor &actor);
    // A person's record: details, relationships, allocation, episodes and history.
    PaperDocument personRecord(qint64 personId, const Actor &actor);
    // A Direct Payments panel's agenda.
    PaperDocument panelAgenda(qint64 panelId, const Actor &actor);
    // The panel pack: the agenda, then each case with its referral and the reports the panel
    // needs (what the panel step shows beside its forms, and a review's pre-meeting report).
    PaperDocument panelPack(qint64 panelId, const Actor &actor);

private:
    PaperDocument started(const Actor &actor, const QString &title);
    // Audits the read of each person's record; false (with `document->status`) when refused.
    bool audit(PaperDocument *document, qint64 personId, const Actor &actor);
    QString formHtml(const FormDefinition &form, const QHash<QString, AnswerRecord> &answers,
                     const AnswerValues &values, const QStringList &onlySections = {});
    void noteForm(PaperDocument *document, const FormDefinition &form) const;
    QString contextHtml(PaperDocument *document, const ContextForm &context);

    Database &m_db;
    const DefinitionRegistry &m_definitions;
};

} // namespace casedesk
