#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/supervisor/ChildProcess.hpp"

namespace mmo::cli {

// The path of a NATS server of a JetStream cluster: ready once its GET /jsz names a meta leader and its
// GET /healthz answers 200 (asked in that order: /healthz logs a warning for every failed check).
inline constexpr const char* kJetStreamClusterReadyPath = "/jsz";

// A process to wait for: ready once GET http://127.0.0.1:<port><path> answers 200 (but see
// kJetStreamClusterReadyPath).
struct ReadinessTarget {
    std::string name;
    std::uint16_t port = 0;
    std::string path;               // "/healthz", "/readyz"
    ChildProcess* child = nullptr;  // checked for an early exit; nullptr for a process we did not start
};

struct ReadinessOutcome {
    enum class Kind { Ready, Exited, TimedOut, Interrupted };
    Kind kind = Kind::Ready;
    std::string name;    // the process that failed (Exited, TimedOut: the first still waiting)
    std::string detail;  // "exited with code 3", "not ready after 30s (last answer: 503)"
    // Nodes that run but answer that their world is incomplete (stream messages gone, no checkpoint
    // covering them): they need an operator (mmoctl repair), so waiting longer would not help.
    std::vector<std::string> incompleteWorlds;  // "ap-south-1: HTTP 503: world incomplete: ..."
};

// The marker of a /readyz answer that only an operator resolves.
inline constexpr const char* kIncompleteWorldReason = "world incomplete";

// Answers true when the endpoint is ready now; the default asks over HTTP with a short timeout.
using ReadinessProbe =
    std::function<bool(std::uint16_t port, const std::string& path, std::string& lastAnswer)>;

// Polls every target at short intervals until all are ready, one exits, the deadline passes or
// `interrupted()` turns true. On a terminal (and only there) it keeps a progress line on stderr.
class ReadinessWaiter {
  public:
    ReadinessWaiter(std::chrono::milliseconds timeout, std::function<bool()> interrupted,
                    ReadinessProbe probe = {});

    ReadinessOutcome waitAll(const std::vector<ReadinessTarget>& targets);

  private:
    std::chrono::milliseconds timeout_;
    std::function<bool()> interrupted_;
    ReadinessProbe probe_;
};

// GET over HTTP: true on 200; lastAnswer gets the status or the error. For kJetStreamClusterReadyPath:
// true once /jsz names a meta leader and /healthz answers 200.
bool httpReadinessProbe(std::uint16_t port, const std::string& path, std::string& lastAnswer);

// The meta leader named in a nats-server /jsz body ("" when there is none yet or the body is not JSON).
std::string metaLeaderOf(const std::string& jszBody);

}  // namespace mmo::cli
