#include "node/sync/CheckpointMetrics.hpp"

namespace mmo::sync {

CheckpointMetrics::CheckpointMetrics(metrics::MetricsRegistry& r)
    : rounds(r.counter("sync_checkpoint_rounds_total",
                       "Checkpoint rounds of this region, by result: ok (round record written) or failed.",
                       {"result"})),
      chunksWritten(r.counter("sync_checkpoint_chunks_written_total",
                              "Chunk checkpoints this region wrote to the world store.")
                        .get()),
      bytesWritten(r.counter("sync_checkpoint_bytes_written_total",
                             "Bytes of the chunk checkpoints this region wrote (as stored, after gzip).")
                       .get()),
      coveredStreamSeq(r.gauge("sync_checkpoint_stream_seq",
                               "Stream sequence covered by this region's last complete checkpoint round.")
                           .get()),
      roundSeconds(r.gauge("sync_checkpoint_round_seconds", "Duration of the last checkpoint round.").get()),
      bootstrapChunksTotal(r.gauge("sync_bootstrap_chunks",
                                   "Chunk checkpoints the bootstrap of this node loads (0: none needed).")
                               .get()),
      bootstrapChunksLoaded(
          r.gauge("sync_bootstrap_chunks_loaded", "Chunk checkpoints loaded so far by the bootstrap.").get()),
      bootstrapSeconds(r.gauge("sync_bootstrap_seconds", "Duration of the checkpoint load at start.").get()),
      missingMessages(r.gauge("sync_world_missing_messages",
                              "Stream messages this region needed that are gone and that no checkpoint "
                              "covers: its world is incomplete while above 0.")
                          .get()) {}

}  // namespace mmo::sync
