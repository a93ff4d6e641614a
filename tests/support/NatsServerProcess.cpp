#include "tests/support/NatsServerProcess.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "tests/support/Waiting.hpp"

namespace mmo::test {

namespace {
constexpr auto kStartTimeout = std::chrono::seconds(20);

int portFromLog(const std::string& log, const std::regex& pattern) {
    std::smatch match;
    int port = 0;
    // The last match: a restarted server appends to a new file, but be robust anyway.
    for (auto it = std::sregex_iterator(log.begin(), log.end(), pattern); it != std::sregex_iterator(); ++it)
        port = std::stoi((*it)[1].str());
    return port;
}
}  // namespace

std::filesystem::path natsServerBinary() {
    if (const char* bin = std::getenv("NATS_SERVER_BIN"); bin && *bin) return bin;
    // Debian installs it in /usr/sbin; look through PATH and the sbin directories.
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    path += ":/usr/sbin:/usr/local/sbin:/sbin";
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find(':', start), path.size());
        const std::filesystem::path candidate =
            std::filesystem::path(path.substr(start, end - start)) / "nats-server";
        if (!candidate.parent_path().empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return "nats-server";
}

NatsServerProcess::NatsServerProcess(const std::filesystem::path& storeDir,
                                     const std::filesystem::path& logDir, int clientPort)
    : NatsServerProcess(storeDir, logDir, NatsServerOptions{.clientPort = clientPort}) {}

NatsServerProcess::NatsServerProcess(const std::filesystem::path& storeDir,
                                     const std::filesystem::path& logDir, NatsServerOptions options)
    : storeDir_(storeDir), logDir_(logDir), options_(std::move(options)) {
    clientPort_ = options_.clientPort;
    launch();
}

NatsServerProcess::~NatsServerProcess() = default;

void NatsServerProcess::launch() {
    ++launches_;
    child_.reset();
    std::vector<std::string> args{"-js",
                                  "-a",
                                  "127.0.0.1",
                                  "-p",
                                  std::to_string(clientPort_),
                                  "-m",
                                  std::to_string(options_.monitorPort),
                                  "-sd",
                                  storeDir_.string()};
    args.insert(args.end(), options_.extraArgs.begin(), options_.extraArgs.end());
    child_ = std::make_unique<ChildProcess>(natsServerBinary(), args, ChildEnvironment::inherited(), logDir_,
                                            options_.name + "-" + std::to_string(launches_));
    const bool ready = waitUntil(
        [&] {
            return child_->stderrText().find("Server is ready") != std::string::npos || !child_->running();
        },
        kStartTimeout);
    const auto log = child_->stderrText();
    if (!ready || log.find("Server is ready") == std::string::npos)
        throw std::runtime_error("nats-server did not start:\n" + log);
    clientPort_ = portFromLog(log, std::regex(R"(Listening for client connections on [0-9.]+:(\d+))"));
    monitorPort_ = portFromLog(log, std::regex(R"(Starting http monitor on [0-9.]+:(\d+))"));
}

std::string NatsServerProcess::url() const {
    return options_.scheme + "://127.0.0.1:" + std::to_string(clientPort_);
}

void NatsServerProcess::stop() {
    child_->sendSignal(SIGTERM);
    child_->waitExit(std::chrono::seconds(10));
}

void NatsServerProcess::kill() {
    child_->sendSignal(SIGKILL);
    child_->waitExit(std::chrono::seconds(10));
}

void NatsServerProcess::pause() {
    child_->sendSignal(SIGSTOP);
}

void NatsServerProcess::resume() {
    child_->sendSignal(SIGCONT);
}

void NatsServerProcess::restart() {
    launch();
}

}  // namespace mmo::test
