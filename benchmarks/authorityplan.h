#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace casedesk::bench {

// How big the generated authority is. The defaults are a whole authority's.
struct AuthorityScale
{
    int children = 30000;
    qint64 steps = 2000000; // worksteps in all, open work included
    int teams = 25;         // each: one PS/Manager and `socialWorkersPerTeam` Social Workers
    int socialWorkersPerTeam = 9;
    int answersPerStep = 5;       // answers saved on each started or finished step
    int openPerSocialWorker = 40; // incoming (some of it future) and current work each
    int openPerManager = 16;
    int inboxLoad = 300; // incoming steps waiting in each virtual worker's inbox
};

// Workers outside the casework teams: role, how many, and the inboxes they are members of.
struct SpecialistGroup
{
    QString role;
    QString key; // in user names: bench.<key>.NN
    QString title;
    int count = 0;
    QStringList inboxes; // virtual worker codes
};
QList<SpecialistGroup> specialistGroups();

// One step type's share of the authority's history (per 1000 steps), and who held it:
// the child's allocated Social Worker, or a member of a virtual worker.
struct StepShare
{
    QString stepType;
    int perThousand = 0;
    QString inbox; // virtual worker code; empty: the allocated Social Worker
};
QList<StepShare> historyMix();

// The step types of a Social Worker's and a PS/Manager's open work, in rotation.
QStringList socialWorkerOpenTypes();
QStringList managerOpenTypes();
// What waits in each virtual worker's inbox: the inbox and its step type.
QList<QPair<QString, QString>> inboxWork();

// Requests that were sent about finished steps of a type, and answered.
struct HistoryRequest
{
    QString stepType;
    QString requestType;
    bool required = false;
    enum class Route
    {
        ToManager, // the Social Worker asks their PS/Manager
        ToPanel,   // the Social Worker asks CS CWD – Panel; a panel member answers
        FromPanel, // a panel member tells the Social Worker
    } route = Route::ToManager;
};
QList<HistoryRequest> historyRequests();

QStringList givenNames(); // even index: female, odd: male
QStringList familyNameStarts();
QStringList familyNameEnds();

} // namespace casedesk::bench
