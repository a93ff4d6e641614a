// config generate --hosts and --nats-cluster in-process: host validation, the generated node configs
// (loaded by the node's own loader), the port plan of cluster servers, and the state file of a cluster.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/ExitCode.hpp"
#include "cli/commands/ConfigGenerateCommand.hpp"
#include "cli/deploy/HostList.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "common/config/ConfigLoader.hpp"
#include "common/regions/PortScheme.hpp"
#include "tests/cli/ExitCodeOf.hpp"

namespace mmo::cli {
namespace {

namespace fs = std::filesystem;
using test::exitCodeOf;

class Deployment : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("mmoctl-deploy-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        options_.outDir = (dir_ / "out").string();
        options_.outGiven = true;
        options_.hosts = "eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net";
        options_.varDir = (dir_ / "var").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    config::NodeConfig load(const std::string& region) {
        config::LoadRequest request;
        request.configFile = dir_ / "out" / ("config-" + region + ".yml");
        return config::loadConfig(request).config;
    }
    std::string read(const std::string& name) {
        std::ifstream in(dir_ / "out" / name);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path dir_;
    ConfigGenerateOptions options_;
};

// Host names and IPv4 addresses pass; spaces, underscores, bad labels and bad addresses do not.
TEST(HostList, ValidatesHostNames) {
    for (const char* good : {"eu1.example.net", "localhost", "127.0.0.2", "a-b.c", "EU1.Example.NET"})
        EXPECT_TRUE(deploy::isValidHostName(good)) << good;
    for (const char* bad : {"", "eu1 .example.net", "eu_1.example.net", "-eu.example.net", "eu-.net", "a..b",
                            "999.1.1.1", "1.2.3", "http://eu1", "eu1:4222", "[::1]"})
        EXPECT_FALSE(deploy::isValidHostName(bad)) << bad;
}

// Every region must get exactly one valid host; each mistake is a usage error naming the entry.
TEST(HostList, ReportsEveryKindOfMistake) {
    const std::vector<std::string> ids{"eu-west-1", "us-east-1"};
    EXPECT_EQ(deploy::parseHostList("eu=h1,us-east-1=h2", ids), (std::vector<std::string>{"h1", "h2"}));
    const auto message = [&](const std::string& text) {
        try {
            deploy::parseHostList(text, ids);
        } catch (const CommandError& e) {
            EXPECT_EQ(e.code, kUsageError);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message("eu=h1").find("missing: us-east-1 (us=HOST)"), std::string::npos) << message("eu=h1");
    EXPECT_NE(message("eu=h1,us").find("has no '='"), std::string::npos);
    EXPECT_NE(message("eu=h1,us=h2,ap=h3").find("\"ap\" is not one of the regions"), std::string::npos);
    EXPECT_NE(message("eu=h1,eu-west-1=h2,us=h3").find("given twice"), std::string::npos);
    EXPECT_NE(message("eu=,us=h2").find("no host for eu"), std::string::npos);
    EXPECT_NE(message("eu=bad_host,us=h2").find("\"bad_host\" (for eu) is not a valid host name"),
              std::string::npos);
}

// --nats-cluster: each region's config lists its own server first, then the others, with 3 replicas.
TEST_F(Deployment, ClusterNodeConfigsListTheirOwnServerFirst) {
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto us = load("us-east-1");
    EXPECT_EQ(us.eventbus.url,
              "nats://us1.example.net:4223,nats://ap1.example.net:4224,nats://eu1.example.net:4222");
    EXPECT_EQ(us.eventbus.replicas, 3);
    EXPECT_EQ(us.server.host, "0.0.0.0");
    EXPECT_EQ(us.server.rest_port, 8089);
    EXPECT_EQ(us.storage.data_dir, (dir_ / "var" / "us-east-1").string());
    const auto conf = read("nats-us-east-1.conf");
    EXPECT_NE(conf.find("name: \"mmo\""), std::string::npos) << conf;
    EXPECT_NE(conf.find("\"nats-route://ap1.example.net:6224\""), std::string::npos) << conf;
    EXPECT_EQ(conf.find("gateway"), std::string::npos) << conf;
    for (const char* file : {"mmo-node@.service", "nats-server-ap-south-1.service", "README.txt"})
        EXPECT_TRUE(fs::exists(dir_ / "out" / file)) << file;
    // The routes cross hosts here: README opens them; every node config says the replicas (issue 20 item 4).
    const auto readme = read("README.txt");
    EXPECT_NE(readme.find("open to the other hosts: tcp 4223 (NATS clients), tcp 6223 (NATS routes)\n"),
              std::string::npos)
        << readme;
    EXPECT_EQ(readme.find("keep closed"), std::string::npos) << readme;
    EXPECT_NE(readme.find("(eventbus.replicas: 3 in every node config)"), std::string::npos) << readme;
    for (const char* region : {"eu-west-1", "us-east-1", "ap-south-1"})
        EXPECT_NE(read(std::string("config-") + region + ".yml").find("  replicas: 3\n"), std::string::npos)
            << region;
}

// --nats-supercluster: a cluster per region named after it, gateways to the others, R1 stream.
TEST_F(Deployment, SuperclusterJoinsRegionClustersByGateways) {
    options_.natsSupercluster = true;
    options_.portOffset = "100";
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(load("eu-west-1").eventbus.replicas, 1);
    EXPECT_EQ(load("eu-west-1").server.tcp_port, 7877);
    const auto conf = read("nats-eu-west-1.conf");
    EXPECT_NE(conf.find("cluster {\n  name: \"eu-west-1\""), std::string::npos) << conf;
    EXPECT_NE(conf.find("{name: \"us-east-1\", urls: [\"nats://us1.example.net:7323\"]}"), std::string::npos)
        << conf;
    EXPECT_NE(conf.find("listen: \"0.0.0.0:4322\""), std::string::npos) << conf;
    const auto unit = read("nats-server-eu-west-1.service");
    EXPECT_NE(unit.find("ExecStart=/usr/sbin/nats-server -c /etc/mmo/nats-eu-west-1.conf"),
              std::string::npos);
    EXPECT_NE(unit.find("User=mmo"), std::string::npos);
    EXPECT_NE(unit.find("Restart=on-failure"), std::string::npos);
    EXPECT_NE(read("README.txt").find("Host us1.example.net: region us-east-1"), std::string::npos);
    // Only the gateways carry traffic between hosts: the route port (to the server itself) stays closed, and
    // the node configs set no eventbus.replicas (R1, the default), as README.txt and deploy.md say.
    const auto readme = read("README.txt");
    EXPECT_NE(
        readme.find("  open to the other hosts: tcp 4323 (NATS clients), tcp 7323 (NATS gateways)\n"
                    "  keep closed to the other hosts: tcp 6323 (NATS routes: this cluster's only route "
                    "points at this server)\n"),
        std::string::npos)
        << readme;
    EXPECT_EQ(readme.find("(NATS routes)"), std::string::npos) << readme;
    EXPECT_NE(readme.find("node configs set no eventbus.replicas, 1 is the default"), std::string::npos)
        << readme;
    for (const char* region : {"eu-west-1", "us-east-1", "ap-south-1"})
        EXPECT_EQ(read(std::string("config-") + region + ".yml").find("replicas"), std::string::npos)
            << region;
}

// --help says what a bare --nats-cluster does ("[N]": 3 servers, or one per region with --hosts), not
// "INT=0".
TEST(ConfigGenerateHelp, NatsClusterTakesAnOptionalNumber) {
    CLI::App config("config");
    ConfigGenerateOptions options;
    int exitCode = 0;
    setupConfigGenerate(config, options, exitCode);
    const auto help = config.get_subcommand("generate")->help();
    EXPECT_NE(help.find("--nats-cluster [N] "), std::string::npos) << help;
    EXPECT_NE(help.find("3 without a value"), std::string::npos) << help;
    EXPECT_EQ(help.find("INT=0"), std::string::npos) << help;
}

// Bad --hosts, a --nats-cluster size that does not match the hosts, and relative paths: exit 2, no files.
TEST_F(Deployment, BadInputWritesNothing) {
    options_.hosts = "eu=eu1.example.net,us=us1.example.net";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.hosts = "eu=eu1.example.net,us=us 1,ap=ap1.example.net";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.hosts = "eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net";
    options_.natsCluster = 5;
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.natsCluster = -1;
    options_.prefix = "usr/local";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    EXPECT_FALSE(fs::exists(dir_ / "out"));
}

// A local --nats-cluster 3 plan: region i gets server i first and 3 replicas; one server writes no key.
TEST_F(Deployment, LocalClusterConfigs) {
    options_.hosts.clear();
    options_.natsCluster = 0;  // given without a value: 3 servers
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(load("ap-south-1").eventbus.url,
              "nats://127.0.0.1:4224,nats://127.0.0.1:4222,nats://127.0.0.1:4223");
    EXPECT_EQ(load("ap-south-1").eventbus.replicas, 3);
    options_.natsCluster = -1;
    options_.force = true;
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(read("config-eu-west-1.yml").find("replicas"), std::string::npos);
}

// Server i of a cluster gets 4222+i, 8222+i, 6222+i (and gateway 7222+i), all shifted by the offset.
TEST(NatsClusterPorts, ServerIndexAndOffsetShiftEveryPort) {
    const auto p = regions::natsPorts(10, 2);
    EXPECT_EQ(p.client, 4234);
    EXPECT_EQ(p.monitoring, 8234);
    EXPECT_EQ(p.cluster, 6234);
    EXPECT_EQ(p.gateway, 7234);
    const auto uses = regions::plannedPorts({"eu-west-1", "us-east-1", "ap-south-1"}, 0, true, 3);
    EXPECT_EQ(uses.size(), 9u + 12u);
    EXPECT_TRUE(regions::findCollisions(uses).empty());
    EXPECT_EQ(uses[5].owner, "nats-1 cluster");
    EXPECT_EQ(localNatsUrls(0, 3, 1), "nats://127.0.0.1:4223,nats://127.0.0.1:4224,nats://127.0.0.1:4222");
    EXPECT_EQ(streamReplicas(5), 3);
    EXPECT_EQ(streamReplicas(2), 2);
    EXPECT_TRUE(isNatsProcessName("nats-12"));
    EXPECT_FALSE(isNatsProcessName("nats-eu"));
}

// The state of a cluster keeps `nats` readable as before and adds the other servers; a file without
// them (written before clusters) still reads.
TEST(ClusterState, PeersRoundTripAndOldFilesRead) {
    const auto dir = fs::temp_directory_path() / ("mmoctl-state-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    SetState state;
    state.stateDir = dir.string();
    state.nats.process = {"nats-0", 11, "/usr/sbin/nats-server", "/l/nats-0.log"};
    state.nats.url = "nats://127.0.0.1:4222,nats://127.0.0.1:4223";
    state.nats.clusterPort = 6222;
    NatsRecord peer;
    peer.process = {"nats-1", 12, "/usr/sbin/nats-server", "/l/nats-1.log"};
    peer.clientPort = 4223;
    peer.clusterPort = 6223;
    state.natsPeers.push_back(peer);
    writeState(state);
    const auto back = readState(dir);
    ASSERT_TRUE(back);
    ASSERT_EQ(managedNatsServers(*back).size(), 2u);
    EXPECT_EQ(findNatsServer(*back, "nats-1")->clusterPort, 6223);
    EXPECT_EQ(back->nats.url, state.nats.url);

    std::ofstream(stateFilePath(dir))
        << R"({"version":1,"state_dir":")" << dir.string()
        << R"(","port_offset":0,"supervisor_pid":0,"nats":{"process":{"name":"nats","pid":5,"binary":"/b",)"
        << R"("log_file":"/l"},"url":"nats://127.0.0.1:4222","client_port":4222,"monitor_port":8222,)"
        << R"("store_dir":"/s"},"regions":[]})";
    const auto old = readState(dir);
    ASSERT_TRUE(old);
    EXPECT_TRUE(old->natsPeers.empty());
    EXPECT_EQ(old->nats.clusterPort, 0);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace mmo::cli
