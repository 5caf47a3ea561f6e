#include "demoseeder.h"
#include "demowriter.h"

namespace casedesk {

using demo::DemoWriter;

namespace {

struct DemoParent
{
    const char *givenName;
    const char *familyName;
    const char *relationship; // to the child: Mother, Father, Grandmother, ...
    const char *gender;
};

struct DemoChild
{
    const char *givenName;
    const char *familyName;
    const char *gender;
    int ageYears;
    int birthdayOffset; // days after today's date of the year
    const char *worker;
    QList<DemoParent> parents;
};

// Thirty invented children of the CWD teams, in the order demowork.cpp refers to them.
const QList<DemoChild> &demoChildren()
{
    static const QList<DemoChild> children{
        {"Lily",
         "Hargreaves",
         "Female",
         9,
         40,
         "sw.demo",
         {{"Emma", "Hargreaves", "Mother", "Female"}, {"Paul", "Hargreaves", "Father", "Male"}}},
        {"Noah",
         "Achterberg",
         "Male",
         12,
         -75,
         "sw.demo",
         {{"Sofia", "Achterberg", "Mother", "Female"}}},
        {"Amira",
         "Haddad",
         "Female",
         7,
         120,
         "sw.demo",
         {{"Leila", "Haddad", "Mother", "Female"}, {"Karim", "Haddad", "Father", "Male"}}},
        {"Jacob",
         "Pennington",
         "Male",
         14,
         -12,
         "sw.demo",
         {{"Donna", "Pennington", "Mother", "Female"}}},
        {"Maisie",
         "Cartwright",
         "Female",
         6,
         200,
         "sw.demo",
         {{"Gemma", "Cartwright", "Mother", "Female"}, {"Lee", "Cartwright", "Father", "Male"}}},
        {"Oliver", "Mbeki", "Male", 10, 33, "sw.demo", {{"Grace", "Mbeki", "Mother", "Female"}}},
        {"Freya",
         "Lindqvist",
         "Female",
         11,
         -150,
         "sw.demo",
         {{"Anna", "Lindqvist", "Mother", "Female"}, {"Erik", "Lindqvist", "Father", "Male"}}},
        {"Harvey", "Doyle", "Male", 8, 90, "sw.demo", {{"Siobhan", "Doyle", "Mother", "Female"}}},
        {"Zara",
         "Iqbal",
         "Female",
         13,
         -30,
         "sw.demo",
         {{"Nadia", "Iqbal", "Mother", "Female"}, {"Tariq", "Iqbal", "Father", "Male"}}},
        {"Reuben",
         "Fairclough",
         "Male",
         5,
         160,
         "sw.demo",
         {{"Kerry", "Fairclough", "Mother", "Female"}}},
        {"Evie",
         "Marchetti",
         "Female",
         15,
         -200,
         "sw.demo",
         {{"Laura", "Marchetti", "Mother", "Female"}, {"Marco", "Marchetti", "Father", "Male"}}},
        {"Toby",
         "Greenhalgh",
         "Male",
         9,
         10,
         "sw.demo",
         {{"Janet", "Greenhalgh", "Grandmother", "Female"}}},
        {"Ruby",
         "Osei",
         "Female",
         12,
         55,
         "sw.north",
         {{"Abena", "Osei", "Mother", "Female"}, {"Kwame", "Osei", "Father", "Male"}}},
        {"Alfie",
         "Brannigan",
         "Male",
         7,
         -90,
         "sw.north",
         {{"Claire", "Brannigan", "Mother", "Female"}}},
        {"Poppy",
         "Nakamura",
         "Female",
         10,
         140,
         "sw.south",
         {{"Yuki", "Nakamura", "Mother", "Female"}, {"Ben", "Nakamura", "Father", "Male"}}},
        {"Leo",
         "Warburton",
         "Male",
         11,
         -5,
         "sw.south",
         {{"Tracey", "Warburton", "Mother", "Female"}}},
        {"Isla",
         "Kowalczyk",
         "Female",
         6,
         75,
         "sw.south2",
         {{"Magda", "Kowalczyk", "Mother", "Female"}, {"Piotr", "Kowalczyk", "Father", "Male"}}},
        {"Archie",
         "Holloway",
         "Male",
         14,
         -60,
         "sw.south2",
         {{"Dawn", "Holloway", "Mother", "Female"}}},
        {"Ava",
         "Thistlewood",
         "Female",
         8,
         25,
         "sw.demo",
         {{"Rachel", "Thistlewood", "Mother", "Female"},
          {"Simon", "Thistlewood", "Father", "Male"}}},
        {"Theo",
         "Ramsbottom",
         "Male",
         13,
         -110,
         "sw.demo",
         {{"Michelle", "Ramsbottom", "Mother", "Female"}}},
        {"Grace",
         "Adebayo",
         "Female",
         9,
         180,
         "sw.north",
         {{"Funmi", "Adebayo", "Mother", "Female"}, {"Tunde", "Adebayo", "Father", "Male"}}},
        {"Charlie",
         "Vasquez",
         "Male",
         12,
         -20,
         "sw.south2",
         {{"Elena", "Vasquez", "Mother", "Female"}}},
        {"Mia",
         "Ellwood",
         "Female",
         4,
         65,
         "sw.demo",
         {{"Hannah", "Ellwood", "Mother", "Female"}, {"Craig", "Ellwood", "Father", "Male"}}},
        {"Jack",
         "Quinlan",
         "Male",
         16,
         -45,
         "sw.south",
         {{"Bernadette", "Quinlan", "Mother", "Female"}}},
        {"Sienna",
         "Okonkwo",
         "Female",
         11,
         130,
         "sw.north",
         {{"Chioma", "Okonkwo", "Mother", "Female"}, {"Emeka", "Okonkwo", "Father", "Male"}}},
        {"Finley",
         "Ashworth",
         "Male",
         7,
         -130,
         "sw.north",
         {{"Joanne", "Ashworth", "Mother", "Female"}}},
        {"Hana",
         "Begum",
         "Female",
         10,
         85,
         "sw.south",
         {{"Rukhsana", "Begum", "Mother", "Female"}, {"Abdul", "Begum", "Father", "Male"}}},
        {"Oscar",
         "Llewellyn",
         "Male",
         15,
         -170,
         "sw.south2",
         {{"Bethan", "Llewellyn", "Mother", "Female"},
          {"Rhys", "Llewellyn", "Stepfather", "Male"}}},
        {"Willow",
         "Pemberton",
         "Female",
         5,
         15,
         "sw.demo",
         {{"Kirsty", "Pemberton", "Mother", "Female"}}},
        {"Elijah",
         "Stroud",
         "Male",
         9,
         -100,
         "sw.south",
         {{"Natalie", "Stroud", "Mother", "Female"}, {"Gary", "Stroud", "Father", "Male"}}},
    };
    return children;
}

QString childRelationship(const char *gender)
{
    return qstrcmp(gender, "Female") == 0 ? QStringLiteral("Daughter") : QStringLiteral("Son");
}

} // namespace

void DemoSeeder::seedPeople(DemoWriter &w)
{
    const QString insertPerson = QStringLiteral(
        "INSERT INTO people (person_ref, given_name, family_name, date_of_birth, gender, address, "
        "is_child, allocated_worker_id, team_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    const QString insertRelationship =
        QStringLiteral("INSERT INTO relationships (person_id, related_person_id, relationship, "
                       "has_parental_responsibility) VALUES (?, ?, ?, ?)");
    const QVariant noWorker(QMetaType(QMetaType::LongLong));

    int number = 0;
    int adultNumber = 0;
    for (const DemoChild &demoChild : demoChildren()) {
        const qint64 workerId = worker(QString::fromLatin1(demoChild.worker));
        const qint64 teamId =
            m_db.scalar(QStringLiteral("SELECT team_id FROM workers WHERE id = ?"), {workerId})
                .toLongLong();
        const QString address =
            QStringLiteral("%1 %2, Northwold NW%3 %4QT")
                .arg(12 + number * 7)
                .arg(number % 2 ? QStringLiteral("Larch Avenue") : QStringLiteral("Millbrook Road"))
                .arg(1 + number % 9)
                .arg(2 + number % 7);
        const QDate birth =
            w.today().addYears(-demoChild.ageYears).addDays(demoChild.birthdayOffset);
        const qint64 childId =
            w.insert(insertPerson, {QStringLiteral("C%1").arg(100201 + number * 17),
                                    QString::fromUtf8(demoChild.givenName),
                                    QString::fromUtf8(demoChild.familyName), birth,
                                    QString::fromLatin1(demoChild.gender), address, true, workerId,
                                    teamId, w.at(300 - number)});
        m_children << childId;
        for (const DemoParent &parent : demoChild.parents) {
            const int age = 28 + demoChild.ageYears + (adultNumber % 9);
            const qint64 parentId =
                w.insert(insertPerson,
                         {QStringLiteral("A%1").arg(500101 + adultNumber * 13),
                          QString::fromUtf8(parent.givenName), QString::fromUtf8(parent.familyName),
                          w.today().addYears(-age).addDays(adultNumber * 11 % 300),
                          QString::fromLatin1(parent.gender), address, false, noWorker, noWorker,
                          w.at(300 - number)});
            const bool responsible = qstrcmp(parent.relationship, "Stepfather") != 0;
            w.exec(insertRelationship,
                   {childId, parentId, QString::fromLatin1(parent.relationship), responsible});
            w.exec(insertRelationship,
                   {parentId, childId, childRelationship(demoChild.gender), false});
            ++adultNumber;
        }
        ++number;
    }
}

} // namespace casedesk
