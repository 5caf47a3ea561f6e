#pragma once

#include "directpayments/workingdays.h"

#include <QCoreApplication>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

class QNetworkReply;

namespace casedesk {

// The bank holidays GOV.UK publishes (https://www.gov.uk/bank-holidays.json): read, checked and
// fetched over HTTPS. Stored by BankHolidayStore; used by WorkingDaysCalendar.
class BankHolidayFeed
{
    Q_DECLARE_TR_FUNCTIONS(casedesk::BankHolidayFeed)

public:
    static QUrl defaultUrl()
    {
        return QUrl(QStringLiteral("https://www.gov.uk/bank-holidays.json"));
    }
    static QString defaultDivision() { return QStringLiteral("england-and-wales"); }

    // Reads a division of the feed: {"england-and-wales": {"division": ..., "events":
    // [{"title", "date", "notes", "bunting"}]}}. Checks every date and title, that no date is
    // there twice and that every year from the first to the last has its bank holidays (at least
    // New Year's Day and Christmas Day, and six in all: no gaps). An empty string when it is
    // good, otherwise what is wrong, in words.
    static QString parse(const QByteArray &json, const QString &division,
                         WorkingDaysCalendar::Published *published);
};

// One fetch of the feed: a job that starts, and finishes with a result. HTTPS with the system's
// (or the given) certificate authorities and certificate checks on, a transfer timeout, the
// proxy from the environment (https_proxy, no_proxy), and If-None-Match with the ETag of the
// calendar already stored, so an unchanged feed costs a 304.
class BankHolidayFetch : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl url = BankHolidayFeed::defaultUrl();
        QString division = BankHolidayFeed::defaultDivision();
        QString etag; // of the stored calendar; empty: none
        int timeoutMs = 30000;
        QList<QSslCertificate> extraAuthorities; // trusted besides the system's (a test's CA)
    };
    struct Result
    {
        enum class Outcome
        {
            Fetched,     // `published` is the new calendar
            NotModified, // the stored calendar is still GOV.UK's (304)
            Failed       // `error` says why; nothing is to change
        };
        Outcome outcome = Outcome::Failed;
        WorkingDaysCalendar::Published published;
        QString error;
    };

    explicit BankHolidayFetch(const Options &options, QObject *parent = nullptr);
    void start();

signals:
    void finished(const casedesk::BankHolidayFetch::Result &result);

private:
    void replied();
    void finish(const Result &result);

    Options m_options;
    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
};

} // namespace casedesk

Q_DECLARE_METATYPE(casedesk::BankHolidayFetch::Result)
