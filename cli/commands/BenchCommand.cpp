#include "cli/commands/BenchCommand.hpp"

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <set>

#include "cli/ExitCode.hpp"
#include "cli/bench/BenchReport.hpp"
#include "cli/bench/BenchRunner.hpp"
#include "cli/bench/CpuList.hpp"
#include "cli/bench/report/ReportFiles.hpp"
#include "cli/commands/BenchPlayersCommand.hpp"
#include "cli/util/SignalFlag.hpp"
#include "cli/util/Terminal.hpp"

namespace mmo::cli {

void setupBench(CLI::App& app, bench::BenchSyncOptions& options, int& exitCode) {
    auto* benchApp = app.add_subcommand("bench", "Benchmark the set");
    benchApp->require_subcommand(1);
    auto* sync = benchApp->add_subcommand(
        "sync", "Sync throughput and convergence latency, side by side with naive and raw JetStream");
    sync->add_option("--regions", options.regions, "Comma-separated regions (aliases eu, us, ap or ids)")
        ->delimiter(',')
        ->capture_default_str();
    sync->add_option("--duration", options.duration, "Length of each pass (10s, 30s, 1m)")
        ->capture_default_str();
    sync->add_option(
            "--rate", options.rate,
            "Changes per second over all regions, \"max\" (as fast as acks allow), or \"half\" (a max "
            "pass, then a latency pass at half its rate)")
        ->capture_default_str();
    sync->add_option("--batch-size", options.batchSize, "sync.batch_size of the bench set")
        ->capture_default_str();
    sync->add_option("--flush", options.flush,
                     "sync.flush_every_seconds of the bench set (fractions allowed)")
        ->capture_default_str();
    sync->add_option("--gzip", options.gzip, "sync.use_gzip_compression of the bench set")
        ->check(CLI::IsMember({"on", "off", "true", "false", "yes", "no", "1", "0"}))
        ->capture_default_str();
    sync->add_option("--state-dir", options.stateDir,
                     "State dir: the bench set lives in <state-dir>/bench; --use-running takes its set")
        ->capture_default_str();
    sync->add_option("--port-offset", options.portOffset, "Port offset of the bench set: N or \"auto\"")
        ->capture_default_str();
    sync->add_flag("--use-running", options.useRunning,
                   "Measure the running set of --state-dir (its own sync settings) instead of starting one");
    sync->add_option("--connections", options.connections, "Game connections per region")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    sync->add_option("--in-flight", options.inFlight, "Unacknowledged writes per connection")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    sync->add_option("--area", options.areaSide, "Writes go to random cells of an AREA x AREA square")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    sync->add_option("--seed", options.seed, "Seed of the change stream")->capture_default_str();
    sync->add_flag("!--no-baselines", options.baselines, "Skip the naive and raw baselines");
    sync->add_option("--node-bin", options.nodeBin, "mmo-node to run (default: next to mmoctl, then PATH)");
    sync->add_option("--nats-bin", options.natsBin, "nats-server to run (default: PATH, /usr/sbin)");
    sync->add_option("--driver-cpus", options.driverCpus,
                     "Pin mmoctl's own threads (load driver, probes, baseline clients) to these CPUs "
                     "(taskset list: 0, 1-3, 0,2)")
        ->type_name("LIST");
    sync->add_option("--set-cpus", options.setCpus,
                     "Pin the set's nodes and nats-server (every thread) to these CPUs (taskset list)")
        ->type_name("LIST");
    sync->add_flag(
        "--json", options.json,
        "Print one JSON object: ratio_vs_naive, ratio_vs_raw, pairs, bytes_per_change, settings, ...");
    sync->add_option("--report", options.reportDir,
                     "Also write DIR/report.json and DIR/report.html (latency CDF and throughput plots)")
        ->type_name("DIR");
    sync->footer(
        "Examples:\n"
        "  mmoctl bench sync --regions eu,us,ap --duration 10s --gzip on --flush 0.05\n"
        "  mmoctl bench sync --rate half --flush 3 --json\n"
        "  mmoctl bench sync --use-running --rate 20000 --no-baselines\n"
        "  mmoctl bench sync --regions eu,us --duration 5s --report bench-report\n"
        "  mmoctl bench sync --driver-cpus 1 --set-cpus 0\n"
        "Exit codes: 0 done, 1 a pass did not converge or the probe was cut off, 2 usage, 3 environment,\n"
        "4 a process of the bench set failed.");
    sync->callback([&options, &exitCode] { exitCode = runBenchSync(options); });
    setupBenchPlayers(*benchApp, exitCode);
}

int runBenchSync(const bench::BenchSyncOptions& options) {
    const auto settings = bench::parseBenchSettings(options);
    std::set<int> shared;
    for (const int cpu : settings.driverCpus)
        if (settings.setCpus.count(cpu)) shared.insert(cpu);
    if (!shared.empty())
        std::cerr << "mmoctl bench: warning: --driver-cpus and --set-cpus share CPU "
                  << bench::cpuListText(shared)
                  << "; the load driver and the set compete there, so CPU figures mix\n";
    if (!options.reportDir.empty())
        bench::report::prepareReportDir(options.reportDir);  // fail before the run
    SignalFlag signals;
    StderrProgress progressLine;
    const auto progress = [&progressLine](const std::string& line) { progressLine.show(line); };
    // The progress line is erased here, or by its destructor when the run throws (before the error line).
    auto result = bench::runSyncBench(settings, options, progress, [&] { return signals.raised(); });
    progressLine.clear();
    if (signals.raised()) {
        std::cerr << "mmoctl bench: interrupted; the bench set was stopped\n";
        return kOk;
    }
    if (options.json)
        std::cout << boost::json::serialize(bench::toJson(result)) << "\n";
    else
        bench::printReport(result, std::cout);
    if (!options.reportDir.empty()) {
        const auto html = bench::report::writeReportFiles(options.reportDir, result);
        std::cerr << "mmoctl bench: report written to " << html.string() << "\n";
    }
    const bool failed = !result.project.complete || result.project.resyncs > 0 ||
                        (result.maxPass && !result.maxPass->complete);
    return failed ? kCheckFailed : kOk;
}

}  // namespace mmo::cli
