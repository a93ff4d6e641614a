#include "cli/bench/BaselinePass.hpp"

#include <unistd.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "cli/bench/ChangeStream.hpp"
#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "node/eventbus/NatsHandles.hpp"
#include "node/sync/BatchPublisher.hpp"
#include "node/world/World.hpp"

namespace mmo::cli::bench {

namespace {

using eventbus::ConnectionHandle;
using eventbus::JetStreamHandle;
using eventbus::MsgHandle;
using eventbus::MsgList;
using eventbus::StreamInfoHandle;
using eventbus::SubscriptionHandle;
using Clock = std::chrono::steady_clock;

constexpr int kFetchBatch = 256;
constexpr auto kFetchWait = std::chrono::milliseconds(100);
constexpr auto kDrainTimeout = std::chrono::seconds(30);

void check(natsStatus s, const std::string& what, jsErrCode jerr = static_cast<jsErrCode>(0)) {
    if (s == NATS_OK) return;
    std::string message = what + ": " + natsStatus_GetText(s);
    if (jerr != 0) message += " (JetStream error " + std::to_string(static_cast<int>(jerr)) + ")";
    throw std::runtime_error(message);
}

// Publishes in flight per baseline publisher: the same window as the node's publisher, so the three passes
// differ in what they send (one change per message, batches, batches through the node), not in how.
constexpr std::int64_t kPublishesInFlight = static_cast<std::int64_t>(sync::BatchPublisher::kMaxInFlight);
constexpr std::int64_t kStallWaitMs = 5000;  // a publisher blocked this long on a full window gives up

// One connection with its JetStream context. A publisher's context pipelines asynchronous publishes
// (at most kPublishesInFlight without a PubAck) and reports failed ones to onError(closure, text).
struct JsClient {
    using ErrorSink = void (*)(void* closure, const std::string& error);
    ConnectionHandle connection;
    JetStreamHandle js;
    ErrorSink onError = nullptr;
    void* errorClosure = nullptr;

    explicit JsClient(const std::string& url, ErrorSink sink = nullptr, void* closure = nullptr)
        : onError(sink), errorClosure(closure) {
        natsConnection* nc = nullptr;
        check(natsConnection_ConnectTo(&nc, url.c_str()), "nats connect " + url);
        connection.reset(nc);
        jsOptions options;
        jsOptions_Init(&options);
        options.PublishAsync.MaxPending = kPublishesInFlight;
        options.PublishAsync.StallWait = kStallWaitMs;
        options.PublishAsync.ErrHandler = &JsClient::onPublishError;
        options.PublishAsync.ErrHandlerClosure = this;
        jsCtx* ctx = nullptr;
        check(natsConnection_JetStream(&ctx, nc, &options), "JetStream context");
        js.reset(ctx);
    }
    JsClient(const JsClient&) = delete;
    JsClient& operator=(const JsClient&) = delete;

    // Waits for the PubAcks of every publish still in flight.
    void completePublishes() {
        jsPubOptions options;
        jsPubOptions_Init(&options);
        options.MaxWait = std::chrono::duration_cast<std::chrono::milliseconds>(kDrainTimeout).count();
        check(js_PublishAsyncComplete(js.get(), &options), "wait for the last PubAcks");
    }

  private:
    static void onPublishError(jsCtx*, jsPubAckErr* pae, void* closure) {
        const auto* self = static_cast<JsClient*>(closure);
        if (self->onError == nullptr) return;
        std::string text = std::string("asynchronous publish: ") + natsStatus_GetText(pae->Err);
        if (pae->ErrText != nullptr) text += std::string(" (") + pae->ErrText + ")";
        self->onError(self->errorClosure, text);
    }
};

// The baseline's stream, deleted when this goes away.
class BaselineStream {
  public:
    BaselineStream(JsClient& client, std::string name) : client_(client), name_(std::move(name)) {
        jsStreamConfig config;
        jsStreamConfig_Init(&config);
        const std::string subjects = name_ + ".>";
        const char* list[] = {subjects.c_str()};
        config.Name = name_.c_str();
        config.Subjects = list;
        config.SubjectsLen = 1;
        config.Storage = js_FileStorage;
        config.Duplicates = static_cast<int64_t>(120) * 1000 * 1000 * 1000;  // as the project's stream
        jsStreamInfo* info = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        check(js_AddStream(&info, client_.js.get(), &config, nullptr, &jerr), "create stream " + name_, jerr);
        StreamInfoHandle owned(info);
    }
    ~BaselineStream() {
        jsErrCode jerr = static_cast<jsErrCode>(0);
        js_DeleteStream(client_.js.get(), name_.c_str(), nullptr, &jerr);
    }
    const std::string& name() const { return name_; }

  private:
    JsClient& client_;
    std::string name_;
};

double wallMillis() {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count()) /
           1000.0;
}

// What every thread of a pass shares.
struct Shared {
    std::vector<std::string> regions;
    std::vector<std::unique_ptr<std::atomic<std::uint64_t>>> published;  // changes, per source region
    std::atomic<std::uint64_t> messages{0};
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<std::uint64_t> sent{0};
    std::atomic<bool> producing{true};
    std::atomic<bool> abort{false};
    std::mutex mutex;
    std::string firstError;

    void fail(const std::string& what) {
        std::lock_guard lock(mutex);
        if (firstError.empty()) firstError = what;
    }
    // A publisher's asynchronous publish failed: the pass is void.
    static void failFrom(void* closure, const std::string& what) {
        auto* shared = static_cast<Shared*>(closure);
        shared->fail(what);
        shared->abort = true;
    }
};

// A destination's consumer: what it applied, per source.
struct DestinationTally {
    std::map<std::string, std::uint64_t> applied;
    std::map<std::string, Clock::time_point> last;
    std::map<std::string, std::vector<double>> latency;
};

void publish(jsCtx* js, const std::string& subject, const std::vector<std::uint8_t>& payload,
             const std::vector<std::pair<std::string, std::string>>& headers) {
    natsMsg* raw = nullptr;
    check(natsMsg_Create(&raw, subject.c_str(), nullptr, reinterpret_cast<const char*>(payload.data()),
                         static_cast<int>(payload.size())),
          "message");
    MsgHandle msg(raw);
    for (const auto& [name, value] : headers)
        check(natsMsgHeader_Set(raw, name.c_str(), value.c_str()), "header");
    natsMsg* handed = msg.release();
    const natsStatus status = js_PublishMsgAsync(js, &handed, nullptr);
    if (status != NATS_OK) natsMsg_Destroy(handed);  // still ours when nats.c did not take it
    check(status, "publish on " + subject);
}

void produce(const BenchSettings& settings, const BaselineInput& input, const std::string& stream, int index,
             Shared& shared, Clock::time_point start, Clock::time_point end) {
    try {
        JsClient client(input.natsUrl, &Shared::failFrom, &shared);
        const std::string& region = shared.regions[static_cast<std::size_t>(index)];
        const std::string subject = stream + ".sync." + region;
        std::vector<ChangeStream> lanes;
        for (int lane = 0; lane < settings.connections; ++lane)
            lanes.emplace_back(settings.seed, index, lane, settings.areaSide);
        codec::HybridLogicalClock clock(codec::HybridLogicalClock::systemClock());
        codec::BatchCodec codec;
        const double perRegion = input.rate / static_cast<double>(shared.regions.size());
        const bool naive = input.kind == BaselineKind::Naive;
        const std::size_t batchSize = naive ? 1 : static_cast<std::size_t>(settings.batchSize);
        const auto flush =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.flushSeconds));
        std::uint64_t made = 0;
        std::uint64_t sequence = 0;
        std::size_t lane = 0;
        codec::Batch batch;
        batch.origin = region;
        Clock::time_point firstChange{};
        auto send = [&] {
            batch.sequence = ++sequence;
            batch.created_hlc = clock.now();
            const auto payload = codec.encode(batch, naive ? false : settings.gzip);
            const auto count = std::to_string(batch.changes.size());
            publish(client.js.get(), subject, payload,
                    {{"Nats-Msg-Id", region + "-" + stream + "-" + std::to_string(sequence)},
                     {"Mmo-Origin", region},
                     {"Mmo-Encoding", !naive && settings.gzip ? "gzip" : "identity"},
                     {"Mmo-Changes", count},
                     {"Mmo-Batch-Seq", std::to_string(sequence)}});
            shared.published[static_cast<std::size_t>(index)]->fetch_add(batch.changes.size());
            shared.messages++;
            shared.bytes += payload.size();
            batch.changes.clear();
        };
        while (!shared.abort) {
            const auto now = Clock::now();
            if (now >= end) break;
            if (perRegion > 0) {
                // Paced: the next change is due at start + made / rate; a partial batch flushes on time.
                const auto due =
                    start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(made) / perRegion));
                if (!batch.changes.empty() && now - firstChange >= flush) send();
                if (now < due) {
                    auto wake = std::min(due, end);
                    if (!batch.changes.empty()) wake = std::min(wake, firstChange + flush);
                    std::this_thread::sleep_until(wake);
                    continue;
                }
            }
            const auto w = lanes[lane++ % lanes.size()].next();
            if (batch.changes.empty()) firstChange = Clock::now();
            batch.changes.push_back({w.x, w.y, w.type, clock.now(), region});
            ++made;
            shared.sent++;
            if (batch.changes.size() >= batchSize) send();
        }
        if (!batch.changes.empty() && !shared.abort) send();
        client.completePublishes();
    } catch (const std::exception& e) {
        shared.fail(e.what());
        shared.abort = true;
    }
}

void consume(const BaselineInput& input, const std::string& stream, int index, Shared& shared,
             DestinationTally& tally, std::atomic<int>& ready) {
    try {
        JsClient client(input.natsUrl);
        const std::string& region = shared.regions[static_cast<std::size_t>(index)];
        const std::string prefix = stream + ".sync.";
        jsSubOptions options;
        jsSubOptions_Init(&options);
        options.Stream = stream.c_str();
        options.Config.AckPolicy = js_AckExplicit;
        options.Config.DeliverPolicy = js_DeliverAll;
        natsSubscription* raw = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        const std::string durable = "bench-" + region;
        check(js_PullSubscribe(&raw, client.js.get(), (prefix + ">").c_str(), durable.c_str(), nullptr,
                               &options, &jerr),
              "pull consumer on " + stream, jerr);
        SubscriptionHandle subscription(raw);
        ready++;
        world::World world;
        codec::BatchCodec codec;
        const auto caughtUp = [&] {
            if (shared.producing) return false;
            for (std::size_t s = 0; s < shared.regions.size(); ++s)
                if (static_cast<int>(s) != index &&
                    tally.applied[shared.regions[s]] < shared.published[s]->load())
                    return false;
            return true;
        };
        Clock::time_point drainDeadline{};
        while (!shared.abort) {
            if (caughtUp()) break;
            if (!shared.producing) {
                if (drainDeadline == Clock::time_point{}) drainDeadline = Clock::now() + kDrainTimeout;
                if (Clock::now() > drainDeadline) break;
            }
            MsgList list;
            const auto status = natsSubscription_Fetch(list.get(), subscription.get(), kFetchBatch,
                                                       kFetchWait.count(), &jerr);
            if (status == NATS_TIMEOUT) continue;
            check(status, "fetch from " + stream, jerr);
            for (int i = 0; i < list.size(); ++i) {
                auto msg = list.take(i);
                const std::string subject = natsMsg_GetSubject(msg.get());
                const std::string source = subject.rfind(prefix, 0) == 0 ? subject.substr(prefix.size()) : "";
                if (source != region) {
                    std::uint64_t count = 0;
                    if (input.kind == BaselineKind::Naive) {
                        const auto* data = reinterpret_cast<const std::uint8_t*>(natsMsg_GetData(msg.get()));
                        auto decoded =
                            codec.decode({data, static_cast<std::size_t>(natsMsg_GetDataLength(msg.get()))});
                        if (decoded.ok()) {
                            world.apply(decoded.batch());
                            count = decoded.batch().changes.size();
                            const double now = wallMillis();
                            auto& samples = tally.latency[source];
                            for (const auto& c : decoded.batch().changes)
                                samples.push_back(std::max(
                                    0.0,
                                    now - static_cast<double>(codec::HybridLogicalClock::physicalOf(c.hlc))));
                        }
                    } else {
                        const char* value = nullptr;
                        if (natsMsgHeader_Get(msg.get(), "Mmo-Changes", &value) == NATS_OK && value)
                            count = std::strtoull(value, nullptr, 10);
                    }
                    tally.applied[source] += count;
                    tally.last[source] = Clock::now();
                }
                natsMsg_Ack(msg.get(), nullptr);
            }
        }
    } catch (const std::exception& e) {
        shared.fail(e.what());
        shared.abort = true;
        ready++;
    }
}

}  // namespace

PassResult runBaseline(const BenchSettings& settings, const BaselineInput& input) {
    const bool naive = input.kind == BaselineKind::Naive;
    PassResult result;
    result.name = naive ? "naive" : "raw";
    result.rate = input.rate > 0 ? rateText(RateMode::Fixed, input.rate) : "max";
    Shared shared;
    shared.regions = settings.regions;
    for (std::size_t i = 0; i < settings.regions.size(); ++i)
        shared.published.push_back(std::make_unique<std::atomic<std::uint64_t>>(0));

    JsClient admin(input.natsUrl);
    BaselineStream stream(
        admin, std::string(naive ? "MMOBENCH_NAIVE_" : "MMOBENCH_RAW_") + std::to_string(::getpid()));
    const int n = static_cast<int>(settings.regions.size());
    std::vector<DestinationTally> tallies(settings.regions.size());
    std::atomic<int> ready{0};
    std::vector<std::thread> consumers;
    for (int d = 0; d < n; ++d)
        consumers.emplace_back(consume, std::cref(input), std::cref(stream.name()), d, std::ref(shared),
                               std::ref(tallies[static_cast<std::size_t>(d)]), std::ref(ready));
    while (ready.load() < n) std::this_thread::sleep_for(std::chrono::milliseconds(5));

    const auto start = Clock::now();
    const auto end = start + settings.duration;
    std::vector<std::thread> producers;
    for (int s = 0; s < n && !shared.abort; ++s)
        producers.emplace_back(produce, std::cref(settings), std::cref(input), std::cref(stream.name()), s,
                               std::ref(shared), start, end);
    while (Clock::now() < end && !shared.abort) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        if (input.progress)
            input.progress(
                result.name + " " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count()) +
                "s: " + std::to_string(shared.sent.load()) + " changes made, " +
                std::to_string(shared.messages.load()) + " messages published");
    }
    for (auto& t : producers) t.join();
    result.loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    shared.producing = false;
    for (auto& t : consumers) t.join();
    if (!shared.firstError.empty()) throw std::runtime_error(result.name + " baseline: " + shared.firstError);

    std::uint64_t published = 0;
    for (const auto& p : shared.published) published += p->load();
    result.changesSent = shared.sent.load();
    result.changesAcked = published;
    result.messages = shared.messages.load();
    result.bytesPerChange =
        published ? static_cast<double>(shared.bytes.load()) / static_cast<double>(published) : 0;
    for (int s = 0; s < n; ++s)
        for (int d = 0; d < n; ++d) {
            if (s == d) continue;
            const auto& source = settings.regions[static_cast<std::size_t>(s)];
            auto& tally = tallies[static_cast<std::size_t>(d)];
            PairResult pair;
            pair.source = source;
            pair.destination = settings.regions[static_cast<std::size_t>(d)];
            pair.appliedChanges = tally.applied[source];
            if (tally.last.count(source))
                pair.seconds = std::chrono::duration<double>(tally.last[source] - start).count();
            pair.appliedPerSecond =
                pair.seconds > 0 ? static_cast<double>(pair.appliedChanges) / pair.seconds : 0;
            if (naive) pair.latency = summarize(std::move(tally.latency[source]));
            if (pair.appliedChanges < shared.published[static_cast<std::size_t>(s)]->load()) {
                result.complete = false;
                result.problems.push_back(
                    pair.destination + " applied " + std::to_string(pair.appliedChanges) + " of " +
                    std::to_string(shared.published[static_cast<std::size_t>(s)]->load()) + " changes of " +
                    source);
            }
            result.pairs.push_back(std::move(pair));
        }
    return result;
}

}  // namespace mmo::cli::bench
