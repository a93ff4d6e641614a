#pragma once

#include "cli/ExitCode.hpp"

namespace mmo::test {

// The exit code mmoctl ends with when it runs `command` (a runX(options) call): its result, or the code of
// the CommandError it throws (cli/CommandLine.cpp maps it the same way).
template <typename Command>
int exitCodeOf(Command&& command) {
    try {
        return command();
    } catch (const cli::CommandError& e) {
        return e.code;
    }
}

}  // namespace mmo::test
