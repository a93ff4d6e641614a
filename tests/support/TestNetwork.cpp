#include "tests/support/TestNetwork.hpp"

#include <unistd.h>

#include <stdexcept>

namespace mmo::test {

namespace {

// A 10.200.N.0/24 that no route of this machine mentions, starting from one picked by the process id so
// concurrent runs rarely try the same one.
std::string freeSubnet() {
    const auto routes = netns::runOrThrow({"ip", "-4", "route", "show", "table", "all"}) +
                        netns::runOrThrow({"ip", "-4", "-o", "addr", "show"});
    const int start = static_cast<int>(::getpid() % 250);
    for (int i = 0; i < 250; ++i) {
        const auto subnet = "10.200." + std::to_string((start + i) % 250 + 1);
        if (routes.find(subnet + ".") == std::string::npos) return subnet;
    }
    throw std::runtime_error("no free /24 in 10.200.0.0/16 for the test network");
}

}  // namespace

TestNetwork::TestNetwork(const std::vector<std::string>& hosts, const LinkShape& shape)
    : tag_(std::string(namePrefix()) + std::to_string(::getpid())) {
    netns::removeStale(namePrefix());
    subnet_ = freeSubnet();
    try {
        createBridge();
        for (std::size_t i = 0; i < hosts.size(); ++i) addHost(hosts[i], static_cast<int>(i) + 1, shape);
    } catch (...) {
        hosts_.clear();
        for (const auto& veth : veths_) netns::runQuietly({"ip", "link", "del", veth});
        if (bridgeUp_) netns::runQuietly({"ip", "link", "del", bridge_});
        throw;
    }
}

TestNetwork::~TestNetwork() {
    for (auto& [name, ns] : hosts_) ns->killAll();
    hosts_.clear();  // deletes each namespace, and with it the veth pair
    for (const auto& veth : veths_) netns::runQuietly({"ip", "link", "del", veth});  // normally gone already
    if (bridgeUp_) netns::runQuietly({"ip", "link", "del", bridge_});
}

void TestNetwork::createBridge() {
    bridge_ = tag_ + "br";
    netns::runOrThrow({"ip", "link", "add", bridge_, "type", "bridge"});
    bridgeUp_ = true;
    netns::runOrThrow({"ip", "addr", "add", subnet_ + ".254/24", "dev", bridge_});
    netns::runOrThrow({"ip", "link", "set", bridge_, "up"});
}

void TestNetwork::addHost(const std::string& name, int index, const LinkShape& shape) {
    hosts_[name] = std::make_unique<netns::NetworkNamespace>(tag_ + "-" + name);
    const auto& ns = hosts_[name];
    const auto outer = tag_ + "v" + std::to_string(index);
    const auto inner = tag_ + "p" + std::to_string(index);
    const auto address = subnet_ + "." + std::to_string(index);
    netns::runOrThrow({"ip", "link", "add", outer, "type", "veth", "peer", "name", inner});
    veths_.push_back(outer);
    netns::runOrThrow({"ip", "link", "set", inner, "netns", ns->name(), "name", "eth0"});
    netns::runOrThrow({"ip", "link", "set", outer, "master", bridge_, "up"});
    netns::runOrThrow({"ip", "-n", ns->name(), "addr", "add", address + "/24", "dev", "eth0"});
    netns::runOrThrow({"ip", "-n", ns->name(), "link", "set", "eth0", "up"});
    if (!shape.rate.empty()) {
        const std::vector<std::string> tbf{"root",  "tbf",       "rate",    shape.rate,
                                           "burst", shape.burst, "latency", shape.latency};
        auto toHost = std::vector<std::string>{"tc", "qdisc", "add", "dev", outer};
        toHost.insert(toHost.end(), tbf.begin(), tbf.end());
        netns::runOrThrow(toHost);
        auto fromHost =
            std::vector<std::string>{"ip", "netns", "exec", ns->name(), "tc", "qdisc", "add", "dev", "eth0"};
        fromHost.insert(fromHost.end(), tbf.begin(), tbf.end());
        netns::runOrThrow(fromHost);
    }
    addresses_[name] = address;
}

const netns::NetworkNamespace& TestNetwork::host(const std::string& name) const {
    return *hosts_.at(name);
}

const std::string& TestNetwork::address(const std::string& name) const {
    return addresses_.at(name);
}

}  // namespace mmo::test
