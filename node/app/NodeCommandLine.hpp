#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/config/ConfigLoader.hpp"

namespace mmo::node {

// What the command line asks for.
struct NodeOptions {
    std::optional<std::filesystem::path> configFile;  // --config; when absent the loader reads GAME_CONFIG
    bool printConfig = false;                         // --print-config
    bool checkConfig = false;                         // --check-config
    bool requireNats = false;                 // --require-nats: NATS unreachable at start is fatal (exit 3)
    std::vector<config::FlagOverride> flags;  // --set and --<section>.<key>, in command-line order
};

// mmo-node's command line on CLI11: --config, --print-config, --check-config, --set section.key=value
// (repeatable), one --<section>.<key> VALUE per config key, --require-nats, --version, --help.
class NodeCommandLine {
  public:
    NodeCommandLine(std::string programName, std::string version);

    // Parses the arguments. Returns the options, or the exit code when the program must stop now:
    // 0 after --help or --version (printed to out), 2 after a usage error (printed to err with a hint).
    std::variant<NodeOptions, int> parse(int argc, const char* const* argv, std::ostream& out,
                                         std::ostream& err) const;

  private:
    std::string programName_;
    std::string version_;
};

// Splits "section.key=value" into a flag override; nullopt when there is no '=' or no key.
std::optional<config::FlagOverride> parseSetArgument(const std::string& argument);

}  // namespace mmo::node
