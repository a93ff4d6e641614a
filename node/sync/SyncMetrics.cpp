#include "node/sync/SyncMetrics.hpp"

namespace mmo::sync {

namespace {
const std::vector<double> kConvergenceBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                              1,     2,    3,     5,    10,  30,   60};
}

SyncMetrics::SyncMetrics(metrics::MetricsRegistry& r)
    : connected(r.gauge("eventbus_connected", "1 when the node is connected to NATS, else 0.").get()),
      onHomeServer(
          r.gauge("eventbus_on_home_server",
                  "1 when the node is connected to its home server (the first of eventbus.url), else 0.")
              .get()),
      homeReturns(r.counter("eventbus_home_returns_total",
                            "Moves back to the home server (the first of eventbus.url) after a failover.")
                      .get()),
      publishedBatches(
          r.counter("eventbus_published_batches_total", "Batches of this region acknowledged by JetStream.")
              .get()),
      publishedChanges(
          r.counter("eventbus_published_changes_total", "Block changes in the published batches.").get()),
      publishedBytes(r.counter("eventbus_published_bytes_total",
                               "Bytes of the published batch messages as sent: the 14-byte frame header plus "
                               "the payload (after gzip).")
                         .get()),
      publishedRawBytes(r.counter("eventbus_published_raw_bytes_total",
                                  "Bytes the published batch messages would have without gzip: the 14-byte "
                                  "frame header plus the uncompressed body.")
                            .get()),
      publishErrors(
          r.counter("eventbus_publish_errors_total", "Failed publish attempts (each is retried).").get()),
      consumedBatches(r.counter("eventbus_consumed_batches_total", "Batches of other regions applied here.",
                                {"source_region"})),
      consumedChanges(r.counter("eventbus_consumed_changes_total",
                                "Block changes in the batches of other regions applied here.",
                                {"source_region"})),
      consumedBytes(r.counter("eventbus_consumed_bytes_total",
                              "Bytes of the batch messages of other regions applied here, as received: the "
                              "14-byte frame header plus the payload (after gzip).",
                              {"source_region"})),
      duplicates(r.counter("eventbus_duplicates_total",
                           "Batches of other regions whose every change was already here (the same write: "
                           "a redelivered or republished copy).",
                           {"source_region"})),
      decodeErrors(r.counter("eventbus_decode_errors_total",
                             "Messages rejected by the batch decoder (counted, acked, skipped).")
                       .get()),
      streamLag(
          r.gauge("eventbus_stream_lag_messages", "Messages in the stream this node has not consumed yet.")
              .get()),
      pendingChanges(
          r.gauge("sync_pending_changes", "Local changes waiting for their batch to be sealed.").get()),
      outboxChanges(r.gauge("sync_outbox_changes",
                            "Local changes in the on-disk outbox not yet acknowledged by JetStream.")
                        .get()),
      flushes(
          r.counter("sync_flushes_total", "Batches sealed, by reason: size, timer or shutdown.", {"reason"})),
      refusedWrites(r.counter("sync_writes_refused_total",
                              "Block writes refused because the outbox could not persist them, by reason: "
                              "disk_full (ENOSPC, EDQUOT) or io_error.",
                              {"reason"})),
      conflicts(r.counter("sync_conflicts_total",
                          "Changes that lost last-writer-wins on arrival (a newer write was already there).")
                    .get()),
      publishedBatchSeq(r.gauge("sync_published_batch_seq",
                                "Sequence of the last batch of this region acknowledged by JetStream.")
                            .get()),
      appliedBatchSeq(r.gauge("sync_applied_batch_seq",
                              "Highest batch sequence applied here, per source region (this region's own "
                              "included).",
                              {"source_region"})),
      convergenceSeconds(
          r.histogram("sync_convergence_seconds",
                      "Seconds from a change's origin hybrid-clock time to its application here.",
                      kConvergenceBuckets, {"source_region"})) {
    refusedWrites.labels({"disk_full"});
    refusedWrites.labels({"io_error"});
}

}  // namespace mmo::sync
