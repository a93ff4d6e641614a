#pragma once

#include <string>

// mmoctl's exit codes (docs/operations.md, exit codes), mapped in one place.
namespace mmo::cli {

enum ExitCode : int {
    kOk = 0,
    kCheckFailed = 1,       // a check failed (e.g. regions not converged)
    kUsageError = 2,        // bad flags, bad config
    kEnvironmentError = 3,  // binary missing, port busy, NATS or a node unreachable, file not writable
    kProcessFailed = 4,     // a managed process failed
};

// An error that ends the command with a message for the user and an exit code.
struct CommandError {
    ExitCode code;
    std::string message;
};

}  // namespace mmo::cli
