#include "cli/bench/BaselinePass.hpp"

#include <unistd.h>

#include <atomic>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "cli/bench/BaselineClient.hpp"
#include "cli/bench/ChangeStream.hpp"
#include "cli/bench/PairSeries.hpp"
#include "cli/bench/ProcStat.hpp"
#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"
#include "common/eventbus/NatsHandles.hpp"
#include "common/world/World.hpp"

namespace mmo::cli::bench {

namespace {

using eventbus::MsgList;
using eventbus::SubscriptionHandle;
using Clock = std::chrono::steady_clock;
namespace wire = codec::wire;

constexpr int kFetchBatch = 256;
constexpr auto kFetchWait = std::chrono::milliseconds(100);
constexpr auto kDrainTimeout = std::chrono::seconds(30);

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
    double intervalSeconds = 1.0;           // of the throughput series (set before any thread starts)
    std::atomic<Clock::rep> startTicks{0};  // the pass start, set before the first change is made
    std::mutex mutex;
    std::string firstError;

    void fail(const std::string& what) {
        std::lock_guard lock(mutex);
        if (firstError.empty()) firstError = what;
    }
    // A thread of the pass failed (or a publisher's asynchronous publish did): the pass is void.
    void abortWith(const std::string& what) {
        fail(what);
        abort = true;
    }
};

// A destination's consumer: what it applied, per source.
struct DestinationTally {
    std::map<std::string, std::uint64_t> applied;
    std::map<std::string, Clock::time_point> last;
    std::map<std::string, std::vector<double>> latency;
    std::map<std::string, IntervalCounter> series;  // applied per interval of the pass, per source
};

void produce(const BenchSettings& settings, const BaselineInput& input, const std::string& stream, int index,
             Shared& shared, Clock::time_point start, Clock::time_point end) {
    try {
        BaselineClient client(input.natsUrl,
                              [&shared](const std::string& error) { shared.abortWith(error); });
        const std::string& region = shared.regions[static_cast<std::size_t>(index)];
        const std::string subject = wire::syncSubject(stream, region);
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
        const auto epoch = static_cast<std::uint64_t>(std::hash<std::string>{}(stream));
        std::size_t lane = 0;
        codec::Batch batch;
        batch.origin = region;
        Clock::time_point firstChange{};
        auto send = [&] {
            batch.sequence = ++sequence;
            batch.created_hlc = clock.now();
            const auto payload = codec.encode(batch, naive ? false : settings.gzip);
            const auto count = std::to_string(batch.changes.size());
            // The node's headers and id format; the stream's name stands in for the outbox epoch.
            client.publishAsync(subject, payload,
                                {{wire::kMsgIdHeader, wire::batchMessageId(region, epoch, sequence)},
                                 {wire::kOriginHeader, region},
                                 {wire::kEncodingHeader,
                                  !naive && settings.gzip ? wire::kEncodingGzip : wire::kEncodingIdentity},
                                 {wire::kChangesHeader, count},
                                 {wire::kBatchSeqHeader, std::to_string(sequence)}});
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
        shared.abortWith(e.what());
    }
}

void consume(const BaselineInput& input, const std::string& stream, int index, Shared& shared,
             DestinationTally& tally, std::latch& ready) {
    bool counted = false;  // ready counts down once, whether the consumer came up or failed
    try {
        BaselineClient client(input.natsUrl);
        const std::string& region = shared.regions[static_cast<std::size_t>(index)];
        jsSubOptions options;
        jsSubOptions_Init(&options);
        options.Stream = stream.c_str();
        options.Config.AckPolicy = js_AckExplicit;
        options.Config.DeliverPolicy = js_DeliverAll;
        natsSubscription* raw = nullptr;
        jsErrCode jerr = static_cast<jsErrCode>(0);
        const std::string durable = "bench-" + region;
        eventbus::check(js_PullSubscribe(&raw, client.js(), wire::allSyncSubjects(stream).c_str(),
                                         durable.c_str(), nullptr, &options, &jerr),
                        "pull consumer on " + stream, jerr);
        SubscriptionHandle subscription(raw);
        ready.count_down();
        counted = true;
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
            eventbus::check(status, "fetch from " + stream, jerr);
            for (int i = 0; i < list.size(); ++i) {
                auto msg = list.take(i);
                const std::string source = wire::regionOfSubject(stream, natsMsg_GetSubject(msg.get()));
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
                        if (natsMsgHeader_Get(msg.get(), wire::kChangesHeader, &value) == NATS_OK && value)
                            count = std::strtoull(value, nullptr, 10);
                    }
                    tally.applied[source] += count;
                    tally.last[source] = Clock::now();
                    const Clock::time_point start{Clock::duration{shared.startTicks.load()}};
                    tally.series.try_emplace(source, shared.intervalSeconds)
                        .first->second.add(std::chrono::duration<double>(tally.last[source] - start).count(),
                                           count);
                }
                natsMsg_Ack(msg.get(), nullptr);
            }
        }
    } catch (const std::exception& e) {
        shared.abortWith(e.what());
        if (!counted) ready.count_down();
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
    shared.intervalSeconds = seriesIntervalSeconds(settings.duration);
    for (std::size_t i = 0; i < settings.regions.size(); ++i)
        shared.published.push_back(std::make_unique<std::atomic<std::uint64_t>>(0));

    BaselineClient admin(input.natsUrl);
    BaselineStream stream(
        admin, std::string(naive ? "MMOBENCH_NAIVE_" : "MMOBENCH_RAW_") + std::to_string(::getpid()));
    const int n = static_cast<int>(settings.regions.size());
    std::vector<DestinationTally> tallies(settings.regions.size());
    std::latch ready(n);
    const CpuPids cpuPids{{}, input.natsServerPid};
    const auto cpuStart = readCpu(cpuPids);
    std::vector<std::thread> consumers;
    for (int d = 0; d < n; ++d)
        consumers.emplace_back(consume, std::cref(input), std::cref(stream.name()), d, std::ref(shared),
                               std::ref(tallies[static_cast<std::size_t>(d)]), std::ref(ready));
    ready.wait();  // every consumer is subscribed (or failed) before the first change is made

    const auto start = Clock::now();
    shared.startTicks = start.time_since_epoch().count();
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
    result.cpu = cpuBetween(cpuStart, readCpu(cpuPids));
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
            if (naive) {
                pair.latencyCdfMs = latencyCdf(tally.latency[source]);
                pair.latency = summarize(std::move(tally.latency[source]));
            }
            pair.seriesIntervalSeconds = shared.intervalSeconds;
            if (const auto series = tally.series.find(source); series != tally.series.end())
                pair.appliedPerSecondSeries = series->second.perSecond();
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
