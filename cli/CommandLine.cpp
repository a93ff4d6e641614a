#include "cli/CommandLine.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/ExitCode.hpp"
#include "common/text/Redaction.hpp"

namespace mmo::cli {

namespace {

int report(std::ostream& err, const CLI::App& app, const std::string& message, int code) {
    // Any error may quote a URL given on the command line (--nats-url): never with its credentials.
    err << commandPath(app) << ": " << text::redactUrlCredentials(oneLine(message)) << "\n" << std::flush;
    return code;
}

}  // namespace

std::string commandPath(const CLI::App& app) {
    std::string path = "mmoctl";
    const CLI::App* current = &app;
    while (current != nullptr) {
        const auto chosen = current->get_subcommands();
        if (chosen.empty()) break;
        current = chosen.front();
        path += " " + current->get_name();
    }
    return path;
}

std::string oneLine(const std::string& text) {
    std::string line;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '\n' && text[i] != '\r') {
            line += text[i++];
            continue;
        }
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        while (i < text.size() && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (!line.empty() && i < text.size()) line += "; ";
    }
    return line;
}

int runCommandLine(CLI::App& app, int argc, const char* const* argv, const int& commandExit,
                   std::ostream& out, std::ostream& err) {
    try {
        app.parse(argc, argv);
        return commandExit;
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? kOk : kUsageError;
    } catch (const CommandError& e) {
        return report(err, app, e.what(), e.code);
    } catch (const std::exception& e) {
        return report(err, app, e.what(), kEnvironmentError);
    } catch (...) {
        return report(err, app, "unexpected failure (not a std::exception)", kEnvironmentError);
    }
}

}  // namespace mmo::cli
