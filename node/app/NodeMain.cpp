#include "node/app/NodeMain.hpp"

#include <exception>
#include <filesystem>
#include <iostream>

#include "common/config/ConfigLoader.hpp"
#include "common/log/Logging.hpp"
#include "node/app/ExitCodes.hpp"
#include "node/app/ListenFailure.hpp"
#include "node/app/NodeApp.hpp"
#include "node/app/NodeCommandLine.hpp"
#include "node/auth/AuthSetupError.hpp"
#include "node/sync/SyncService.hpp"

#ifndef MMO_VERSION
#error "MMO_VERSION must be defined by the build (PROJECT_VERSION)"
#endif

namespace mmo::node {

namespace {

constexpr const char* kVersion = MMO_VERSION;

std::string programName(const char* argv0) {
    const auto name = argv0 ? std::filesystem::path(argv0).filename().string() : std::string();
    return name.empty() ? "mmo-node" : name;
}

std::string configDescription(const config::LoadedConfig& loaded) {
    return loaded.file ? loaded.file->string() : "built-in defaults";
}

std::shared_ptr<spdlog::logger> loggerFor(const config::LogConfig& log) {
    const auto format = log.format == config::LogFormat::Json ? logging::Format::Json : logging::Format::Text;
    return logging::makeLogger("mmo-node", logging::parseLevel(log.level).value_or(spdlog::level::info),
                               format);
}

// Runs the node proper; ListenFailure and other exceptions go to runNodeMain's mapping.
void serve(const config::LoadedConfig& loaded, const NodeOptions& options,
           const std::shared_ptr<spdlog::logger>& logger) {
    logger->info("mmo-node {} starting: region={}, config={}", kVersion, loaded.config.sync.region_id,
                 configDescription(loaded));
    for (const auto& warning : loaded.warnings) logger->warn("{}", warning);
    NodeApp app(loaded.config, kVersion, logger, NodeAppOptions{options.requireNats});
    app.start();
    app.run();
}

}  // namespace

int runNodeMain(int argc, const char* const* argv) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        const auto parsed = NodeCommandLine(programName(argc > 0 ? argv[0] : nullptr), kVersion)
                                .parse(argc, argv, std::cout, std::cerr);
        if (const auto* code = std::get_if<int>(&parsed)) return *code;
        const auto& options = std::get<NodeOptions>(parsed);

        const auto loaded =
            config::loadConfig({options.configFile, config::Environment::fromProcess(), options.flags});
        if (options.printConfig || options.checkConfig) {
            for (const auto& warning : loaded.warnings) std::cerr << "warning: " << warning << '\n';
            if (options.printConfig)
                std::cout << config::renderEffectiveConfig(loaded);
            else
                std::cout << "config OK: " << configDescription(loaded) << '\n';
            return toInt(ExitCode::Ok);
        }
        logger = loggerFor(loaded.config.log);
        serve(loaded, options, logger);
        return toInt(ExitCode::Ok);
    } catch (const config::ConfigError& error) {
        // Config problems go to stderr as plain lines: the logger's settings are part of what failed.
        for (const auto& problem : error.problems()) std::cerr << problem.format() << '\n';
        return toInt(ExitCode::Config);
    } catch (const auth::AuthSetupError& error) {
        // A bad auth.jwt_secret or secret file: a configuration problem, nothing was served.
        logger->error("❌ {}", error.what());
        return toInt(ExitCode::Config);
    } catch (const ListenFailure& failure) {
        logger->error("{}", failure.message());
        logger->error("{}", failure.hint());
        return toInt(ExitCode::Environment);
    } catch (const sync::SyncStartError& error) {
        logger->error("❌ {}", error.what());
        logger->error("hint: {}", error.hint());
        return toInt(ExitCode::Environment);
    } catch (const std::exception& error) {
        if (logger)
            logger->critical("❌ mmo-node failed: {}", error.what());
        else
            std::cerr << "mmo-node: internal error: " << error.what() << '\n';
        return toInt(ExitCode::Internal);
    }
}

}  // namespace mmo::node
