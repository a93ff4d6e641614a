#pragma once

namespace mmo::node {

// The whole of mmo-node: parses the command line, loads the config, runs the node, and maps every error
// to its exit code (ExitCodes.hpp) and message. Returns the exit code.
int runNodeMain(int argc, const char* const* argv);

}  // namespace mmo::node
