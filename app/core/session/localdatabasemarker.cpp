#include "localdatabasemarker.h"

#include <QDir>
#include <QFileInfo>

namespace casedesk {

namespace {
const QString usedFilesKey = QStringLiteral("connection/sqlite/usedFiles");

// File names on Windows and macOS are usually not case-sensitive.
constexpr Qt::CaseSensitivity pathCase =
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    Qt::CaseInsensitive;
#else
    Qt::CaseSensitive;
#endif
} // namespace

QString LocalDatabaseMarker::normalisedPath(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QStringList LocalDatabaseMarker::usedFiles() const
{
    return m_settings.value(usedFilesKey).toStringList();
}

void LocalDatabaseMarker::setUsedFiles(const QStringList &files)
{
    if (files.isEmpty())
        m_settings.remove(usedFilesKey);
    else
        m_settings.setValue(usedFilesKey, files);
    m_settings.sync();
}

bool LocalDatabaseMarker::wasUsed(const QString &path) const
{
    return usedFiles().contains(normalisedPath(path), pathCase);
}

void LocalDatabaseMarker::markUsed(const QString &path)
{
    if (wasUsed(path))
        return; // no settings write on every sign-in
    QStringList files = usedFiles();
    files << normalisedPath(path);
    setUsedFiles(files);
}

void LocalDatabaseMarker::forget(const QString &path)
{
    QStringList files = usedFiles();
    const QString normalised = normalisedPath(path);
    files.removeIf([&](const QString &file) { return file.compare(normalised, pathCase) == 0; });
    setUsedFiles(files);
}

} // namespace casedesk
