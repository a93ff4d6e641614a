#pragma once

#include <stdexcept>
#include <string>

// mmoctl's exit codes (docs/operations.md, exit codes), mapped in one place.
namespace mmo::cli {

enum ExitCode : int {
    kOk = 0,
    kCheckFailed = 1,       // a check failed (e.g. regions not converged)
    kUsageError = 2,        // bad flags, bad config
    kEnvironmentError = 3,  // binary missing, port busy, NATS or a node unreachable, file not writable
    kProcessFailed = 4,     // a managed process failed
    kUnsafeStateDir = 5,  // the state dir or a file in it is another user's, or a symlink where mmoctl writes
};

// An error that ends the command with a message for the user and an exit code. Commands throw it;
// runCommandLine (cli/CommandLine.hpp) prints "mmoctl <command>: <message>" and exits with the code. Any
// other exception that leaves a command is exit 3 (kEnvironmentError) with its what() as the message.
class CommandError : public std::runtime_error {
  public:
    CommandError(ExitCode exitCode, const std::string& message)
        : std::runtime_error(message), code(exitCode) {}
    ExitCode code;
};

}  // namespace mmo::cli
