#include "bankholidayfeed.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QSslConfiguration>

namespace casedesk {

QString BankHolidayFeed::parse(const QByteArray &json, const QString &division,
                               WorkingDaysCalendar::Published *published)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return tr("The bank holidays feed is not valid JSON (%1 at byte %2).")
            .arg(parseError.errorString())
            .arg(parseError.offset);
    const QJsonValue part = document.object().value(division);
    if (!part.isObject())
        return tr("The bank holidays feed has no \"%1\" division.").arg(division);
    const QJsonValue events = part.toObject().value(QStringLiteral("events"));
    if (!events.isArray() || events.toArray().isEmpty())
        return tr("The bank holidays feed lists no bank holidays for \"%1\".").arg(division);

    QMap<QDate, QString> days;
    const QJsonArray list = events.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject event = list.at(i).toObject();
        const QString dateText = event.value(QStringLiteral("date")).toString();
        const QDate date = QDate::fromString(dateText, Qt::ISODate);
        const QString title = event.value(QStringLiteral("title")).toString().trimmed();
        if (!date.isValid() || dateText.size() != 10)
            return tr("Bank holiday %1 of the feed has no valid date (\"%2\").")
                .arg(i + 1)
                .arg(dateText);
        if (title.isEmpty() || title.size() > 200)
            return tr("The bank holiday of %1 in the feed has no title.").arg(dateText);
        if (days.contains(date))
            return tr("The feed lists %1 twice.").arg(dateText);
        days.insert(date, title);
    }
    const int first = days.firstKey().year();
    const int last = days.lastKey().year();
    for (int year = first; year <= last; ++year) {
        int count = 0;
        bool newYear = false;
        bool christmas = false;
        for (auto it = days.lowerBound(QDate(year, 1, 1));
             it != days.end() && it.key().year() == year; ++it) {
            ++count;
            newYear = newYear || it.key().month() == 1;
            christmas = christmas || it.key().month() == 12;
        }
        if (count < 6 || !newYear || !christmas)
            return tr("The feed's bank holidays for %1 are incomplete (%2 listed): it claims %3 to "
                      "%4, so every year between must be there in full.")
                .arg(year)
                .arg(count)
                .arg(first)
                .arg(last);
    }
    published->holidays.clear();
    for (auto it = days.cbegin(); it != days.cend(); ++it)
        published->holidays << WorkingDaysCalendar::Holiday{it.key(), it.value(), {}};
    published->firstYear = first;
    published->lastYear = last;
    return QString();
}

BankHolidayFetch::BankHolidayFetch(const Options &options, QObject *parent)
    : QObject(parent), m_options(options)
{
    // https_proxy / no_proxy from the environment, as the rest of the desktop uses them.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

void BankHolidayFetch::start()
{
    QNetworkRequest request(m_options.url);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!m_options.etag.isEmpty())
        request.setRawHeader("If-None-Match", m_options.etag.toUtf8());
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_options.extraAuthorities.isEmpty())
        tls.addCaCertificates(m_options.extraAuthorities);
    request.setSslConfiguration(tls);
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::finished, this, &BankHolidayFetch::replied);
}

void BankHolidayFetch::replied()
{
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    Result result;
    const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError) {
        result.error = tr("GOV.UK did not answer within %1 seconds; the bank holidays were not "
                          "changed.")
                           .arg(m_options.timeoutMs / 1000.0);
    } else if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
        result.error = tr("The server at %1 could not prove it is who it claims to be (%2); the "
                          "bank holidays were not changed.")
                           .arg(m_options.url.host(), reply->errorString());
    } else if (httpStatus == 304) {
        result.outcome = Result::Outcome::NotModified;
    } else if (reply->error() != QNetworkReply::NoError) {
        result.error = tr("The bank holidays could not be fetched from %1: %2")
                           .arg(m_options.url.toString(), reply->errorString());
    } else {
        const QString problem =
            BankHolidayFeed::parse(reply->readAll(), m_options.division, &result.published);
        if (problem.isEmpty()) {
            result.outcome = Result::Outcome::Fetched;
            result.published.sourceUrl = m_options.url.toString();
            result.published.etag = QString::fromUtf8(reply->rawHeader("ETag"));
        } else {
            result.error = problem;
        }
    }
    finish(result);
}

void BankHolidayFetch::finish(const Result &result)
{
    emit finished(result);
}

} // namespace casedesk
