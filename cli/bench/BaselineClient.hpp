#pragma once

#include <nats/nats.h>

#include <functional>
#include <string>
#include <vector>

#include "common/eventbus/NatsHandles.hpp"

namespace mmo::cli::bench {

// One bare nats.c connection with its JetStream context, as a baseline producer or consumer holds it. A
// producer's context pipelines asynchronous publishes (at most codec::wire::kPublishWindow without a
// PubAck, as the node's publisher) and reports each failed one to the error sink. Failing calls throw
// eventbus::BusError.
class BaselineClient {
  public:
    using ErrorSink = std::function<void(const std::string& error)>;
    using Headers = std::vector<std::pair<std::string, std::string>>;

    explicit BaselineClient(const std::string& url, ErrorSink onPublishError = {});
    BaselineClient(const BaselineClient&) = delete;
    BaselineClient& operator=(const BaselineClient&) = delete;

    jsCtx* js() const { return js_.get(); }
    // Hands one message to nats.c as an asynchronous JetStream publish.
    void publishAsync(const std::string& subject, const std::vector<std::uint8_t>& payload,
                      const Headers& headers);
    // Waits for the PubAcks of every publish still in flight.
    void completePublishes();

  private:
    static void onPublishError(jsCtx*, jsPubAckErr* pae, void* closure);

    ErrorSink onPublishError_;
    eventbus::ConnectionHandle connection_;
    eventbus::JetStreamHandle js_;
};

// A baseline's own stream (subjects <name>.>, file storage, the project's duplicate window), deleted when
// this goes away.
class BaselineStream {
  public:
    BaselineStream(BaselineClient& client, std::string name);
    ~BaselineStream();
    BaselineStream(const BaselineStream&) = delete;
    BaselineStream& operator=(const BaselineStream&) = delete;
    const std::string& name() const { return name_; }

  private:
    BaselineClient& client_;
    std::string name_;
};

}  // namespace mmo::cli::bench
