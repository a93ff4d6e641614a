#include "cli/commands/ConfigGenerateCommand.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/ExitCode.hpp"
#include "cli/util/AtomicFile.hpp"
#include "cli/util/PortOffset.hpp"
#include "cli/util/RegionConfigPlan.hpp"
#include "common/regions/PortScheme.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

// The plan, refusing (and writing nothing) when a file differs and --force was not given.
std::vector<PlannedConfig> planFiles(const ConfigGenerateOptions& options,
                                     const std::vector<std::string>& ids, int offset) {
    auto plan = planRegionConfigs(ids, offset, options.natsUrl, options.outDir);
    for (const auto& file : plan)
        if (file.exists && !file.unchanged && !options.force)
            throw CommandError{kUsageError, file.path.string() +
                                                " exists and differs from what would be generated; "
                                                "nothing was written. Pass --force to overwrite it"};
    return plan;
}

}  // namespace

void setupConfigGenerate(CLI::App& config, ConfigGenerateOptions& options, int& exitCode) {
    auto* gen =
        config.add_subcommand("generate", "Write one node config per region with non-conflicting ports");
    gen->add_option("--regions", options.regions, "Comma-separated regions: aliases eu, us, ap or ids")
        ->capture_default_str();
    gen->add_option("--out", options.outDir, "Directory to write config-<region>.yml into")
        ->capture_default_str();
    gen->add_option("--nats-url", options.natsUrl,
                    "NATS URL for every region (default: nats://127.0.0.1:4222+offset)");
    gen->add_option("--port-offset", options.portOffset,
                    "Shift every port by N, or \"auto\" for the first free set")
        ->capture_default_str();
    gen->add_flag("--force", options.force, "Overwrite config files that differ from the generated ones");
    gen->footer(
        "Examples:\n"
        "  mmoctl config generate --regions eu,us,ap\n"
        "  mmoctl config generate --regions eu,us --out ./configs --port-offset auto\n"
        "Region i gets TCP 7777+2i, UDP 7778+2i, REST 8088+i, metrics 2112+i (plus the offset).");
    gen->callback([&options, &exitCode] { exitCode = runConfigGenerate(options); });
}

int runConfigGenerate(const ConfigGenerateOptions& options) {
    try {
        std::vector<std::string> ids;
        try {
            ids = regions::parseRegionList(options.regions);
        } catch (const std::invalid_argument& e) {
            throw CommandError{kUsageError, std::string("--regions: ") + e.what()};
        }
        const int offset = resolvePortOffset(options.portOffset, ids, options.natsUrl.empty());
        const auto files = planFiles(options, ids, offset);
        std::error_code ec;
        fs::create_directories(options.outDir, ec);
        if (ec)
            throw CommandError{kEnvironmentError, "cannot create " + options.outDir + ": " + ec.message()};
        for (const auto& file : files) {
            if (file.unchanged) {
                std::cout << "unchanged " << file.path.string() << "\n";
                continue;
            }
            writeFileAtomically(file.path, file.content);
            std::cout << "wrote     " << file.path.string() << "\n";
        }
        if (offset != 0) std::cout << "port offset: " << offset << "\n";
        return kOk;
    } catch (const CommandError& e) {
        std::cerr << "mmoctl config generate: " << e.message << "\n";
        return e.code;
    } catch (const std::system_error& e) {
        std::cerr << "mmoctl config generate: " << e.what() << "\n";
        return kEnvironmentError;
    }
}

}  // namespace mmo::cli
