#include "cli/bench/ProjectPass.hpp"

#include <cmath>
#include <thread>

#include "cli/bench/PairSeries.hpp"

namespace mmo::cli::bench {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kDrainAcks = std::chrono::seconds(10);
constexpr auto kConvergeExtra = std::chrono::seconds(30);
// Updates reach the probe just after the node applied them: give the last ones this long.
constexpr auto kProbeTail = std::chrono::milliseconds(300);

double delta(const CounterSample& now, const CounterSample& base, const std::string& region,
             double RegionCounters::*field) {
    const auto a = now.regions.find(region);
    const auto b = base.regions.find(region);
    if (a == now.regions.end() || b == base.regions.end()) return 0;
    return a->second.*field - b->second.*field;
}

double consumedDelta(const CounterSample& now, const CounterSample& base, const std::string& destination,
                     const std::string& source) {
    const auto value = [&](const CounterSample& s) {
        const auto r = s.regions.find(destination);
        if (r == s.regions.end()) return 0.0;
        const auto c = r->second.consumedChanges.find(source);
        return c == r->second.consumedChanges.end() ? 0.0 : c->second;
    };
    return value(now) - value(base);
}

bool allOk(const CounterSample& s) {
    for (const auto& [name, c] : s.regions)
        if (!c.ok) return false;
    return true;
}

// The pair's applied changes per interval, from the scrapes of the pass: each scrape's increase counts in
// the interval it was taken in.
void appliedSeries(PairResult& pair, const std::vector<CounterSample>& history, const CounterSample& base,
                   Clock::time_point start, std::chrono::milliseconds duration) {
    IntervalCounter counter(seriesIntervalSeconds(duration));
    double previous = 0;
    for (const auto& sample : history) {
        const double now = consumedDelta(sample, base, pair.destination, pair.source);
        if (now > previous) {
            counter.add(std::chrono::duration<double>(sample.at - start).count(),
                        static_cast<std::uint64_t>(std::llround(now - previous)));
            previous = now;
        }
    }
    pair.seriesIntervalSeconds = counter.intervalSeconds();
    pair.appliedPerSecondSeries = counter.perSecond();
}

}  // namespace

PassResult runProjectPass(const BenchSettings& settings, ProjectRig& rig, double rate) {
    PassResult result;
    result.name = "project";
    result.rate = rate > 0 ? rateText(RateMode::Fixed, rate) : "max";
    const auto& regions = settings.regions;
    const auto n = regions.size();
    std::vector<std::uint64_t> sentBase(n), ackedBase(n), refusedBase(n);
    for (std::size_t i = 0; i < n; ++i) {
        sentBase[i] = rig.driver.counts(i).sent;
        ackedBase[i] = rig.driver.counts(i).acked;
        refusedBase[i] = rig.driver.counts(i).refused;
    }
    const auto base = rig.sampler.scrapeNow();
    const auto resyncBase = rig.probe.resyncs();
    rig.probe.startRecording();
    const auto cpuStart = readCpu(rig.cpuPids);
    const auto start = Clock::now();
    const auto end = start + settings.duration;
    rig.driver.startWriting(rate);
    while (Clock::now() < end && !(rig.interrupted && rig.interrupted())) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        rig.set.checkAlive();
        if (rig.progress) {
            const auto latest = rig.sampler.latest();
            double applied = 0;
            for (const auto& d : regions)
                for (const auto& s : regions)
                    if (s != d) applied += consumedDelta(latest, base, d, s);
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            rig.progress("project " + rateText(rate > 0 ? RateMode::Fixed : RateMode::Max, rate) + " " +
                         std::to_string(static_cast<int>(elapsed)) + "s/" +
                         std::to_string(settings.duration.count() / 1000) + "s: acked " +
                         std::to_string(rig.driver.totalAnswered()) + ", applied in other regions " +
                         std::to_string(static_cast<long long>(applied)));
        }
    }
    rig.driver.stopWriting();
    result.loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!rig.driver.drain(kDrainAcks))
        result.problems.push_back("some writes were never answered by the node");
    std::vector<double> acked(n);
    for (std::size_t i = 0; i < n; ++i) {
        result.changesSent += rig.driver.counts(i).sent - sentBase[i];
        acked[i] = static_cast<double>(rig.driver.counts(i).acked - ackedBase[i]);
        result.changesAcked += static_cast<std::uint64_t>(acked[i]);
        result.refused += rig.driver.counts(i).refused - refusedBase[i];
    }

    // Wait until every acknowledged change is published and applied everywhere else.
    const auto deadline =
        Clock::now() + kConvergeExtra +
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.flushSeconds));
    CounterSample last;
    for (;;) {
        last = rig.sampler.latest();
        bool done = allOk(last) && last.at > start;
        for (std::size_t s = 0; s < n && done; ++s) {
            const double published = delta(last, base, regions[s], &RegionCounters::publishedChanges);
            if (published < acked[s]) done = false;
            for (std::size_t d = 0; d < n && done; ++d)
                if (d != s && consumedDelta(last, base, regions[d], regions[s]) < published) done = false;
        }
        if (done || Clock::now() > deadline || (rig.interrupted && rig.interrupted())) break;
        rig.set.checkAlive();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    result.cpu = cpuBetween(cpuStart, readCpu(rig.cpuPids));
    std::this_thread::sleep_for(kProbeTail);
    rig.probe.stopRecording();
    result.resyncs = rig.probe.resyncs() - resyncBase;

    double bytes = 0, rawBytes = 0, changes = 0, batches = 0;
    for (const auto& r : regions) {
        bytes += delta(last, base, r, &RegionCounters::publishedBytes);
        rawBytes += delta(last, base, r, &RegionCounters::publishedRawBytes);
        changes += delta(last, base, r, &RegionCounters::publishedChanges);
        batches += delta(last, base, r, &RegionCounters::publishedBatches);
    }
    result.messages = static_cast<std::uint64_t>(batches);
    result.bytesPerChange = changes > 0 ? bytes / changes : 0;
    result.rawBytesPerChange = changes > 0 ? rawBytes / changes : 0;

    const auto history = rig.sampler.since(start);
    for (std::size_t s = 0; s < n; ++s) {
        const double published = delta(last, base, regions[s], &RegionCounters::publishedChanges);
        for (std::size_t d = 0; d < n; ++d) {
            if (d == s) continue;
            PairResult pair;
            pair.source = regions[s];
            pair.destination = regions[d];
            const double applied = consumedDelta(last, base, regions[d], regions[s]);
            pair.appliedChanges = static_cast<std::uint64_t>(std::llround(applied));
            // The first scrape that showed the final count: the last change applied before it.
            Clock::time_point reached = last.at;
            for (const auto& sample : history)
                if (consumedDelta(sample, base, regions[d], regions[s]) >= applied) {
                    reached = sample.at;
                    break;
                }
            pair.seconds = std::chrono::duration<double>(reached - start).count();
            pair.appliedPerSecond = pair.seconds > 0 ? applied / pair.seconds : 0;
            auto samples = rig.probe.samples(regions[s], regions[d]);
            pair.latencyCdfMs = latencyCdf(samples);
            pair.latency = summarize(std::move(samples));
            appliedSeries(pair, history, base, start, settings.duration);
            if (applied < published || published < acked[s]) {
                result.complete = false;
                result.problems.push_back(regions[d] + " applied " + std::to_string(pair.appliedChanges) +
                                          " of " + std::to_string(static_cast<long long>(acked[s])) +
                                          " acknowledged changes of " + regions[s]);
            }
            if (!pair.latency || pair.latency->samples == 0)
                result.problems.push_back("no latency sample for " + regions[s] + " -> " + regions[d]);
            result.pairs.push_back(std::move(pair));
        }
    }
    if (result.resyncs > 0)
        result.problems.push_back("the convergence probe was cut off (resync) " +
                                  std::to_string(result.resyncs) + " times: latency samples are missing");
    if (result.refused > 0)
        result.problems.push_back(std::to_string(result.refused) + " writes were refused by the node");
    return result;
}

}  // namespace mmo::cli::bench
