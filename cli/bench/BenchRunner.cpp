#include "cli/bench/BenchRunner.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "cli/ExitCode.hpp"
#include "cli/bench/BaselinePass.hpp"
#include "cli/bench/BenchSet.hpp"
#include "cli/bench/ConvergenceProbe.hpp"
#include "cli/bench/CpuAffinity.hpp"
#include "cli/bench/LoadDriver.hpp"
#include "cli/bench/MetricsSampler.hpp"
#include "cli/bench/ProjectPass.hpp"
#include "cli/supervisor/BinaryResolver.hpp"

namespace mmo::cli::bench {

namespace {
constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr auto kSampleEvery = std::chrono::milliseconds(50);
// The probe watches at most this square of the area (the server's largest subscription).
constexpr int kProbeSide = 256;
}  // namespace

std::string natsServerVersion(const std::string& binary) {
    if (binary.empty()) return "unknown";
    const std::string command = "'" + binary + "' --version 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return "unknown";
    char line[256] = {};
    std::string text = std::fgets(line, sizeof line, pipe) ? line : "";
    ::pclose(pipe);
    const auto v = text.find(" v");
    if (v == std::string::npos) return "unknown";
    text = text.substr(v + 1);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

BenchResult runSyncBench(const BenchSettings& requested, const BenchSyncOptions& options,
                         const std::function<void(const std::string&)>& progress,
                         const std::function<bool()>& interrupted) {
    const auto report = [&](const std::string& line) {
        if (progress) progress(line);
    };
    auto set = options.useRunning ? BenchSet::useRunning(requested, options)
                                  : BenchSet::startOwn(requested, options, report);
    BenchSettings settings = requested;
    settings.batchSize = set->sync().batchSize;
    settings.flushSeconds = set->sync().flushSeconds;
    settings.gzip = set->sync().gzip;

    BenchResult result;
    result.settings = settings;
    result.set = set->own() ? "own" : "running";
    result.syncSource = set->sync().source;
    std::string natsBinary = set->state().nats.process.binary;
    if (natsBinary.empty())
        if (const auto found = findNatsServer(options.natsBin)) natsBinary = found->string();
    result.natsServerVersion = natsServerVersion(natsBinary);

    try {
        CpuPids cpuPids;
        for (const auto& r : set->state().regions) cpuPids.nodes.push_back(r.process.pid);
        cpuPids.natsServer = set->state().nats.process.pid;
        // The set first, then mmoctl before it starts its driver, probe and client threads.
        std::unique_ptr<ProcessPinning> setPinning, driverPinning;
        try {
            if (!settings.setCpus.empty()) {
                std::vector<int> pids = cpuPids.nodes;
                if (cpuPids.natsServer > 0) pids.push_back(cpuPids.natsServer);
                setPinning = std::make_unique<ProcessPinning>(pids, settings.setCpus);
            }
            if (!settings.driverCpus.empty())
                driverPinning = std::make_unique<ProcessPinning>(
                    std::vector<int>{static_cast<int>(::getpid())}, settings.driverCpus);
        } catch (const std::runtime_error& e) {
            throw CommandError{kEnvironmentError, std::string("--set-cpus/--driver-cpus: ") + e.what()};
        }
        std::vector<DriverTarget> targets;
        std::vector<ProbeTarget> probeTargets;
        for (std::size_t i = 0; i < set->state().regions.size(); ++i) {
            const auto& r = set->state().regions[i];
            targets.push_back({r.process.name, static_cast<int>(i), static_cast<std::uint16_t>(r.tcpPort)});
            probeTargets.push_back({r.process.name, static_cast<std::uint16_t>(r.tcpPort)});
        }
        LoadDriver driver(settings, targets);
        ConvergenceProbe probe(probeTargets, std::min(kProbeSide, settings.areaSide));
        MetricsSampler sampler(set->state().regions, kSampleEvery);
        try {
            probe.connect(kConnectTimeout);
            driver.connect(kConnectTimeout);
        } catch (const std::runtime_error& e) {
            throw CommandError{kEnvironmentError, e.what()};
        }
        sampler.start();
        ProjectRig rig{*set, driver, probe, sampler, cpuPids, progress, interrupted};
        double baselineRate = settings.mode == RateMode::Fixed ? settings.rate : 0;
        if (settings.mode == RateMode::Half) {
            result.maxPass = runProjectPass(settings, rig, 0);
            const double half = result.maxPass->ackedPerSecond() / 2;
            if (half <= 0)
                throw CommandError{kCheckFailed, "the max pass acknowledged no write; nothing to halve"};
            result.project = runProjectPass(settings, rig, half);
        } else {
            result.project = runProjectPass(settings, rig, baselineRate);
        }
        sampler.stop();
        driver.close();
        probe.close();
        if (settings.baselines && !(interrupted && interrupted())) {
            BaselineInput input;
            input.natsUrl = set->state().nats.url;
            input.rate = baselineRate;
            input.natsServerPid = cpuPids.natsServer;
            input.progress = progress;
            try {
                input.kind = BaselineKind::Naive;
                result.naive = runBaseline(settings, input);
                input.kind = BaselineKind::Raw;
                result.raw = runBaseline(settings, input);
            } catch (const std::runtime_error& e) {
                throw CommandError{kEnvironmentError, e.what()};
            }
            const PassResult& throughput = result.maxPass ? *result.maxPass : result.project;
            result.ratioVsNaive = throughputRatio(throughput, *result.naive);
            result.ratioVsRaw = throughputRatio(throughput, *result.raw);
            result.cpuRatioVsRaw = cpuRatio(throughput, *result.raw);
        }
    } catch (...) {
        set->stop(report);
        throw;
    }
    set->stop(report);
    return result;
}

}  // namespace mmo::cli::bench
