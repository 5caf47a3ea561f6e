#include "demoauthority.h"

#include "definitions/definitionregistry.h"
#include "demo/demoseeder.h"
#include "workview/workerdirectory.h"
#include "workviewwait.h"

#include <QApplication>
#include <QtTest>

namespace casedesk::test {

bool DemoAuthority::create(QString *error)
{
    if (!m_database.create(error))
        return false;
    if (Status seeded = DemoSeeder(m_database.db()).seedIfEmpty(); !seeded) {
        *error = seeded.message();
        return false;
    }
    return true;
}

qint64 DemoAuthority::personId(const QString &givenName, const QString &familyName)
{
    return db()
        .scalar(QStringLiteral("SELECT id FROM people WHERE given_name = ? AND family_name = ?"),
                {givenName, familyName})
        .toLongLong();
}

std::unique_ptr<DemoAuthority::Screen> DemoAuthority::signIn(const QString &username,
                                                             const QString &role)
{
    auto screen = std::make_unique<Screen>();
    screen->session.database = std::make_unique<Database>();
    if (Status opened = screen->session.database->open(m_database.settings()); !opened)
        qFatal("cannot connect to the demo database: %s", qPrintable(opened.message()));
    screen->session.worker =
        WorkerDirectory(*screen->session.database).identityByUsername(username);
    if (!screen->session.worker.isValid())
        qFatal("no demo worker %s", qPrintable(username));
    screen->session.actingRole =
        role.isEmpty() ? SessionOpener::defaultRole(screen->session.worker) : role;
    screen->window = std::make_unique<MainWindow>(screen->session, &DefinitionRegistry::shared());
    casedesk::test::waitForWorkview(*screen->window);
    screen->parts =
        WindowParts::install(screen->window.get(), screen->session, DefinitionRegistry::shared());
    screen->window->show();
    return screen;
}

QStringList tabTrail(QWidget *first, int count)
{
    const auto nameOf = [](QWidget *widget) {
        while (widget && (widget->objectName().isEmpty() ||
                          widget->objectName().startsWith(QLatin1String("qt_"))))
            widget = widget->parentWidget();
        return widget ? widget->objectName() : QStringLiteral("(none)");
    };
    first->setFocus(Qt::TabFocusReason);
    QStringList trail{nameOf(QApplication::focusWidget())};
    // Tab also steps through a date edit's day, month and year before leaving it.
    for (int presses = 0; trail.size() <= count && presses < 8 * (count + 1); ++presses) {
        QWidget *focused = QApplication::focusWidget();
        if (!focused)
            break;
        QTest::keyClick(focused, Qt::Key_Tab);
        const QString name = nameOf(QApplication::focusWidget());
        if (name != trail.last())
            trail << name;
    }
    return trail;
}

} // namespace casedesk::test
