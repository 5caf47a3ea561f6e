#pragma once

#include <QCoreApplication>
#include <QDate>

namespace casedesk {

// The dates CaseDesk accepts anywhere a person types or imports one (form answers, CSV imports):
// nothing a social worker would record lies outside 1900-2100, and a date outside it (0001,
// 9999) is a slip of the keyboard or a spreadsheet's placeholder, never a real event.
class SensibleDates
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::SensibleDates)

public:
    static QDate earliest() { return QDate(1900, 1, 1); }
    static QDate latest() { return QDate(2100, 12, 31); }
    static bool contains(const QDate &date)
    {
        return date.isValid() && date >= earliest() && date <= latest();
    }
    // "between 01/01/1900 and 31/12/2100", for messages to workers.
    static QString rangeText()
    {
        const QString format = QStringLiteral("dd/MM/yyyy");
        return tr("between %1 and %2").arg(earliest().toString(format), latest().toString(format));
    }
    // "between 1900-01-01 and 2100-12-31", for messages about files.
    static QString isoRangeText()
    {
        return tr("between %1 and %2")
            .arg(earliest().toString(Qt::ISODate), latest().toString(Qt::ISODate));
    }
};

} // namespace casedesk
