#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// What `mmoctl up` runs, recorded in <state dir>/state.json so that status, logs, down, send-event,
// verify-sync, bots and bench find the set. Written atomically.
namespace mmo::cli {

struct ManagedProcess {
    std::string name;     // region id ("eu-west-1") or "nats"
    int pid = 0;          // 0 when not running
    std::string binary;   // absolute path of the executable
    std::string logFile;  // absolute path of its log
};

struct RegionRecord {
    ManagedProcess process;
    std::string configFile;  // absolute path of the node config
    std::string dataDir;
    int tcpPort = 0;
    int udpPort = 0;
    int restPort = 0;
    int metricsPort = 0;
};

struct NatsRecord {
    ManagedProcess process;  // pid 0 when the set uses an external NATS (--nats-url)
    std::string url;         // what the nodes connect to (state.nats: every server, server 0 first)
    int clientPort = 0;
    int monitorPort = 0;  // 0 when external
    std::string storeDir;
    int clusterPort = 0;  // the route port when the server is one of a JetStream cluster, else 0
};

// The process name of a set's chaos link proxy (`up --wan`), in status, logs and down.
inline constexpr const char* kChaosProcessName = "chaos";

// One region's link through the chaos proxy: the node connects to listenPort, the proxy forwards to the
// upstreams (NATS client addresses "127.0.0.1:4222", tried in order).
struct ChaosLinkRecord {
    std::string region;
    int listenPort = 0;
    std::vector<std::string> upstreams;
};

// The chaos link proxy of a set started with `up --wan/--wan-jitter/--wan-rate` (`mmoctl chaos serve`).
struct ChaosRecord {
    ManagedProcess process;              // name "chaos"; binary: the mmoctl that serves it
    int controlPort = 0;                 // its HTTP control API on 127.0.0.1
    std::vector<ChaosLinkRecord> links;  // one per region, in the regions' order
    std::string wan;  // the shaping it starts with, every region named (`chaos serve --wan ...`)
    std::string wanJitter;
    std::string wanRate;
};

// The process name of a set's Prometheus (`up --monitoring`), in status, logs and down.
inline constexpr const char* kPrometheusProcessName = "prometheus";

// The Prometheus of a set started with `up --monitoring`: it scrapes every node's metrics port with the
// generated <state dir>/prometheus/prometheus.yml and evaluates the generated rules next to it.
struct PrometheusRecord {
    ManagedProcess process;  // name "prometheus"
    int port = 0;            // its web UI and HTTP API (http://127.0.0.1:<port>/graph)
    std::string configFile;  // absolute path of the generated prometheus.yml
    std::string rulesFile;   // absolute path of the generated rules (mmo-rules.yml)
    std::string dataDir;     // its TSDB, inside the state dir
};

// The process name of a set's web console (`up --console`), in status, logs and down.
inline constexpr const char* kConsoleProcessName = "console";

// The web console of a set started with `up --console` (`mmoctl console --port <port>`, docs/console.md).
struct ConsoleRecord {
    ManagedProcess process;  // name "console"; binary: the mmoctl that serves it
    int port = 0;            // http://127.0.0.1:<port>/
};

struct SetState {
    int version = 1;
    std::string stateDir;  // absolute
    int portOffset = 0;
    int supervisorPid = 0;  // the foreground `mmoctl up`, 0 when detached
    // `up --bind`: the address the nodes and the NATS servers listen on ("bind"; absent in files written
    // before it: 127.0.0.1).
    std::string bindAddress = "127.0.0.1";
    NatsRecord nats;  // the only server, or server 0 ("nats-0") of a local JetStream cluster
    // Servers 1..N-1 of a local JetStream cluster (`up --nats-cluster N`), in order; empty for one server.
    // Kept apart from `nats` so that readers which know only `nats` still read the file.
    std::vector<NatsRecord> natsPeers;
    std::vector<RegionRecord> regions;  // in the order given to --regions
    std::optional<ChaosRecord> chaos;   // only for a set run through the chaos proxy (written only then)
    std::optional<PrometheusRecord> prometheus;  // only with `up --monitoring` (written only then)
    std::optional<ConsoleRecord> console;        // only with `up --console` (written only then)
};

// <stateDir>/state.json
std::filesystem::path stateFilePath(const std::filesystem::path& stateDir);

// <stateDir>/chaos.token: the control token of the set's chaos proxy (mode 0600, cli/chaos/ControlToken.hpp).
std::filesystem::path chaosTokenPath(const std::filesystem::path& stateDir);

// Reads the state; nullopt when there is none. Throws std::runtime_error naming the file when it is
// unreadable or malformed.
std::optional<SetState> readState(const std::filesystem::path& stateDir);

// The running set in stateDir, for the commands that need one (send-event, verify-sync, bots). Throws
// CommandError (exit 3) when there is none, or when the state file cannot be read.
SetState requireRunningSet(const std::filesystem::path& stateDir);

// Writes the state atomically.
void writeState(const SetState& state);

// Removes the state file (after down, or when every pid in it is gone).
void removeState(const std::filesystem::path& stateDir);

// True when pid names a live process (kill(pid, 0)).
bool processAlive(int pid);

// Every NATS server the set manages, server 0 first (none when it uses an external NATS).
std::vector<const NatsRecord*> managedNatsServers(const SetState& state);
std::vector<NatsRecord*> managedNatsServers(SetState& state);

// The managed NATS server with this process name ("nats", "nats-1"); nullptr when there is none.
const NatsRecord* findNatsServer(const SetState& state, const std::string& name);

// The region record for a name: an alias (eu), an id (eu-west-1); nullptr when the set has no such region.
const RegionRecord* findRegion(const SetState& state, const std::string& name);

}  // namespace mmo::cli
