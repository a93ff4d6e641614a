#pragma once

// The exit codes of mmo-node (the same scheme as mmoctl, docs/operations.md). Errors are mapped to them
// in one place: runNodeMain (node/app/NodeMain.cpp).
namespace mmo::node {

enum class ExitCode : int {
    Ok = 0,           // normal end, including a shutdown by SIGINT or SIGTERM, --help, --version
    Usage = 2,        // bad command line
    Config = 2,       // bad configuration: nothing was started
    Environment = 3,  // the machine refused: a port is busy or not allowed, an address does not exist
    Internal = 4,     // a bug or an unexpected failure inside the node
};

constexpr int toInt(ExitCode code) {
    return static_cast<int>(code);
}

}  // namespace mmo::node
