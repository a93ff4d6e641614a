#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace mmo::eventbus {

struct PublishResult {
    std::uint64_t streamSeq = 0;
    bool duplicate = false;  // JetStream had this message id already (a retried publish)
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The PubAck of an asynchronous publish, or why it failed (error is empty on success).
struct AsyncPublishOutcome {
    bool ok = false;
    PublishResult result;
    std::string error;
};
using AsyncPublishDone = std::function<void(const AsyncPublishOutcome&)>;

// What a batch publisher needs from a JetStream connection: asynchronous publishes it can take back.
// NatsConnection is the real one; tests of the publisher's window, timeout and retry use a fake.
class AsyncPublisher {
  public:
    virtual ~AsyncPublisher() = default;
    // Publishes and returns at once; done runs later (on another thread) with the PubAck or the server's
    // error. No timeout is applied: the caller decides when to give up and calls abandonAsyncPublishes().
    // Throws BusError if the message is not taken (then done never runs). Message ids of publishes in flight
    // at the same time must differ.
    virtual void publishAsync(const std::string& subject, std::span<const std::uint8_t> payload,
                              const std::string& msgId, const Headers& headers, AsyncPublishDone done) = 0;
    // Takes back every publish still waiting for its PubAck: once this returns, no done callback runs any
    // more. done callbacks run under the implementation's lock, so a caller must not hold a lock here that
    // its done callback takes (lock order: the publisher's lock nests inside the connection's).
    virtual void abandonAsyncPublishes() = 0;
};

}  // namespace mmo::eventbus
