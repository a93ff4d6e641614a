#pragma once

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::sync {

// The event bus and sync metrics of docs/metrics.md, registered once and shared by the sync parts.
struct SyncMetrics {
    explicit SyncMetrics(metrics::MetricsRegistry& registry);

    metrics::Gauge& connected;
    metrics::Gauge& onHomeServer;   // 1 when connected to the first server of eventbus.url
    metrics::Counter& homeReturns;  // moves back to that server after a failover
    metrics::Counter& publishedBatches;
    metrics::Counter& publishedChanges;
    metrics::Counter& publishedBytes;
    metrics::Counter& publishedRawBytes;
    metrics::Counter& publishErrors;
    metrics::Family<metrics::Counter>& consumedBatches;  // {source_region}
    metrics::Family<metrics::Counter>& consumedChanges;  // {source_region}
    metrics::Family<metrics::Counter>& consumedBytes;    // {source_region}
    metrics::Family<metrics::Counter>& duplicates;       // {source_region}
    metrics::Counter& decodeErrors;
    metrics::Gauge& streamLag;
    metrics::Gauge& pendingChanges;
    metrics::Gauge& outboxChanges;
    metrics::Family<metrics::Counter>& flushes;  // {reason}: size, timer, shutdown
    // {reason}: disk_full (ENOSPC, EDQUOT), io_error (any other outbox failure); both exist from the start.
    metrics::Family<metrics::Counter>& refusedWrites;
    metrics::Counter& conflicts;
    metrics::Gauge& publishedBatchSeq;
    metrics::Family<metrics::Gauge>& appliedBatchSeq;         // {source_region}
    metrics::Family<metrics::Histogram>& convergenceSeconds;  // {source_region}
};

}  // namespace mmo::sync
