#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

// A real `nats-server -js` for a test: loopback only, OS-picked ports (or a given client port, to
// restart on the same address), its own store directory. Killed on destruction.
class NatsServerProcess {
  public:
    // Starts the server and waits until it logs "Server is ready"; throws std::runtime_error with its log
    // when it does not come up.
    NatsServerProcess(const std::filesystem::path& storeDir, const std::filesystem::path& logDir,
                      int clientPort = -1);
    ~NatsServerProcess();
    NatsServerProcess(const NatsServerProcess&) = delete;
    NatsServerProcess& operator=(const NatsServerProcess&) = delete;

    // nats://127.0.0.1:<client port>
    std::string url() const;
    int clientPort() const { return clientPort_; }
    int monitorPort() const { return monitorPort_; }
    ChildProcess& process() { return *child_; }

    // SIGTERM and wait for exit.
    void stop();
    // SIGKILL and reap.
    void kill();
    // Starts again on the same client port and store (after stop() or kill()).
    void restart();

  private:
    void launch(int clientPort);

    std::filesystem::path storeDir_;
    std::filesystem::path logDir_;
    int clientPort_ = 0;
    int monitorPort_ = 0;
    int launches_ = 0;
    std::unique_ptr<ChildProcess> child_;
};

// The nats-server binary: $NATS_SERVER_BIN, else nats-server on PATH.
std::filesystem::path natsServerBinary();

}  // namespace mmo::test
