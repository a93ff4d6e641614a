#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

// What `mmoctl chaos serve` is started with.
struct ChaosProxyOptions {
    std::vector<std::string> regions;  // full region ids, a link each (OS-picked port)
    std::string upstream;              // HOST:PORT every link forwards to (the test's nats-server)
    std::string wan;                   // --wan, e.g. "eu=40ms,us=40ms,ap=120ms" ("" for none)
    std::string wanJitter;             // --wan-jitter, e.g. "10ms"
    std::string wanRate;               // --wan-rate, e.g. "ap=512kbit"
};

// The output and exit code of one `mmoctl chaos ...` control command.
struct ChaosCommandResult {
    int code = -1;  // -1 when it did not end in time
    std::string out;
    std::string err;
};

// `mmoctl chaos serve` as a child of a test: a user-space TCP proxy with one link per region in front of
// the test's nats-server or any TCP server (nodes use natsUrl(region) as their eventbus.url). It is ready
// once it printed "chaos ready"; its ports and the control token's file are read from the lines it
// announces on stdout; it is steered by `mmoctl chaos set|partition|heal --control URL`, as a user would.
// Killed on destruction.
class ChaosProxyProcess {
  public:
    // Starts it with the options' flags (every port 0); throws std::runtime_error with its output when it
    // does not become ready.
    ChaosProxyProcess(const std::filesystem::path& logDir, const ChaosProxyOptions& options);
    // Starts `mmoctl chaos serve <serveArgs>` as given (the tests of the serve flags themselves; use port 0).
    ChaosProxyProcess(const std::filesystem::path& logDir, const std::vector<std::string>& serveArgs);

    // nats://127.0.0.1:<the region's link port>
    std::string natsUrl(const std::string& region) const;
    // The port of a region's link (full region id), as announced.
    std::uint16_t linkPort(const std::string& region) const { return linkPorts_.at(region); }
    std::uint16_t controlPort() const { return controlPort_; }
    // http://127.0.0.1:<control port>
    std::string controlUrl() const;
    ChildProcess& process() { return *child_; }
    // The control API's token and its file ("chaos control token in FILE" on stdout).
    const std::filesystem::path& tokenFile() const { return tokenFile_; }
    const std::string& token() const { return token_; }

    // Runs `mmoctl chaos <args> --control <controlUrl()> --token-file <its token file>` to its end.
    ChaosCommandResult command(const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  private:
    std::filesystem::path logDir_;
    std::unique_ptr<ChildProcess> child_;
    std::map<std::string, std::uint16_t> linkPorts_;
    std::uint16_t controlPort_ = 0;
    std::filesystem::path tokenFile_;  // the control token's file, as announced
    std::string token_;                // its first line
    int commands_ = 0;
};

// The mmoctl binary of the build under test.
std::filesystem::path mmoctlBinary();

}  // namespace mmo::test
