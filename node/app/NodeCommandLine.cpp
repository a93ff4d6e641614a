#include "node/app/NodeCommandLine.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "common/config/ConfigSchema.hpp"

namespace mmo::node {

NodeCommandLine::NodeCommandLine(std::string programName, std::string version)
    : programName_(std::move(programName)), version_(std::move(version)) {}

std::optional<config::FlagOverride> parseSetArgument(const std::string& argument) {
    const auto equals = argument.find('=');
    if (equals == std::string::npos || equals == 0) return std::nullopt;
    return config::FlagOverride{argument.substr(0, equals), argument.substr(equals + 1), "--set"};
}

namespace {

std::string envHelp(const std::string& key) {
    std::string names;
    for (const auto& name : config::envNamesFor(key)) names += (names.empty() ? "" : ", ") + name;
    return names;
}

// The help of --<key>: secrets say where else to give them, since a flag is no secret.
std::string flagHelp(const std::string& key) {
    std::string help = "Set " + key + " (env " + envHelp(key) + ")";
    const auto* descriptor = config::findConfigKey(key);
    if (descriptor != nullptr && descriptor->secret)
        help += "; a secret: other users can read flags (ps), prefer --" + key + "_file";
    return help;
}

constexpr const char* kFlagVisibility =
    "Command-line flags, secrets included, are visible to every user of this machine (ps, "
    "/proc/PID/cmdline). "
    "Give secrets with the *_file keys instead (auth.admin_password_file, auth.jwt_secret_file, "
    "eventbus.token_file: a file of mode 0600), a config file of mode 0600, or the environment (only the "
    "node's user can read it).";

}  // namespace

std::variant<NodeOptions, int> NodeCommandLine::parse(int argc, const char* const* argv, std::ostream& out,
                                                      std::ostream& err) const {
    CLI::App app{"mmo-node: a regional node of the multi-region MMO world", programName_};
    app.set_version_flag("--version", programName_ + " " + version_);
    app.get_formatter()->column_width(36);
    app.footer(kFlagVisibility);

    NodeOptions options;
    std::string configFile;
    app.add_option("--config", configFile, "YAML config file (default: $GAME_CONFIG, else built-in defaults)")
        ->type_name("PATH");
    auto* print = app.add_flag("--print-config", options.printConfig,
                               "Print the effective config and each value's source");
    app.add_flag("--check-config", options.checkConfig, "Validate the config and exit (0 valid, 2 invalid)")
        ->excludes(print);
    std::vector<std::string> sets;
    auto* setOption = app.add_option("--set", sets, "Override a config value (repeatable)")
                          ->type_name("SECTION.KEY=VALUE")
                          ->expected(1)
                          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                          ->allow_extra_args(false);
    app.add_flag(
        "--require-nats", options.requireNats,
        "Exit 3 when NATS is unreachable at start instead of serving and retrying in the background");

    // One option per key; std::map keeps the bound vectors at stable addresses.
    std::map<std::string, std::vector<std::string>> keyValues;
    std::map<const CLI::Option*, std::string> keyOfOption;
    for (const auto& key : config::allConfigKeys()) {
        auto* option = app.add_option("--" + key, keyValues[key], flagHelp(key))
                           ->type_name("VALUE")
                           ->expected(1)
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                           ->allow_extra_args(false)
                           ->group("Config values");
        keyOfOption[option] = key;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) return app.exit(error, out, err);  // --help, --version
        err << programName_ << ": " << error.what() << "\nrun " << programName_ << " --help\n";
        return 2;
    }

    // Rebuild the overrides in command-line order, so a later flag wins over an earlier one.
    std::map<const CLI::Option*, std::size_t> used;
    for (const CLI::Option* option : app.parse_order()) {
        const auto index = used[option]++;
        if (option == setOption) {
            const auto& argument = option->results().at(index);
            auto parsed = parseSetArgument(argument);
            if (!parsed) {
                err << programName_ << ": --set expects SECTION.KEY=VALUE, got '" << argument << "'\nrun "
                    << programName_ << " --help\n";
                return 2;
            }
            options.flags.push_back(std::move(*parsed));
        } else if (const auto key = keyOfOption.find(option); key != keyOfOption.end()) {
            options.flags.push_back({key->second, option->results().at(index), "--" + key->second});
        }
    }
    if (!configFile.empty()) options.configFile = configFile;
    return options;
}

}  // namespace mmo::node
