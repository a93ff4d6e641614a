#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The sync wire beside the batch payload (docs/sync.md, "The stream" and its headers paragraph): subjects,
// message headers, the message id, and the JetStream windows every publisher of batches uses. The node's
// publisher and mmoctl bench's baselines both take them from here, so they cannot drift apart.
namespace mmo::codec::wire {

// Header names every batch message carries.
inline constexpr const char* kMsgIdHeader = "Nats-Msg-Id";
inline constexpr const char* kOriginHeader = "Mmo-Origin";
inline constexpr const char* kEncodingHeader = "Mmo-Encoding";
inline constexpr const char* kChangesHeader = "Mmo-Changes";
inline constexpr const char* kBatchSeqHeader = "Mmo-Batch-Seq";
// Values of Mmo-Encoding.
inline constexpr const char* kEncodingGzip = "gzip";
inline constexpr const char* kEncodingIdentity = "identity";

// The stream's duplicate window: a batch published again within it is stored once (JetStream needs >= 2 min
// for our republish-after-reconnect to be safe).
inline constexpr std::chrono::seconds kDedupeWindow{120};
// Batches one region publishes without a PubAck at any moment (asynchronous publishes in flight).
inline constexpr std::size_t kPublishWindow = 8;

// <stream>.sync.: the prefix of every batch subject; the region id follows it.
std::string syncSubjectPrefix(std::string_view stream);
// <stream>.sync.<region>: where a region publishes its batches.
std::string syncSubject(std::string_view stream, std::string_view region);
// <stream>.sync.>: every region's batches.
std::string allSyncSubjects(std::string_view stream);
// The region id in a batch subject, or "" when the subject is not <stream>.sync.<region>.
std::string regionOfSubject(std::string_view stream, std::string_view subject);

// The Nats-Msg-Id of a batch: "<region>-<epoch as 16 lower-case hex digits>-<sequence in decimal>". Unique
// per (region, outbox epoch, batch sequence), so a republished batch is stored once by JetStream and a wiped
// data dir (new epoch) never reuses an id.
std::string batchMessageId(std::string_view region, std::uint64_t epoch, std::uint64_t sequence);

}  // namespace mmo::codec::wire
