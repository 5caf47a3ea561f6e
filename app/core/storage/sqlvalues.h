#pragma once

#include <QDateTime>
#include <QVariant>

namespace casedesk {

// A foreign key value to bind: the id, or SQL NULL for "none" (0 or less).
inline QVariant nullableId(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong));
}

// Timestamps are written by the client in UTC.
inline QDateTime utcNow()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace casedesk
