#pragma once

#include <QString>

namespace casedesk {

// The outcome of an operation that can fail with a message meant for the user.
class Status
{
public:
    enum class Code
    {
        Ok,
        Failed,
        WrongPassword,
        ServerUnreachable,
        SchemaTooOld,
        SchemaTooNew,
        KeychainUnavailable,
        NotAllowed,
        Conflict,
        Invalid,
        NotFound,
        // This computer's database file: one that had been used is missing or empty, or the
        // file is damaged. Sign-in offers to restore it or, deliberately, to start again.
        DatabaseMissing,
        DatabaseDamaged,
        // The server could not be confirmed as the one named (its TLS certificate, or the CA file
        // to check it against): sign-in offers to choose the CA certificate file.
        ServerNotVerified,
    };

    Status() : m_code(Code::Ok) {}
    static Status ok() { return Status(Code::Ok, QString()); }
    static Status failure(const QString &message, Code code = Code::Failed)
    {
        return Status(code, message);
    }

    // The same refusal, about one field of the screen that asked (a name the caller and the
    // screen agree on, e.g. dp::Field::StartDate), so the screen can show it next to that field
    // without reading the message.
    Status onField(const QString &field) const
    {
        Status about = *this;
        about.m_field = field;
        return about;
    }
    QString field() const { return m_field; }

    bool isOk() const { return m_code == Code::Ok; }
    explicit operator bool() const { return isOk(); }
    Code code() const { return m_code; }
    QString message() const { return m_message; }

private:
    Status(Code code, const QString &message) : m_code(code), m_message(message) {}
    Code m_code;
    QString m_message;
    QString m_field;
};

} // namespace casedesk
