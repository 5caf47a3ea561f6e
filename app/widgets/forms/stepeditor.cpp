#include "stepeditor.h"

#include "cancelstepdialog.h"
#include "common/directory.h"
#include "common/elidedlabel.h"
#include "common/inlinemessage.h"
#include "common/messagebox.h"
#include "conflictdialog.h"
#include "formeditor.h"
#include "nextactionseditor.h"
#include "paper/paperoutput.h"
#include "paper/paperreader.h"
#include "requests/requestsdialog.h"
#include "stepcontextpanel.h"
#include "storage/databasethread.h"
#include "timing/coalescingtimer.h"
#include "workflow/stepcontext.h"
#include "workflow/workflowengine.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QSplitter>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <utility>

namespace casedesk {

namespace {

QString statusText(const QString &status)
{
    if (status == StepStatus::Incoming)
        return StepEditor::tr("Incoming");
    if (status == StepStatus::Started)
        return StepEditor::tr("Started");
    if (status == StepStatus::Finished)
        return StepEditor::tr("Finished");
    if (status == StepStatus::Cancelled)
        return StepEditor::tr("Cancelled");
    return status;
}

} // namespace

StepEditor::StepEditor(WorkflowEngine &engine, const Directory &directory, const StepSnapshot &read,
                       const Actor &actor, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_directory(directory), m_stepId(read.step.id),
      m_actor(actor)
{
    setObjectName(QStringLiteral("stepEditor"));
    m_step = read.step;
    m_revision = m_step.revision;
    m_savedAnswers = read.values;
    setSaver({});
    setFinisher({});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *header = new QWidget(this);
    auto *headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(12, 8, 12, 4);
    headerLayout->setSpacing(2);
    m_heading = new ElidedLabel(header);
    m_heading->setObjectName(QStringLiteral("stepHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.25);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    headerLayout->addWidget(m_heading);
    m_status = new QLabel(header);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    headerLayout->addWidget(m_status);
    m_presence = new QLabel(header);
    m_presence->setObjectName(QStringLiteral("presenceNote"));
    m_presence->setTextFormat(Qt::PlainText);
    m_presence->setWordWrap(true);
    m_presence->hide();
    headerLayout->addWidget(m_presence);
    layout->addWidget(header);

    // Journalled 400 ms after typing pauses, and at least every second while it goes on, so a
    // crash at any moment of typing loses at most about a second of it.
    m_journalTimer = new CoalescingTimer(JournalQuietMs, JournalMaxWaitMs, this);
    connect(m_journalTimer, &CoalescingTimer::timeout, this, &StepEditor::journalChanges);
    // A save over a quick link is over before anyone could read "Saving…"; a slow one says so.
    m_busyNote = new QTimer(this);
    m_busyNote->setSingleShot(true);
    m_busyNote->setInterval(300);
    connect(m_busyNote, &QTimer::timeout, this, [this] {
        if (m_busy == Busy::None)
            return;
        m_banner->showMessage(InlineMessage::Kind::Information,
                              m_busy == Busy::Saving ? tr("Saving…") : tr("Finishing…"));
    });

    m_toolbar = new QToolBar(tr("Step actions"), this);
    m_toolbar->setObjectName(QStringLiteral("stepToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(16, 16));
    m_toolbar->setContentsMargins(6, 0, 6, 0);

    m_save = new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveAction"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_save, &QAction::triggered, this, [this] { save(); });

    m_saveClose =
        new QAction(style()->standardIcon(QStyle::SP_DialogOkButton), tr("Save and &Close"), this);
    m_saveClose->setObjectName(QStringLiteral("saveAndCloseAction"));
    connect(m_saveClose, &QAction::triggered, this, [this] { saveAndClose(); });

    m_finish =
        new QAction(style()->standardIcon(QStyle::SP_DialogApplyButton), tr("&Finish"), this);
    m_finish->setObjectName(QStringLiteral("finishAction"));
    connect(m_finish, &QAction::triggered, this, [this] { finish(); });

    m_requests = new QAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView),
                             tr("&Requests"), this);
    m_requests->setObjectName(QStringLiteral("requestsAction"));
    m_requests->setToolTip(tr("See, answer and send requests about this step"));
    connect(m_requests, &QAction::triggered, this, [this] {
        // What may be sent depends on the answers (a request waits for its decision): the
        // answers on screen are saved first, so the dialog and the engine see them.
        if (!isModified()) {
            openRequests();
            return;
        }
        save([this](bool saved) {
            if (saved)
                openRequests();
        });
    });

    m_cancel = new QAction(style()->standardIcon(QStyle::SP_DialogDiscardButton),
                           tr("Ca&ncel step…"), this);
    m_cancel->setObjectName(QStringLiteral("cancelStepAction"));
    connect(m_cancel, &QAction::triggered, this, [this] { cancelStep(); });

    m_copy = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Copy from &previous"),
                         this);
    m_copy->setObjectName(QStringLiteral("copyFromPreviousAction"));
    m_copy->setToolTip(
        tr("Fill empty answers from the last finished %1 for this person").arg(m_step.stepType));
    connect(m_copy, &QAction::triggered, this, [this] { copyFromPrevious(); });

    m_toolbar->addAction(m_save);
    m_toolbar->addAction(m_saveClose);
    m_toolbar->addAction(m_finish);
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_requests);

    m_formsMenu = new QMenu(tr("Forms and letters"), this);
    m_formsMenu->setObjectName(QStringLiteral("formsMenu"));
    connect(m_formsMenu, &QMenu::aboutToShow, this, &StepEditor::rebuildFormsMenu);
    m_formsButton = new QToolButton(m_toolbar);
    m_formsButton->setObjectName(QStringLiteral("formsAndLettersButton"));
    m_formsButton->setText(tr("Forms and &letters"));
    m_formsButton->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_formsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_formsButton->setPopupMode(QToolButton::InstantPopup);
    m_formsButton->setMenu(m_formsMenu);
    m_formsButton->setAccessibleName(tr("Forms and letters"));
    m_formsAction = m_toolbar->addWidget(m_formsButton);
    m_toolbar->addAction(m_copy);
    addPaperActions();
    layout->addWidget(m_toolbar);
    // The shortcuts work wherever the keyboard focus is inside this step.
    addAction(m_save);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("finishHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setContentsMargins(12, 2, 12, 2);
    m_hint->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(Style::MutedText)));
    layout->addWidget(m_hint);

    auto *bannerBox = new QWidget(this);
    auto *bannerLayout = new QVBoxLayout(bannerBox);
    bannerLayout->setContentsMargins(12, 4, 12, 4);
    m_banner = new InlineMessage(bannerBox);
    m_banner->setObjectName(QStringLiteral("stepBanner"));
    bannerLayout->addWidget(m_banner);
    // Its own line, so that other messages never hide it while the journal is failing.
    m_journalBanner = new InlineMessage(bannerBox);
    m_journalBanner->setObjectName(QStringLiteral("journalBanner"));
    bannerLayout->addWidget(m_journalBanner);
    layout->addWidget(bannerBox);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("formTabs"));
    m_tabs->setAccessibleName(tr("Forms of this step"));
    m_tabs->tabBar()->setAccessibleName(tr("Open forms"));
    m_tabs->setDocumentMode(true);
    QStringList requestTypes;
    for (const RequestRecord &request : read.requests)
        requestTypes << request.requestType;
    if (StepContextQuery::declaresContext(m_engine.definitions(), m_step.stepType, requestTypes)) {
        // Beside the forms, so the decision is made looking at what it is about.
        auto *splitter = new QSplitter(Qt::Horizontal, this);
        splitter->setObjectName(QStringLiteral("stepSplitter"));
        splitter->setChildrenCollapsible(false);
        splitter->addWidget(m_tabs);
        m_context = new StepContextPanel(m_engine.definitions(), splitter);
        splitter->addWidget(m_context);
        splitter->setStretchFactor(0, 3);
        splitter->setStretchFactor(1, 2);
        splitter->setSizes({3000, 2000}); // proportions: the context gets two fifths
        layout->addWidget(splitter, 1);
        m_contextAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogInfoView),
                                      tr("&About this step"), this);
        m_contextAction->setObjectName(QStringLiteral("contextAction"));
        m_contextAction->setCheckable(true);
        m_contextAction->setChecked(true);
        m_contextAction->setToolTip(tr("Show or hide what this step is about, beside its forms"));
        connect(m_contextAction, &QAction::toggled, m_context, &QWidget::setVisible);
        m_toolbar->addAction(m_contextAction);
        // After the caller has set the database thread (setBackground), never here and now; it
        // is waiting for that read from the start (nothing is shown as read before it).
        m_context->setWaiting();
        QTimer::singleShot(0, this, &StepEditor::loadContext);
    } else {
        layout->addWidget(m_tabs, 1);
    }

    for (const QString &code : m_step.openForms)
        addFormTab(code, read);

    connect(&m_engine, &WorkflowEngine::workChanged, this, &StepEditor::updateActionsLater);
    updateHeader();
    applyReasons({read.whyCannotEdit, read.whyCannotFinish, read.serverUnreachable});
}

template <typename Work> auto StepEditor::ask(Work work)
{
    using Result = std::invoke_result_t<Work &, WorkflowEngine &>;
    if (!m_background)
        return QtFuture::makeReadyFuture(work(m_engine));
    const DefinitionRegistry *definitions = &m_engine.definitions();
    return m_background->run([definitions, work](Database &db) mutable -> Result {
        WorkflowEngine engine(db, *definitions);
        return work(engine);
    });
}

void StepEditor::addPaperActions()
{
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    const QList<QAction *> paper = PaperOutput::actions(
        this,
        [this, stepId, actor] {
            return ask([stepId, actor](WorkflowEngine &engine) {
                return PaperReader(engine.database(), engine.definitions()).step(stepId, actor);
            });
        },
        [this](bool succeeded, const QString &message) {
            if (!message.isEmpty())
                m_banner->showMessage(succeeded ? InlineMessage::Kind::Information
                                                : InlineMessage::Kind::Error,
                                      message);
        });
    auto *menu = new QMenu(tr("Print"), this);
    menu->addActions(paper);
    auto *button = new QToolButton(m_toolbar);
    button->setObjectName(QStringLiteral("paperButton"));
    button->setText(tr("&Print"));
    button->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setMenu(menu);
    button->setAccessibleName(tr("Print or save as PDF"));
    m_toolbar->addWidget(button);
}

template <typename Work, typename Then> void StepEditor::askThen(Work work, Then then)
{
    using Result = std::invoke_result_t<Work &, WorkflowEngine &>;
    ++m_jobsInFlight;
    ask(std::move(work)).then(this, [this, then = std::move(then)](const Result &result) {
        --m_jobsInFlight;
        then(result);
    });
}

void StepEditor::loadContext()
{
    if (!m_context)
        return;
    m_context->setWaiting();
    const qint64 stepId = m_stepId;
    askThen(
        [stepId](WorkflowEngine &engine) {
            return StepContextQuery(engine.database(), engine.definitions()).read(stepId);
        },
        [this](const StepContext &context) {
            m_context->setContext(context);
            // Nothing to show (a first referral comes from no other step): no empty panel.
            const bool nothing = context.status.isOk() && context.forms.isEmpty();
            m_context->setVisible(!nothing && m_contextAction->isChecked());
            m_contextAction->setEnabled(!nothing);
            m_contextAction->setToolTip(nothing ? tr("Nothing recorded elsewhere for this step")
                                                : tr("Show or hide what this step is about, "
                                                     "beside its forms"));
        });
}

void StepEditor::setSaver(Saver saver)
{
    if (!saver) {
        saver = [this](qint64 stepId, const QString &formCode,
                       const QHash<QString, QString> &answers, const Actor &actor,
                       int expectedRevision) {
            return ask([=](WorkflowEngine &engine) {
                SaveOutcome outcome;
                outcome.status = engine.saveAnswers(stepId, formCode, answers, actor,
                                                    expectedRevision, &outcome.problems);
                return outcome;
            });
        };
    }
    m_saver = std::move(saver);
}

void StepEditor::setFinisher(Finisher finisher)
{
    if (!finisher) {
        finisher = [this](qint64 stepId, const Actor &actor) {
            return ask([=](WorkflowEngine &engine) {
                FinishOutcome outcome;
                outcome.status =
                    engine.finishStep(stepId, actor, &outcome.problems, &outcome.heldBack);
                return outcome;
            });
        };
    }
    m_finisher = std::move(finisher);
}

QString StepEditor::title() const
{
    return tr("%1 – %2").arg(m_step.stepType, m_step.personName);
}

QList<FormEditor *> StepEditor::formEditors() const
{
    QList<FormEditor *> editors;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *editor = qobject_cast<FormEditor *>(m_tabs->widget(i)))
            editors << editor;
    }
    return editors;
}

FormEditor *StepEditor::formEditor(const QString &formCode) const
{
    for (FormEditor *editor : formEditors()) {
        if (editor->formCode() == formCode)
            return editor;
    }
    return nullptr;
}

bool StepEditor::isModified() const
{
    for (FormEditor *editor : formEditors()) {
        if (editor->isModified())
            return true;
    }
    return false;
}

QString StepEditor::finishHint() const
{
    return m_hint->isHidden() ? QString() : m_hint->text();
}

FormEditor *StepEditor::addFormTab(const QString &formCode, const StepSnapshot &read)
{
    auto *editor = new FormEditor(m_engine, m_directory, read, formCode, m_actor, m_tabs);
    const FormDefinition *form = m_engine.definitions().form(formCode);
    const int index =
        m_tabs->addTab(editor, form ? form->code + QStringLiteral(" ") + form->title : formCode);
    m_tabs->setTabToolTip(index, form ? form->displayName() : formCode);
    // A next action is added to the saved step: what was typed is saved first.
    editor->setNextActionRunner(
        [this](NextActionsEditor::Work work,
               std::function<void(const NextActionsEditor::Change &)> done) {
            save([this, work, done](bool saved) {
                if (!saved)
                    return;
                ++m_jobsInFlight;
                ask(work).then(this, [this, done](const NextActionsEditor::Change &made) {
                    --m_jobsInFlight;
                    if (made.status) // written by the database thread's engine
                        emit m_engine.workChanged();
                    done(made);
                });
            });
        });
    connect(editor, &FormEditor::modifiedChanged, this, [this] {
        updateTabTitles();
        emit modifiedChanged(isModified());
    });
    connect(editor, &FormEditor::valuesChanged, this, &StepEditor::shareAnswers);
    connect(editor, &FormEditor::valuesChanged, m_journalTimer, &CoalescingTimer::trigger);
    connect(editor, &FormEditor::nextActionsChanged, this, &StepEditor::updateActionsLater);
    shareAnswers();
    return editor;
}

void StepEditor::shareAnswers()
{
    const QList<FormEditor *> editors = formEditors();
    // Saved answers of forms not open here, as last read (not per keystroke).
    AnswerValues all = m_savedAnswers;
    for (FormEditor *editor : editors)
        all.insert(editor->formCode(), editor->values());
    for (FormEditor *editor : editors) {
        if (editor != sender())
            editor->setOtherAnswers(all);
    }
}

void StepEditor::updateTabTitles()
{
    const QList<FormEditor *> editors = formEditors();
    for (int i = 0; i < editors.size(); ++i) {
        const FormDefinition &form = editors.at(i)->form();
        QString text = form.code + QStringLiteral(" ") + form.title;
        if (editors.at(i)->isModified())
            text += QStringLiteral(" *");
        m_tabs->setTabText(i, text);
        m_tabs->setTabIcon(i, editors.at(i)->problems().isEmpty()
                                  ? QIcon()
                                  : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
}

void StepEditor::updateHeader()
{
    m_heading->setText(title());
    QStringList parts{statusText(m_step.status)};
    if (!m_step.assigneeName.isEmpty())
        parts << tr("assigned to %1").arg(m_step.assigneeName);
    if (m_step.status == StepStatus::Finished && !m_step.finishedByName.isEmpty())
        parts << tr("finished by %1 on %2")
                     .arg(m_step.finishedByName,
                          m_step.finishedAt.toLocalTime().toString(QStringLiteral("dd/MM/yyyy")));
    parts << tr("acting as %1").arg(m_engine.definitions().roleName(m_actor.role));
    m_status->setText(parts.join(QStringLiteral(" · ")));
    emit titleChanged(title());
}

StepEditor::ActionReasons StepEditor::readReasons(WorkflowEngine &engine, qint64 stepId,
                                                  const Actor &actor)
{
    ActionReasons reasons;
    reasons.whyNotFinish = engine.whyCannotFinish(stepId, actor, &reasons.unreachable);
    if (!reasons.unreachable)
        reasons.whyNotEdit = engine.whyCannotEdit(stepId, actor);
    return reasons;
}

void StepEditor::updateActionsLater()
{
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    ++m_jobsInFlight;
    ask([stepId, actor](WorkflowEngine &engine) {
        return readReasons(engine, stepId, actor);
    }).then(this, [this](const ActionReasons &reasons) {
        --m_jobsInFlight;
        applyReasons(reasons);
    });
}

void StepEditor::applyReasons(const ActionReasons &reasons)
{
    const QString &whyNotFinish = reasons.whyNotFinish;
    m_whyNotFinish = whyNotFinish;
    if (reasons.unreachable) {
        // Not knowing is not "no longer exists": typing and Save go on (Save keeps the answers
        // on this computer until the server is back); only Finish needs the server now.
        applyActionStates();
        m_hint->setText(whyNotFinish);
        m_hint->setVisible(true);
        emit serverUnreachable();
        return;
    }
    m_whyNotEdit = reasons.whyNotEdit;
    applyActionStates();

    // Disabled buttons say why in a tooltip; the reason is also shown as text, because tooltips
    // are easy to miss and out of reach of the keyboard.
    QString hint;
    if (!m_whyNotEdit.isEmpty())
        hint = m_whyNotEdit;
    else if (!whyNotFinish.isEmpty())
        hint = tr("Finish is not available: %1").arg(whyNotFinish);
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
}

void StepEditor::applyActionStates()
{
    const bool editable = m_whyNotEdit.isEmpty();
    const QString busy = m_busy == Busy::Saving      ? tr("Saving…")
                         : m_busy == Busy::Finishing ? tr("Finishing…")
                                                     : QString();
    auto explain = [&busy](QAction *action, bool enabled, const QString &available,
                           const QString &why) {
        const QString reason = busy.isEmpty() ? why : busy;
        enabled = enabled && busy.isEmpty();
        action->setEnabled(enabled);
        action->setToolTip(enabled ? available : reason);
        action->setStatusTip(enabled ? available : reason);
    };
    explain(m_save, editable, tr("Save the answers (Ctrl+S)"), m_whyNotEdit);
    explain(m_saveClose, editable, tr("Save the answers and close this step"), m_whyNotEdit);
    explain(m_cancel, editable,
            tr("Cancel this step, saying why (for example, started for the wrong child)"),
            m_whyNotEdit);
    explain(m_finish, m_whyNotFinish.isEmpty(),
            tr("Finish this step: its forms become read-only and its next actions are sent"),
            m_whyNotFinish);
    m_formsButton->setEnabled(editable && busy.isEmpty());
    m_formsButton->setToolTip(editable ? tr("Open another form of %1").arg(m_step.stepType)
                                       : m_whyNotEdit);
    const StepTypeDefinition *type = m_engine.definitions().stepType(m_step.stepType);
    // A widget in a tool bar is shown and hidden through its action.
    m_formsAction->setVisible(type && !type->otherForms.isEmpty());
    const bool copies = type && type->prepopulateFromPrevious;
    m_copy->setVisible(copies);
    m_copy->setEnabled(copies && editable && busy.isEmpty());
    if (copies && !editable)
        m_copy->setToolTip(m_whyNotEdit);
}

void StepEditor::setBusy(Busy busy)
{
    m_busy = busy;
    if (busy == Busy::None) {
        m_busyNote->stop();
        const QString note = m_banner->message();
        if (note == tr("Saving…") || note == tr("Finishing…"))
            m_banner->clearMessage();
    } else if (!m_busyNote->isActive()) {
        m_busyNote->start();
    }
    applyActionStates();
}

void StepEditor::rebuildFormsMenu()
{
    m_formsMenu->clear();
    const StepTypeDefinition *type = m_engine.definitions().stepType(m_step.stepType);
    if (!type)
        return;
    for (const QString &code : type->allForms()) {
        const FormDefinition *form = m_engine.definitions().form(code);
        QAction *action =
            m_formsMenu->addAction(form ? form->title + QStringLiteral(" ") + code : code);
        action->setData(code);
        action->setCheckable(true);
        action->setChecked(formEditor(code) != nullptr);
        connect(action, &QAction::triggered, this, [this, code] { openForm(code); });
    }
}

void StepEditor::openForm(const QString &formCode)
{
    openForm(formCode, [this](FormEditor *editor) {
        if (editor)
            m_tabs->setCurrentWidget(editor);
    });
}

void StepEditor::openForm(const QString &formCode, const std::function<void(FormEditor *)> &opened)
{
    if (FormEditor *open = formEditor(formCode)) {
        opened(open);
        return;
    }
    struct Opened
    {
        Status status;
        StepSnapshot read;
    };
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    // Opened and read in one job: the new tab shows what is saved in it.
    askThen(
        [stepId, formCode, actor](WorkflowEngine &engine) {
            Opened done;
            done.status = engine.openForm(stepId, formCode, actor);
            if (done.status)
                done.read = engine.snapshot(stepId, actor);
            return done;
        },
        [this, formCode, opened](const Opened &done) {
            if (!done.status || done.read.step.unreadable) {
                m_banner->showError(done.status ? tr("The form could not be read: the "
                                                     "connection to the server was lost.")
                                                : done.status.message());
                opened(nullptr);
                return;
            }
            // m_revision stays the one what is typed was typed against.
            m_step = done.read.step;
            FormEditor *editor = formEditor(formCode);
            if (!editor)
                editor = addFormTab(formCode, done.read);
            applyReasons(
                {done.read.whyCannotEdit, done.read.whyCannotFinish, done.read.serverUnreachable});
            opened(editor);
        });
}

bool StepEditor::save(Done done)
{
    if (m_busy != Busy::None)
        return false;
    if (m_revisionReads > 0) {
        // A save kept on this computer has landed and the step's revision is being read again:
        // saving over the old one would be refused as a conflict with our own answers.
        setBusy(Busy::Saving);
        m_afterRevisionRead = [this, done] {
            setBusy(Busy::None);
            save(done);
        };
        return true;
    }
    m_banner->clearMessage();
    QList<FormSave> saves;
    for (FormEditor *editor : formEditors()) {
        const QHash<QString, QString> changes = editor->changedValues();
        if (changes.isEmpty())
            editor->markSaved();
        else
            saves << FormSave{editor->formCode(), changes};
    }
    setBusy(Busy::Saving);
    saveNext(saves, std::move(done), false);
    return true;
}

void StepEditor::saveNext(QList<FormSave> saves, Done done, bool wroteAny)
{
    if (saves.isEmpty()) {
        if (wroteAny) // by the database thread's engine: tell whoever follows this one
            emit m_engine.workChanged();
        saveSucceeded(done);
        return;
    }
    const FormSave next = saves.takeFirst();
    m_saver(m_stepId, next.formCode, next.changes, m_actor, m_revision)
        .then(this, [this, next, saves, done](const SaveOutcome &outcome) {
            if (!outcome.status) {
                saveFailed(next, outcome, done);
                return;
            }
            ++m_revision;
            // What was typed while the save was on its way stays unsaved.
            if (FormEditor *editor = formEditor(next.formCode))
                editor->markSaved(next.changes);
            saveNext(saves, done, true);
        });
}

void StepEditor::saveFailed(const FormSave &save, const SaveOutcome &outcome, const Done &done)
{
    if (outcome.status.code() == Status::Code::Conflict && m_revisionReads > 0) {
        // Our own save kept on this computer landed while this one was on its way, so the
        // conflict is with ourselves: once its revision is read, save again on top of it.
        m_afterRevisionRead = [this, done] {
            setBusy(Busy::None);
            this->save(done);
        };
        return;
    }
    setBusy(Busy::None);
    // Nothing typed is lost: the editors keep their values until the next save.
    FormEditor *editor = formEditor(save.formCode);
    if (editor && !outcome.problems.isEmpty()) {
        editor->setProblems(outcome.problems);
        m_tabs->setCurrentWidget(editor);
        editor->showFirstProblem();
    }
    m_banner->showMessage(outcome.status.code() == Status::Code::ServerUnreachable
                              ? InlineMessage::Kind::Warning
                              : InlineMessage::Kind::Error,
                          outcome.status.message());
    updateTabTitles();
    if (outcome.status.code() == Status::Code::Conflict)
        resolveConflict();
    emit saveDone(false);
    if (done)
        done(false);
}

void StepEditor::saveSucceeded(const Done &done)
{
    setBusy(Busy::None);
    updateTabTitles();
    // The saved answers of the open forms are what they show now; the others did not change.
    shareAnswers();
    updateActionsLater();
    flushJournal(); // nothing left unsaved: the journal forgets these forms
    m_banner->showMessage(InlineMessage::Kind::Success, tr("Saved."));
    emit saved(m_stepId);
    emit saveDone(true);
    if (done)
        done(true);
}

bool StepEditor::saveAndClose()
{
    return save([this](bool saved) {
        if (saved)
            emit closed(m_stepId);
    });
}

void StepEditor::placeProblems(const QList<Problem> &problems, const QString &summary)
{
    QStringList elsewhere;
    FormEditor *first = nullptr;
    for (FormEditor *editor : formEditors()) {
        editor->setProblems(problems);
        if (!first && !editor->problems().isEmpty())
            first = editor;
    }
    for (const Problem &problem : problems) {
        if (problem.formCode.isEmpty() || !formEditor(problem.formCode))
            elsewhere << QStringLiteral("• ") + problem.message;
    }
    QString text = summary;
    if (!elsewhere.isEmpty())
        text += QLatin1Char('\n') + elsewhere.join(QLatin1Char('\n'));
    if (first && first != m_tabs->currentWidget() &&
        qobject_cast<FormEditor *>(m_tabs->currentWidget())->problems().isEmpty())
        m_tabs->setCurrentWidget(first);
    if (auto *current = qobject_cast<FormEditor *>(m_tabs->currentWidget()))
        current->showFirstProblem();
    m_banner->showError(text);
    updateTabTitles();
}

bool StepEditor::finish()
{
    return save([this](bool saved) {
        if (saved)
            finishSaved();
        else
            emit finishDone(false);
    });
}

void StepEditor::finishSaved()
{
    setBusy(Busy::Finishing);
    const qint64 stepId = m_stepId;
    ask([stepId](WorkflowEngine &engine) {
        return engine.whatIsMissing(stepId).isEmpty();
    }).then(this, [this](bool complete) {
        // The decision on the step holds some next actions back: say so before finishing.
        QStringList heldBack;
        for (FormEditor *editor : formEditors())
            heldBack << editor->heldBackNextActions();
        const QString held =
            heldBack.isEmpty()
                ? QString()
                : tr("\n\nNot sent, as decided:\n• %1").arg(heldBack.join(QStringLiteral("\n• ")));
        // With something missing there is nothing to confirm: Finish says what it is.
        if (complete &&
            MessageBox::question(this, tr("Finish step"),
                                 tr("Finish %1 for %2?\n\nIts forms become read-only and its "
                                    "next actions are sent to their assignees.%3")
                                     .arg(m_step.stepType, m_step.personName, held),
                                 QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) != QMessageBox::Yes) {
            setBusy(Busy::None);
            emit finishDone(false);
            return;
        }
        finishConfirmed();
    });
}

void StepEditor::finishConfirmed()
{
    m_finisher(m_stepId, m_actor).then(this, [this](const FinishOutcome &outcome) {
        finishEnded(outcome);
    });
}

void StepEditor::finishEnded(const FinishOutcome &outcome)
{
    setBusy(Busy::None);
    const Status &status = outcome.status;
    if (status.code() == Status::Code::ServerUnreachable) {
        m_finishOutcomeUnknown = true;
        m_banner->showMessage(InlineMessage::Kind::Warning, status.message());
        applyActionStates();
        emit serverUnreachable();
        emit finishDone(false);
        return;
    }
    if (!status) {
        if (outcome.problems.isEmpty()) {
            m_banner->showError(status.message());
        } else {
            placeProblems(outcome.problems,
                          tr("This step cannot be finished yet. What is missing is marked on the "
                             "forms below."));
        }
        updateActionsLater();
        emit finishDone(false);
        return;
    }
    // Written by the database thread's own engine: tell whoever follows this one.
    emit m_engine.workChanged();
    reloadStep();
    if (outcome.heldBack.isEmpty()) {
        m_banner->showMessage(
            InlineMessage::Kind::Success,
            outcome.notice.isEmpty()
                ? tr("%1 is finished. Its next actions have been sent.").arg(m_step.stepType)
                : outcome.notice);
    } else {
        // Finish released only what the decision allows: what it held back is said in place.
        m_banner->showMessage(
            InlineMessage::Kind::Warning,
            tr("%1 is finished. Held back, as decided:\n• %2")
                .arg(m_step.stepType, outcome.heldBack.join(QStringLiteral("\n• "))));
    }
    emit finished(m_stepId);
    emit finishDone(true);
}

void StepEditor::copyFromPrevious()
{
    if (isModified()) {
        // The copy fills only empty answers: what was typed is saved first.
        save([this](bool saved) {
            if (saved)
                copyFromPrevious();
        });
        return;
    }
    struct Copied
    {
        Status status;
        StepSnapshot read;
    };
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    askThen(
        [stepId, actor](WorkflowEngine &engine) {
            Copied done;
            done.status = engine.prepopulate(stepId, actor);
            if (done.status)
                done.read = engine.snapshot(stepId, actor);
            return done;
        },
        [this](const Copied &done) {
            if (!done.status) {
                m_banner->showError(done.status.message());
                return;
            }
            emit m_engine.workChanged(); // written by the database thread's engine
            showSnapshot(done.read);
            m_banner->showMessage(
                InlineMessage::Kind::Information,
                tr("Answers were copied from the previous %1 where this one had none. Check and "
                   "update them, then tick \"Checked and completed by\".")
                    .arg(m_step.stepType));
        });
}

CancelStepDialog *StepEditor::cancelStep()
{
    auto *dialog = new CancelStepDialog(m_step.stepType, m_step.personName, isModified(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QPointer<CancelStepDialog> asking(dialog);
    connect(dialog, &CancelStepDialog::cancelAsked, this, [this, asking](const QString &reason) {
        asking->setWorking(true);
        setBusy(Busy::Saving);
        const qint64 stepId = m_stepId;
        const Actor actor = m_actor;
        ask([stepId, reason, actor](WorkflowEngine &engine) {
            return engine.cancelStep(stepId, reason, actor);
        }).then(this, [this, asking, reason](const Status &status) {
            setBusy(Busy::None);
            if (!status) {
                // Said beside the reason, which stays as typed.
                if (asking) {
                    asking->setWorking(false);
                    asking->showRefusal(status.message());
                } else {
                    m_banner->showError(status.message());
                }
                return;
            }
            if (asking)
                asking->accept();
            stepCancelled(reason);
        });
    });
    dialog->open();
    return dialog;
}

void StepEditor::stepCancelled(const QString &reason)
{
    // Nothing typed is left to save on a cancelled step: the journal forgets it.
    m_journalTimer->cancel();
    for (FormEditor *editor : formEditors()) {
        editor->discardChanges();
        if (m_journal)
            m_journal(m_stepId, editor->formCode(), {}, m_revision);
    }
    emit m_engine.workChanged(); // written by the database thread's engine
    reloadStep();
    m_banner->showMessage(InlineMessage::Kind::Success,
                          tr("%1 is cancelled: %2").arg(m_step.stepType, reason));
}

RequestsDialog *StepEditor::openRequests()
{
    auto *dialog = new RequestsDialog(m_engine, m_directory, m_stepId, m_actor, m_background, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, &StepEditor::updateActionsLater);
    dialog->open();
    return dialog;
}

bool StepEditor::confirmClose(std::function<void()> closeAgain)
{
    if (!isModified())
        return true;
    const QMessageBox::StandardButton answer = MessageBox::question(
        this, tr("Unsaved changes"),
        tr("%1 has answers that have not been saved. Save them before closing?").arg(title()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) {
        save([closeAgain](bool saved) {
            if (saved && closeAgain)
                closeAgain();
        });
        return false;
    }
    if (answer != QMessageBox::Discard)
        return false;
    m_journalTimer->cancel();
    for (FormEditor *editor : formEditors()) {
        editor->discardChanges();
        if (m_journal)
            m_journal(m_stepId, editor->formCode(), {}, m_revision);
    }
    return true;
}

void StepEditor::reloadStep(const std::function<void()> &then)
{
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    askThen([stepId, actor](WorkflowEngine &engine) { return engine.snapshot(stepId, actor); },
            [this, then](const StepSnapshot &read) {
                showSnapshot(read);
                if (then)
                    then();
            });
}

void StepEditor::showSnapshot(const StepSnapshot &read)
{
    const ActionReasons reasons{read.whyCannotEdit, read.whyCannotFinish, read.serverUnreachable};
    if (read.step.unreadable) {
        applyReasons(reasons); // says so, and keeps the forms as they are
        return;
    }
    m_step = read.step;
    m_revision = m_step.revision;
    m_savedAnswers = read.values;
    for (const QString &code : m_step.openForms) {
        if (!formEditor(code))
            addFormTab(code, read);
    }
    for (FormEditor *editor : formEditors()) {
        editor->showSaved(read.values, read.answersStatus, read.nextActions);
        editor->clearProblems();
        editor->setReadOnly(!read.whyCannotEdit.isEmpty(), read.whyCannotEdit);
    }
    shareAnswers();
    updateTabTitles();
    updateHeader();
    applyReasons(reasons);
}

void StepEditor::connectionRestored()
{
    const qint64 stepId = m_stepId;
    askThen([stepId](WorkflowEngine &engine) { return engine.step(stepId); },
            [this](const StepRecord &read) { stepReadAgain(read); });
}

void StepEditor::stepReadAgain(const StepRecord &read)
{
    if (read.unreadable)
        return;
    if (m_finishOutcomeUnknown) {
        m_finishOutcomeUnknown = false;
        if (read.status == StepStatus::Finished) {
            reloadStep([this] {
                m_banner->showMessage(InlineMessage::Kind::Success,
                                      tr("%1 is finished: the server finished it before the "
                                         "connection was lost. Its next actions have been sent.")
                                          .arg(m_step.stepType));
                emit finished(m_stepId);
            });
            return;
        }
        m_banner->showMessage(InlineMessage::Kind::Information,
                              tr("%1 was not finished: the connection was lost first. Nothing "
                                 "was changed; press Finish again.")
                                  .arg(read.stepType));
    }
    // The revision stays the one the typing was based on, so a save over someone else's
    // change made while we were away still goes through the conflict check.
    const int typedAgainst = m_revision;
    m_step = read;
    m_revision = typedAgainst;
    updateHeader();
    updateActionsLater();
}

void StepEditor::setJournalProblem(const QString &message)
{
    if (message.isEmpty())
        m_journalBanner->clearMessage();
    else
        m_journalBanner->showMessage(InlineMessage::Kind::Warning, message);
}

QString StepEditor::journalProblem() const
{
    return m_journalBanner->message();
}

void StepEditor::setJournal(Journal journal)
{
    m_journal = std::move(journal);
}

void StepEditor::flushJournal()
{
    m_journalTimer->cancel();
    journalChanges();
}

void StepEditor::journalChanges()
{
    if (!m_journal)
        return;
    for (FormEditor *editor : formEditors())
        m_journal(m_stepId, editor->formCode(), editor->changedValues(), m_revision);
}

void StepEditor::applyDraft(const QString &formCode, const QHash<QString, QString> &answers,
                            int baseRevision, const std::function<void(bool)> &applied)
{
    openForm(formCode, [this, answers, baseRevision, applied](FormEditor *editor) {
        applied(editor && putBackDraft(editor, answers, baseRevision));
    });
}

bool StepEditor::putBackDraft(FormEditor *editor, const QHash<QString, QString> &answers,
                              int baseRevision)
{
    if (editor->isReadOnly())
        return false;
    const QString formCode = editor->formCode();
    editor->setValues(answers);
    m_tabs->setCurrentWidget(editor);
    if (baseRevision >= 0 && baseRevision != m_revision) {
        // Saving them must go through the conflict check against what was typed over, so the
        // worker sees, field by field, what the later save changed.
        m_revision = qMin(m_revision, baseRevision);
        for (auto it = answers.cbegin(); it != answers.cend(); ++it)
            m_recoveredOverLaterSave[formCode].insert(it.key());
        m_banner->showMessage(InlineMessage::Kind::Warning,
                              tr("Your answers kept on this computer are back on screen, over "
                                 "changes someone else saved after you typed them. Check them "
                                 "before saving."));
    } else {
        m_banner->showMessage(InlineMessage::Kind::Information,
                              tr("Your answers kept on this computer are back on screen. They "
                                 "are not saved yet."));
    }
    return true;
}

void StepEditor::noteSavedElsewhere(const QString &formCode)
{
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    ++m_revisionReads;
    askThen([stepId, actor](WorkflowEngine &engine) { return engine.snapshot(stepId, actor); },
            [this, formCode](const StepSnapshot &read) {
                --m_revisionReads;
                showSavedElsewhere(formCode, read);
                if (m_revisionReads == 0 && m_afterRevisionRead)
                    std::exchange(m_afterRevisionRead, {})();
            });
}

void StepEditor::showSavedElsewhere(const QString &formCode, const StepSnapshot &read)
{
    if (!read.step.unreadable) {
        m_step = read.step;
        m_revision = m_step.revision;
        m_savedAnswers = read.values;
    }
    if (FormEditor *editor = read.step.unreadable ? nullptr : formEditor(formCode)) {
        // Saved as journalled: what is on screen is saved unless typed since.
        const QHash<QString, AnswerRecord> saved = read.answers.value(formCode);
        const QHash<QString, QString> changes = editor->changedValues();
        bool allSaved = true;
        for (auto it = changes.cbegin(); it != changes.cend() && allSaved; ++it)
            allSaved = saved.value(it.key()).value == it.value();
        if (allSaved)
            editor->markSaved();
    }
    updateTabTitles();
    applyReasons({read.whyCannotEdit, read.whyCannotFinish, read.serverUnreachable});
    m_banner->showMessage(InlineMessage::Kind::Success,
                          tr("The server is back: the answers kept on this computer are saved."));
    emit saved(m_stepId);
}

void StepEditor::resolveConflict()
{
    const qint64 stepId = m_stepId;
    const Actor actor = m_actor;
    askThen([stepId, actor](WorkflowEngine &engine) { return engine.snapshot(stepId, actor); },
            [this](const StepSnapshot &read) {
                if (read.step.unreadable) {
                    m_banner->showMessage(InlineMessage::Kind::Warning,
                                          tr("Someone else saved this step, and what they saved "
                                             "could not be read: the connection to the server "
                                             "was lost. Your answers stay on screen; Save again "
                                             "once it is back."));
                    return;
                }
                mergeWith(read);
            });
}

bool StepEditor::mergeWith(const StepSnapshot &read)
{
    // Every open form is compared with what is saved now: the revision is the step's, so once
    // merged the next save of any form would otherwise go over the other worker's answers.
    struct FormMerge
    {
        FormEditor *editor;
        QList<AnswerConflict> conflicts;
    };
    QList<FormMerge> merges;
    for (FormEditor *editor : formEditors()) {
        QHash<QString, QString> typedOver = editor->loadedValues();
        // No answer can hold a control character, so this base differs from every saved one.
        for (const QString &id : m_recoveredOverLaterSave.value(editor->formCode()))
            typedOver.insert(id, QStringLiteral("\x01 not known"));
        merges << FormMerge{editor, compareAnswers(editor->form(), typedOver,
                                                   read.answers.value(editor->formCode()),
                                                   editor->changedValues())};
    }
    QHash<FormEditor *, QSet<QString>> keepTheirs;
    for (const FormMerge &merge : std::as_const(merges)) {
        bool theyChanged = false;
        for (const AnswerConflict &conflict : merge.conflicts)
            theyChanged = theyChanged || conflict.theyChanged;
        if (!theyChanged)
            continue;
        m_tabs->setCurrentWidget(merge.editor);
        ConflictDialog dialog(merge.editor->form().displayName(), merge.conflicts, this);
        if (dialog.ask() != QDialog::Accepted)
            return false; // everything typed stays on screen as it was
        keepTheirs.insert(merge.editor, dialog.keepTheirs());
    }
    m_recoveredOverLaterSave.clear();
    m_step = read.step;
    m_revision = m_step.revision;
    m_savedAnswers = read.values;
    for (const FormMerge &merge : std::as_const(merges)) {
        merge.editor->showSaved(read.values, read.answersStatus, read.nextActions);
        merge.editor->setValues(mergedAnswers(merge.conflicts, keepTheirs.value(merge.editor)));
    }
    shareAnswers();
    updateTabTitles();
    applyReasons({read.whyCannotEdit, read.whyCannotFinish, read.serverUnreachable});
    flushJournal();
    m_banner->showMessage(InlineMessage::Kind::Warning,
                          tr("Merged: the form shows what was saved by others, with the answers "
                             "you chose on top. Check them, then Save."));
    return true;
}

void StepEditor::setOthersHere(const QList<StepVisitor> &visitors)
{
    QStringList names;
    for (const StepVisitor &visitor : visitors) {
        const QString role = m_engine.definitions().roleName(visitor.actingRole);
        names << tr("%1 (%2, since %3)")
                     .arg(visitor.workerName, role.isEmpty() ? visitor.actingRole : role,
                          QLocale().toString(visitor.openedAt.toLocalTime().time(),
                                             QLocale::ShortFormat));
    }
    m_presence->setText(names.isEmpty() ? QString()
                                        : tr("Also open now by %1.").arg(names.join(tr("; "))));
    m_presence->setAccessibleName(m_presence->text());
    m_presence->setVisible(!names.isEmpty());
}

QString StepEditor::othersHereText() const
{
    return m_presence->text();
}

} // namespace casedesk
