#include "connectionsettings.h"

#include <QStringList>

namespace casedesk {

namespace {

// A value in libpq's conninfo syntax: QPSQL turns every ';' into a space and hands the string to
// PQconnectdb, so a file path with spaces (or quotes) must be quoted, and cannot hold a ';'.
QString quotedOption(QString value)
{
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    value.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

} // namespace

QString ConnectionSettings::postgresConnectOptions() const
{
    QStringList options{
        QStringLiteral("connect_timeout=%1").arg(qMax(1, connectTimeoutSeconds)),
        QStringLiteral("application_name=") + applicationName,
        // Over TCP the kernel finds a dead link as well: probes after 5 s of silence, three 2 s
        // apart, and data left unacknowledged for 10 s ends the connection. (Ignored on a Unix
        // socket.)
        QStringLiteral("keepalives=1"),
        QStringLiteral("keepalives_idle=5"),
        QStringLiteral("keepalives_interval=2"),
        QStringLiteral("keepalives_count=3"),
        QStringLiteral("tcp_user_timeout=10000"),
    };
    if (statementTimeoutSeconds > 0) {
        // Sent in the start-up packet: no extra round trip. A session left idle inside a
        // transaction (a client gone mid-save) must not hold its locks for long either.
        options << QStringLiteral("options='-c statement_timeout=%1s "
                                  "-c idle_in_transaction_session_timeout=%2s'")
                       .arg(statementTimeoutSeconds)
                       .arg(qMax(60, statementTimeoutSeconds * 6));
    }
    if (!sslMode.isEmpty())
        options << QStringLiteral("sslmode=") + sslMode;
    if (!sslRootCertificate.isEmpty())
        options << QStringLiteral("sslrootcert=") + quotedOption(sslRootCertificate);
    if (requiresTls() && !channelBinding.isEmpty())
        options << QStringLiteral("channel_binding=") + channelBinding;
    return options.join(QLatin1Char(';'));
}

bool ConnectionSettings::requiresTls() const
{
    return sslMode == QLatin1String("require") || sslMode == QLatin1String("verify-ca") ||
           sslMode == QLatin1String("verify-full");
}

} // namespace casedesk
