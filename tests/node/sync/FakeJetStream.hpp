#pragma once

#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/eventbus/AsyncPublisher.hpp"
#include "common/eventbus/BusError.hpp"

namespace mmo::test {

// Records every publish; the test acknowledges or fails them. Like nats.c, a done callback runs under this
// object's lock, and abandonAsyncPublishes() takes every callback back.
class FakeJetStream final : public eventbus::AsyncPublisher {
  public:
    void publishAsync(const std::string& subject, std::span<const std::uint8_t> payload,
                      const std::string& msgId, const eventbus::Headers& headers,
                      eventbus::AsyncPublishDone done) override {
        std::lock_guard lock(mutex_);
        ++attempts_;
        if (refusing_) throw eventbus::BusError("publish " + subject + " " + msgId, NATS_CONNECTION_CLOSED);
        sent_.push_back({msgId, headers, {payload.begin(), payload.end()}, std::move(done)});
    }
    void abandonAsyncPublishes() override {
        std::lock_guard lock(mutex_);
        ++abandoned_;
        for (auto& s : sent_) s.done = nullptr;
    }

    // The PubAck of the i-th publish that nats.c took (0-based).
    void ack(std::size_t i, std::uint64_t streamSeq, bool duplicate = false) {
        finish(i, {true, {streamSeq, duplicate}, ""});
    }
    void fail(std::size_t i, const std::string& error) { finish(i, {false, {}, error}); }
    void refuse(bool on) {
        std::lock_guard lock(mutex_);
        refusing_ = on;
    }

    std::vector<std::string> msgIds() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> ids;
        for (const auto& s : sent_) ids.push_back(s.msgId);
        return ids;
    }
    std::size_t taken() const { return msgIds().size(); }
    int attempts() const {
        std::lock_guard lock(mutex_);
        return attempts_;
    }
    int abandoned() const {
        std::lock_guard lock(mutex_);
        return abandoned_;
    }
    // The message bytes of the i-th publish that nats.c took.
    std::vector<std::uint8_t> payload(std::size_t i) const {
        std::lock_guard lock(mutex_);
        return sent_.at(i).payload;
    }
    std::string header(std::size_t i, const std::string& name) const {
        std::lock_guard lock(mutex_);
        for (const auto& [key, value] : sent_.at(i).headers)
            if (key == name) return value;
        return {};
    }

  private:
    struct Sent {
        std::string msgId;
        eventbus::Headers headers;
        std::vector<std::uint8_t> payload;
        eventbus::AsyncPublishDone done;
    };
    void finish(std::size_t i, const eventbus::AsyncPublishOutcome& outcome) {
        std::lock_guard lock(mutex_);
        if (auto done = std::exchange(sent_.at(i).done, nullptr)) done(outcome);
    }

    mutable std::mutex mutex_;
    std::vector<Sent> sent_;
    int attempts_ = 0;
    int abandoned_ = 0;
    bool refusing_ = false;
};

}  // namespace mmo::test
