#pragma once

#include <QSettings>
#include <QString>

namespace casedesk {

// Remembers, in this computer's settings, which SQLite database files have been opened with data
// in them. Only then can CaseDesk tell a first start (no file yet: create it) from a file that
// was in use and has gone or been emptied (refuse: re-creating it would hide the loss).
class LocalDatabaseMarker
{
public:
    explicit LocalDatabaseMarker(QSettings &settings) : m_settings(settings) {}

    // Paths are compared as absolute, cleaned paths.
    bool wasUsed(const QString &path) const;
    // Written through at once: a crash right after must not lose the mark.
    void markUsed(const QString &path);
    void forget(const QString &path);

    static QString normalisedPath(const QString &path);

private:
    QStringList usedFiles() const;
    void setUsedFiles(const QStringList &files);

    QSettings &m_settings;
};

} // namespace casedesk
