#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/eventbus/AsyncPublisher.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsHandles.hpp"

namespace mmo::eventbus {

// One NATS connection with its JetStream context. Connects once in the constructor (throws ConnectError
// naming the failure and the config key to fix); after that nats.c reconnects by itself, forever, across
// the server list. The list is used in the order given (no shuffling), so a node first connects to its
// own server and fails over to the next ones; token, creds file and TLS come from the settings.
// Thread-safe: nats.c connections may be used from several threads.
class NatsConnection final : public AsyncPublisher {
  public:
    // Called on nats.c's callback thread: (true, the server it reconnected to) or (false, the server it
    // lost). With a server list the reconnect may land on another server of the cluster.
    using StateListener = std::function<void(bool connected, const std::string& server)>;

    NatsConnection(const BusSettings& settings, std::shared_ptr<spdlog::logger> logger,
                   StateListener listener);
    NatsConnection(const NatsConnection&) = delete;
    NatsConnection& operator=(const NatsConnection&) = delete;
    ~NatsConnection();

    bool connected() const;
    // How many times nats.c has reconnected so far. Deliveries in flight when a connection broke are lost
    // with it; a consumer that sees this change sets itself up again to get them back (PullConsumer).
    std::uint64_t reconnects() const { return callbacks_->reconnects.load(); }
    jsCtx* jetStream() const { return js_.get(); }
    // A round trip to the server (bounded): once it returns, nats.c's read loop has handled everything the
    // server sent before.
    bool flush(std::chrono::milliseconds timeout);
    // The server this connection uses now, e.g. "nats://127.0.0.1:4222".
    std::string currentServer() const;

    // Publishes on core NATS, fire and forget (no JetStream acknowledgement).
    void publishCore(const std::string& subject, std::span<const std::uint8_t> payload);

    // Subscribes on core NATS; handler runs on a nats.c thread with (subject, data). The returned handle
    // unsubscribes when destroyed; destroy it before this connection.
    using MessageHandler =
        std::function<void(const std::string& subject, std::span<const std::uint8_t> data)>;
    class Subscription {
      public:
        Subscription(SubscriptionHandle handle, std::unique_ptr<MessageHandler> handler)
            : handle_(std::move(handle)), handler_(std::move(handler)) {}
        // Drains (no new messages; waits, bounded, for a running handler) before the handler goes away.
        ~Subscription() {
            if (handle_ && natsSubscription_Drain(handle_.get()) == NATS_OK)
                natsSubscription_WaitForDrainCompletion(handle_.get(), 2000);
        }

      private:
        SubscriptionHandle handle_;
        std::unique_ptr<MessageHandler> handler_;
    };
    std::unique_ptr<Subscription> subscribe(const std::string& subject, MessageHandler handler);

    // Publishes payload to subject with a Nats-Msg-Id and headers, and waits for the PubAck.
    PublishResult publish(const std::string& subject, std::span<const std::uint8_t> payload,
                          const std::string& msgId, const Headers& headers,
                          std::chrono::milliseconds timeout);

    using AsyncPublishOutcome = eventbus::AsyncPublishOutcome;
    using AsyncPublishDone = eventbus::AsyncPublishDone;
    // Publishes like publish() but returns at once; done runs on a nats.c thread with the PubAck or the
    // server's error (no responders, a JetStream error). No timeout is applied: the caller decides when
    // to give up and calls abandonAsyncPublishes(). Throws BusError if nats.c does not take the message
    // (then done never runs). Message ids of publishes in flight at the same time must differ.
    void publishAsync(const std::string& subject, std::span<const std::uint8_t> payload,
                      const std::string& msgId, const Headers& headers, AsyncPublishDone done) override;
    // Takes back every asynchronous publish still waiting for its PubAck: once this returns, no done
    // callback runs any more (late PubAcks are discarded; a message the server did store is reported as a
    // duplicate when it is published again with the same id).
    void abandonAsyncPublishes() override;

  private:
    // Lives until nats.c reports the connection closed, so late callbacks never touch freed memory.
    struct CallbackState {
        StateListener listener;
        std::shared_ptr<spdlog::logger> logger;
        std::mutex mutex;
        std::condition_variable closedCv;
        bool closed = false;
        std::string server;  // the server in use, or last in use while disconnected
        // Kept by the callbacks, so that connected() and currentServer() never wait on nats.c's
        // connection lock (held for seconds while nats.c retries an unresponsive server): REST and
        // /readyz ask for them and must answer at once.
        std::atomic<bool> up{false};
        std::atomic<std::uint64_t> reconnects{0};
        // Asynchronous publishes waiting for their PubAck, by Nats-Msg-Id. done runs under asyncMutex,
        // so abandonAsyncPublishes() returning means no callback is running or will run.
        std::mutex asyncMutex;
        std::unordered_map<std::string, AsyncPublishDone> asyncPending;
    };
    static void onDisconnected(natsConnection* nc, void* closure);
    static void onReconnected(natsConnection* nc, void* closure);
    static void onClosed(natsConnection* nc, void* closure);
    static void onAsyncError(natsConnection* nc, natsSubscription* sub, natsStatus err, void* closure);
    static void onAsyncPubAck(jsCtx* js, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure);

    std::unique_ptr<CallbackState> callbacks_;
    OptionsHandle options_;
    ConnectionHandle connection_;
    JetStreamHandle js_;
};

// Why connecting to these servers fails, in the words of the socket layer: "nats://127.0.0.1:4222:
// connection refused". nats.c only says "No server available for connection".
std::string describeConnectFailure(const std::vector<std::string>& servers,
                                   std::chrono::milliseconds timeout);

// Why natsConnection_Connect failed with status (natsError: nats.c's last error text), naming the config
// keys to fix for authentication and TLS failures; the socket layer's words for everything else.
std::string explainConnectFailure(natsStatus status, const std::string& natsError,
                                  const BusSettings& settings);

}  // namespace mmo::eventbus
