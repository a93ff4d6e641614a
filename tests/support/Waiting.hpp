#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

// Readiness waits: poll a condition every few milliseconds until it holds or a deadline passes. Tests use
// these instead of fixed sleeps, so they are as fast as the system allows and fail with a clear timeout.
namespace mmo::test {

inline constexpr std::chrono::milliseconds kPollInterval{15};

// True as soon as condition() is true; false when `timeout` passes first.
bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// True once the file contains `needle`.
bool waitForFileContains(const std::filesystem::path& file, const std::string& needle,
                         std::chrono::milliseconds timeout);

// True once a TCP connection to host:port succeeds.
bool waitForTcpPort(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);

// True when a TCP connection to host:port succeeds now.
bool tcpPortAccepts(const std::string& host, std::uint16_t port);

}  // namespace mmo::test
