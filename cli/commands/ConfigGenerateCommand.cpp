#include "cli/commands/ConfigGenerateCommand.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include "cli/ExitCode.hpp"
#include "cli/util/AtomicFile.hpp"
#include "cli/util/RegionConfigWriter.hpp"
#include "common/regions/PortScheme.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

struct PlannedFile {
    fs::path path;
    std::string content;
    bool unchanged = false;
};

int resolveOffset(const ConfigGenerateOptions& options, const std::vector<std::string>& ids) {
    const bool withNats = options.natsUrl.empty();
    if (options.portOffset == "auto") {
        const auto offset = regions::findFreeOffset(ids, withNats, regions::isPortFreeOnHost);
        if (!offset)
            throw CommandError{kEnvironmentError,
                               "--port-offset auto: no offset up to " +
                                   std::to_string(regions::kMaxAutoOffset) +
                                   " has all ports free; stop other instances or pass --port-offset N"};
        return *offset;
    }
    std::size_t used = 0;
    int offset = 0;
    try {
        offset = std::stoi(options.portOffset, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != options.portOffset.size() || offset < 0)
        throw CommandError{kUsageError, "--port-offset: expected a non-negative number or \"auto\", got \"" +
                                            options.portOffset + "\""};
    const auto uses = regions::plannedPorts(ids, offset, withNats);
    if (const auto problem = regions::findOutOfRange(uses))
        throw CommandError{kUsageError, "--port-offset " + options.portOffset + ": " + *problem};
    if (const auto collisions = regions::findCollisions(uses); !collisions.empty())
        throw CommandError{kUsageError, "port plan collides: " + collisions.front() + "; use fewer regions"};
    return offset;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<PlannedFile> planFiles(const ConfigGenerateOptions& options, const std::vector<std::string>& ids,
                                   int offset) {
    const auto outDir = fs::absolute(options.outDir).lexically_normal();
    const auto nats = regions::natsPorts(offset);
    std::vector<PlannedFile> files;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        RegionConfigSpec spec;
        spec.regionId = ids[i];
        spec.ports = regions::portsForRegion(static_cast<int>(i), offset);
        spec.natsUrl =
            options.natsUrl.empty() ? fmt::format("nats://127.0.0.1:{}", nats.client) : options.natsUrl;
        spec.dataDir = (outDir.parent_path() / "data" / ids[i]).string();
        PlannedFile file{outDir / regionConfigFileName(ids[i]), renderRegionConfig(spec)};
        if (fs::exists(file.path)) {
            file.unchanged = readFile(file.path) == file.content;
            if (!file.unchanged && !options.force)
                throw CommandError{kUsageError, file.path.string() +
                                                    " exists and differs from what would be generated; "
                                                    "nothing was written. Pass --force to overwrite it"};
        }
        files.push_back(std::move(file));
    }
    return files;
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
        const int offset = resolveOffset(options, ids);
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
