#pragma once

#include <cstdint>
#include <string>

namespace mmo::test {

// What a stream holds now.
struct StreamCounts {
    std::uint64_t firstSeq = 0;
    std::uint64_t lastSeq = 0;
    std::uint64_t messages = 0;
};

// An operator's hand on the JetStream API (as `nats stream purge|rm|info` would do it), over its own
// connection to `url`. Every failure throws std::runtime_error naming the call.
class JetStreamAdmin {
  public:
    explicit JetStreamAdmin(const std::string& url);
    ~JetStreamAdmin();
    JetStreamAdmin(const JetStreamAdmin&) = delete;
    JetStreamAdmin& operator=(const JetStreamAdmin&) = delete;

    StreamCounts counts(const std::string& stream);
    // Drops every message (what retention does to old ones); sequences go on from where they were.
    void purge(const std::string& stream);
    // Removes the stream and everything in it.
    void remove(const std::string& stream);
    // Removes one message.
    void removeMessage(const std::string& stream, std::uint64_t seq);

  private:
    struct Handles;
    Handles* handles_;
};

}  // namespace mmo::test
