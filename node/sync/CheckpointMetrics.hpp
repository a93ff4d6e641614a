#pragma once

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::sync {

// The world store metrics of docs/metrics.md: checkpoint rounds written and the bootstrap from them.
struct CheckpointMetrics {
    explicit CheckpointMetrics(metrics::MetricsRegistry& registry);

    metrics::Family<metrics::Counter>& rounds;  // {result}: ok, failed
    metrics::Counter& chunksWritten;
    metrics::Counter& bytesWritten;
    metrics::Gauge& coveredStreamSeq;
    metrics::Gauge& roundSeconds;
    metrics::Gauge& bootstrapChunksTotal;
    metrics::Gauge& bootstrapChunksLoaded;
    metrics::Gauge& bootstrapSeconds;
    metrics::Gauge& missingMessages;
};

}  // namespace mmo::sync
