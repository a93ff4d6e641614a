#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

// How to run one nats-server beyond the defaults.
struct NatsServerOptions {
    int clientPort = -1;                 // -1: the OS picks
    int monitorPort = -1;                // -1: the OS picks
    std::string name = "nats-server";    // log file prefix (<name>-<launch>.stderr) and, in a cluster, -n
    std::string scheme = "nats";         // of url(): "tls" for a server started with --tls
    std::vector<std::string> extraArgs;  // e.g. {"--auth", "t"}, TLS or cluster flags
};

// A real `nats-server -js` for a test: loopback only, OS-picked ports (or given ones, to restart on the
// same address), its own store directory. Killed on destruction.
class NatsServerProcess {
  public:
    // Starts the server and waits until it logs "Server is ready"; throws std::runtime_error with its log
    // when it does not come up.
    NatsServerProcess(const std::filesystem::path& storeDir, const std::filesystem::path& logDir,
                      int clientPort = -1);
    NatsServerProcess(const std::filesystem::path& storeDir, const std::filesystem::path& logDir,
                      NatsServerOptions options);
    ~NatsServerProcess();
    NatsServerProcess(const NatsServerProcess&) = delete;
    NatsServerProcess& operator=(const NatsServerProcess&) = delete;

    // nats://127.0.0.1:<client port> (tls:// for a TLS server)
    std::string url() const;
    int clientPort() const { return clientPort_; }
    int monitorPort() const { return monitorPort_; }
    ChildProcess& process() { return *child_; }

    // SIGTERM and wait for exit.
    void stop();
    // SIGKILL and reap.
    void kill();
    // SIGSTOP: the process freezes with its sockets open (clients see a server that stops answering).
    void pause();
    // SIGCONT after pause().
    void resume();
    // Starts again on the same ports, store and arguments (after stop() or kill()).
    void restart();
    // True while the process has not ended.
    bool running() { return child_ && child_->running(); }

  private:
    void launch();

    std::filesystem::path storeDir_;
    std::filesystem::path logDir_;
    NatsServerOptions options_;
    int clientPort_ = 0;
    int monitorPort_ = 0;
    int launches_ = 0;
    std::unique_ptr<ChildProcess> child_;
};

// The nats-server binary: $NATS_SERVER_BIN, else nats-server on PATH.
std::filesystem::path natsServerBinary();

}  // namespace mmo::test
