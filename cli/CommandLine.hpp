#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace mmo::cli {

// mmoctl's one error path. Parses the command line (which runs the chosen subcommand's callback) and maps
// whatever leaves it to an exit code and one line on `err`:
//   CLI11 parse errors       CLI11's message and usage hint, exit 2 (--help and --version: exit 0)
//   CommandError             "mmoctl <command>: <message>", its code
//   any other std::exception "mmoctl <command>: <what()>", exit 3
//   anything else            "mmoctl <command>: unexpected failure (not a std::exception)", exit 3
// On success the result is `commandExit`, the code the callback stored. No subcommand can end the process
// with std::terminate.
int runCommandLine(CLI::App& app, int argc, const char* const* argv, const int& commandExit,
                   std::ostream& out, std::ostream& err);

// "mmoctl chaos set": the program and the subcommands the parse chose, for messages.
std::string commandPath(const CLI::App& app);

// The text with every line break (and the whitespace around it) folded into "; ", so one error is one line.
std::string oneLine(const std::string& text);

}  // namespace mmo::cli
