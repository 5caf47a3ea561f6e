// casedesk-linksim --to /path/.s.PGSQL.5432 | HOST:PORT [--listen-port N] [--delay MS]
//
// A LinkSimulator in front of a server, steered through stdin one command a line:
//   delay <ms>   blackhole on   blackhole off   reset   quit
// Each is answered `ok` (or `error: ...`) on stdout. The first line out is
// `listening on 127.0.0.1:<port>`, so a script knows where to connect.
#include "linksimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;
using casedesk::test::LinkSimulator;
using casedesk::test::LinkTarget;

namespace {

// A path (it has a slash) is a Unix socket; anything else is HOST:PORT.
LinkTarget parseTarget(const QString &text, bool *ok)
{
    if (text.contains(u'/')) {
        *ok = true;
        return LinkTarget::unixSocket(text);
    }
    const qsizetype colon = text.lastIndexOf(u':');
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(ok) : 0;
    *ok = colon > 0 && port > 0 && port <= 65535;
    return LinkTarget::tcp(text.left(colon), quint16(port));
}

// Runs one command line; returns the answer.
QString runCommand(LinkSimulator &link, const QString &line)
{
    const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
    const QString command = words.value(0);
    bool ok = false;
    if (command == "delay"_L1 && words.size() == 2) {
        const int ms = words.at(1).toInt(&ok);
        if (!ok || ms < 0)
            return u"error: delay wants milliseconds"_s;
        link.setDelay(ms);
    } else if (command == "blackhole"_L1 && words.size() == 2 &&
               (words.at(1) == "on"_L1 || words.at(1) == "off"_L1)) {
        link.setBlackHole(words.at(1) == "on"_L1);
    } else if (command == "reset"_L1 && words.size() == 1) {
        link.resetConnections();
    } else if (command != "quit"_L1 || words.size() != 1) {
        return u"error: commands are: delay <ms>, blackhole on, blackhole off, reset, quit"_s;
    }
    return u"ok"_s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A TCP proxy on 127.0.0.1 that delays, black-holes or resets the link to a server. "
        "Commands on stdin: delay <ms>, blackhole on, blackhole off, reset, quit."_s);
    parser.addHelpOption();
    const QCommandLineOption toOption(
        u"to"_s, u"Where to forward: a Unix socket path or HOST:PORT."_s, u"target"_s);
    const QCommandLineOption listenPortOption(
        u"listen-port"_s, u"Port to listen on (default: a free one)."_s, u"port"_s, u"0"_s);
    const QCommandLineOption delayOption(
        u"delay"_s, u"Delay each way, in milliseconds (default 0)."_s, u"ms"_s, u"0"_s);
    parser.addOptions({toOption, listenPortOption, delayOption});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    bool targetOk = false;
    const LinkTarget target = parseTarget(parser.value(toOption), &targetOk);
    bool portOk = false;
    const uint listenPort = parser.value(listenPortOption).toUInt(&portOk);
    bool delayOk = false;
    const int delay = parser.value(delayOption).toInt(&delayOk);
    if (!targetOk || !portOk || listenPort > 65535 || !delayOk || delay < 0) {
        err << "casedesk-linksim: --to must be a socket path or HOST:PORT, --listen-port a port "
               "and --delay milliseconds; see --help\n";
        return 2;
    }

    // The simulator runs in a thread of its own, so this one may simply block reading stdin.
    LinkSimulator link(target, quint16(listenPort));
    if (!link.isListening()) {
        err << "casedesk-linksim: cannot listen: " << link.errorString() << '\n';
        return 1;
    }
    link.setDelay(delay);
    out << "listening on " << LinkSimulator::host() << ':' << link.port() << Qt::endl;

    QTextStream in(stdin);
    QString line;
    while (in.readLineInto(&line)) {
        if (line.trimmed().isEmpty())
            continue;
        out << runCommand(link, line) << Qt::endl;
        if (line.trimmed() == "quit"_L1)
            break;
    }
    return 0;
}
