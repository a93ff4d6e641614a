#include "cli/commands/BenchPlayersCommand.hpp"

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli/ExitCode.hpp"
#include "cli/bench/players/PlayersRun.hpp"
#include "cli/util/SignalFlag.hpp"
#include "cli/util/Terminal.hpp"

namespace mmo::cli {

namespace {

int runBenchPlayers(const bench::players::BenchPlayersOptions& options) {
    const auto settings = bench::players::parsePlayersSettings(options);
    SignalFlag signals;
    StderrProgress progressLine;
    const auto progress = [&progressLine](const std::string& line) { progressLine.show(line); };
    // The progress line is erased here, or by its destructor when the run throws (before the error line).
    auto result =
        bench::players::runPlayersBench(settings, options, progress, [&] { return signals.raised(); });
    progressLine.clear();
    if (signals.raised()) {
        std::cerr << "mmoctl bench: interrupted; the players were stopped\n";
        return kOk;
    }
    if (options.json)
        std::cout << boost::json::serialize(bench::players::toJson(result)) << "\n";
    else
        bench::players::printReport(result, std::cout);
    for (const auto& r : result.regions)
        if (r.held == 0 || r.fanOut.samples == 0) return kCheckFailed;
    return kOk;
}

}  // namespace

void setupBenchPlayers(CLI::App& bench, int& exitCode) {
    auto options = std::make_shared<bench::players::BenchPlayersOptions>();
    auto& o = *options;
    auto* players = bench.add_subcommand(
        "players",
        "Simulated players per region: position fan-out, place-to-ack and /metrics latency, node "
        "CPU and memory per player");
    players->add_option("--regions", o.regions, "Comma-separated regions (aliases eu, us, ap or ids)")
        ->delimiter(',')
        ->capture_default_str();
    players->add_option("--players", o.players, "Players per region")->capture_default_str();
    players
        ->add_option("--move-hz", o.moveHz,
                     "POSITION datagrams per player per second; 0: the node's position rate (WELCOME)")
        ->capture_default_str();
    players->add_option("--place-every", o.placeEvery, "Seconds between two places of a player; 0: none")
        ->capture_default_str();
    players->add_option("--duration", o.duration, "Length of the measured window (10s, 1m)")
        ->capture_default_str();
    players->add_option("--warmup", o.warmup, "Play this long after every player is held, before measuring")
        ->capture_default_str();
    players->add_option("--threads", o.threads, "I/O threads of the load driver")->capture_default_str();
    players
        ->add_option("--driver-cpus", o.driverCpus,
                     "Pin the load driver (mmoctl) to these CPUs, as taskset -c writes them: 1, 0-3, 0,2")
        ->type_name("LIST");
    players
        ->add_option("--set-cpus", o.setCpus,
                     "Pin the nodes of the set (every thread) to these CPUs while the players play")
        ->type_name("LIST");
    players
        ->add_option("--nearby", o.nearby,
                     "Players within the node's nearby radius of each player (sets the spacing)")
        ->capture_default_str();
    players->add_option("--view", o.view, "Side of the square each player subscribes to and places in")
        ->capture_default_str();
    players
        ->add_option("--state-dir", o.stateDir,
                     "State dir: the bench set lives in <state-dir>/bench; --use-running takes its set")
        ->capture_default_str();
    players->add_option("--port-offset", o.portOffset, "Port offset of the bench set: N or \"auto\"")
        ->capture_default_str();
    players->add_flag("--use-running", o.useRunning,
                      "Play against the running set of --state-dir instead of starting one");
    players->add_option("--node-bin", o.nodeBin, "mmo-node to run (default: next to mmoctl, then PATH)");
    players->add_option("--nats-bin", o.natsBin, "nats-server to run (default: PATH, /usr/sbin)");
    players->add_flag("--json", o.json,
                      "Print one JSON object: settings, targets, regions [{players_held, position_fanout_ms, "
                      "place_ack_ms, ...}]");
    players->footer(
        "Examples:\n"
        "  mmoctl bench players --players 5000 --driver-cpus 1 --duration 30s\n"
        "  mmoctl bench players --regions eu,us --players 200 --json\n"
        "  mmoctl bench players --use-running --regions eu --players 1000\n"
        "Exit codes: 0 done, 1 a region held no player or saw no position, 2 usage, 3 environment "
        "(open-file\n"
        "limit too low), 4 a process of the bench set failed.");
    players->callback([options, &exitCode] { exitCode = runBenchPlayers(*options); });
}

}  // namespace mmo::cli
