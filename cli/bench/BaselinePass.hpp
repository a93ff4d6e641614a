#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/bench/BenchReport.hpp"
#include "cli/bench/BenchSettings.hpp"

namespace mmo::cli::bench {

// The two baselines, run on the set's nats-server with bare nats.c calls, on a stream of their own
// (MMOBENCH_<KIND>_<pid>, subjects <stream>.sync.<region>) that is deleted afterwards, so they never touch
// the project's stream. Each region has one producer (one connection, like one node's publisher) that
// takes the same change stream as the project's load and publishes asynchronously with at most
// codec::wire::kPublishWindow messages awaiting their PubAck (the node's publisher discipline), with the
// node's headers and message id format (common/codec/SyncWire.hpp); each destination has one connection with
// a durable pull consumer that fetches up to 256 messages at a time and acknowledges each one.
enum class BaselineKind {
    Naive,  // one message per change (a one-change batch, no gzip), decoded and applied to a World
    Raw,    // the project's batches (batch_size changes, gzip as set, its headers), fetched, not decoded
};

struct BaselineInput {
    BaselineKind kind = BaselineKind::Naive;
    std::string natsUrl;
    double rate = 0;        // total changes/s over the regions, 0 = as fast as PubAcks allow
    int natsServerPid = 0;  // for the pass's nats-server CPU (0: not measured)
    std::function<void(const std::string&)> progress;  // live line (terminal only), may be empty
};

// Runs one baseline pass of settings.duration and measures it like the project: changes applied per
// second per (source, destination), bytes per change, (naive) convergence latency, and the CPU seconds
// of mmoctl (the baseline's producer and consumer threads and nats.c's own threads: the whole process,
// nothing else of it runs during a baseline) and nats-server from the consumers' start to their end. Throws
// std::runtime_error when NATS cannot be used.
PassResult runBaseline(const BenchSettings& settings, const BaselineInput& input);

}  // namespace mmo::cli::bench
