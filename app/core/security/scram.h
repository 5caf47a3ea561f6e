#pragma once

#include <QByteArray>
#include <QString>

namespace casedesk::security {

// A PostgreSQL SCRAM-SHA-256 password verifier
//   SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
// made on this computer, so a worker's password never travels to the server, nor into its logs,
// in clear (as psql's \password does). Passwords are normalised to Unicode NFKC, as SASLprep
// does for all but unusual characters.
QString scramSha256Verifier(const QString &password, const QByteArray &salt, int iterations = 4096);
// The same with a random 16-byte salt.
QString scramSha256Verifier(const QString &password);
// True for a well-formed verifier: only digits, base64 and the separators, so it can be written
// into ALTER ROLE ... PASSWORD '...' as it is.
bool isScramVerifier(const QString &text);

} // namespace casedesk::security
