#include "cli/commands/ChaosServeCommand.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ChaosProxy.hpp"
#include "cli/chaos/ControlToken.hpp"
#include "common/log/Logging.hpp"
#include "common/net/BindError.hpp"

namespace mmo::cli {

namespace {

// The control token's file: --token-file (created when missing, kept), or a fresh one in a private temp
// dir that is removed when the proxy stops.
class ServeTokenFile {
  public:
    explicit ServeTokenFile(const std::string& given) {
        if (!given.empty()) {
            path_ = given;
        } else {
            std::string dir = (std::filesystem::temp_directory_path() / "mmoctl-chaos-XXXXXX").string();
            if (::mkdtemp(dir.data()) == nullptr)
                throw CommandError{kEnvironmentError,
                                   "cannot create a private directory for the control "
                                   "token in " +
                                       std::filesystem::temp_directory_path().string() +
                                       "; pass --token-file FILE"};
            tempDir_ = dir;
            path_ = tempDir_ / "chaos.token";
        }
        token_ = chaos::loadOrCreateControlToken(path_);
    }
    ServeTokenFile(const ServeTokenFile&) = delete;
    ServeTokenFile& operator=(const ServeTokenFile&) = delete;
    ~ServeTokenFile() {
        if (tempDir_.empty()) return;
        std::error_code ignored;
        std::filesystem::remove_all(tempDir_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }
    const std::string& token() const { return token_; }

  private:
    std::filesystem::path tempDir_;
    std::filesystem::path path_;
    std::string token_;
};

}  // namespace

void setupChaosServe(CLI::App& chaos, ChaosServeOptions& options, int& exitCode) {
    auto* serve = chaos.add_subcommand("serve", "Run the link proxy in the foreground (up --wan starts it)");
    auto& f = options.flags;
    serve
        ->add_option("--listen", f.listen,
                     "A link per region: REGION=[HOST:]PORT (0: the OS picks); repeat or comma-separate")
        ->delimiter(',')
        ->required();
    serve
        ->add_option("--upstream", f.upstream,
                     "Where links forward to: HOST:PORT for every link or REGION=HOST:PORT; repeat for "
                     "fallbacks, tried in order")
        ->delimiter(',')
        ->required();
    serve->add_option("--wan", f.wan.latency,
                      "One-way latency per direction: eu=40ms,ap=120ms or 40ms for all");
    serve->add_option("--wan-jitter", f.wan.jitter, "Jitter: 10ms for all, or eu=5ms,ap=20ms");
    serve->add_option("--wan-rate", f.wan.rate, "Rate per direction and link: ap=512kbit, 10mbit, 2MB/s");
    serve
        ->add_option("--control-port", f.controlPort, "The control API's port on 127.0.0.1 (0: the OS picks)")
        ->capture_default_str();
    serve
        ->add_option("--queue-limit", f.queueLimit,
                     "Bytes held per connection and direction before the proxy stops reading that side")
        ->capture_default_str();
    serve->add_option("--max-connections", f.maxConnections, "Open connections per link")
        ->capture_default_str();
    serve->add_option("--token-file", f.tokenFile,
                      "The control API's token (created, mode 0600, when missing); default: a new one in a "
                      "private temp file, announced on stdout");
    serve->add_option("--seed", options.seed, "Seed of the jitter draws (0: random)")->capture_default_str();
    serve->add_option("--log-level", options.logLevel, "info, or debug for every connection")
        ->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    serve->footer(
        "Examples:\n"
        "  mmoctl chaos serve --listen eu=0,us=0 --upstream 127.0.0.1:4222 --control-port 0 --wan us=80ms\n"
        "  mmoctl chaos serve --listen ap=127.0.0.1:5224 --upstream ap=127.0.0.1:4222 \\\n"
        "                     --upstream ap=127.0.0.1:4223 --wan-rate ap=512kbit --control-port 9222\n"
        "Every bound port is announced on stdout: \"chaos link eu-west-1 listening on 127.0.0.1:PORT -> "
        "...\"\n"
        "and \"chaos control listening on http://127.0.0.1:PORT\", and the token's file: \"chaos control "
        "token in "
        "FILE\";\ncontrol it with mmoctl chaos ... --control URL --token-file FILE. Exit codes: 0 stopped by "
        "SIGINT/SIGTERM, 2 usage, 3 a port taken or an upstream unresolvable.");
    serve->callback([&options, &exitCode] { exitCode = runChaosServe(options); });
}

int runChaosServe(const ChaosServeOptions& options) {
    try {
        auto config = chaos::buildProxyConfig(options.flags);
        config.seed = options.seed;
        const ServeTokenFile tokenFile(options.flags.tokenFile);
        config.controlToken = tokenFile.token();
        const auto level = logging::parseLevel(options.logLevel).value_or(spdlog::level::info);
        // stdout, one flushed line each: a test or a supervisor reads the announced ports from it.
        auto logger = logging::makeLogger("chaos", level, logging::Format::Text,
                                          std::make_shared<spdlog::sinks::stdout_sink_mt>());
        chaos::ChaosProxy proxy(config, logger);
        logger->info("chaos control token in {}", tokenFile.path().string());
        proxy.run();
        return kOk;
    } catch (const net::BindError& e) {
        throw CommandError{kEnvironmentError,
                           e.goStyleMessage() +
                               "; pick another port (0 lets the OS pick) or stop the process that holds it"};
    }
}

}  // namespace mmo::cli
