#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/NetworkNamespace.hpp"

namespace mmo::test {

// How the link of each host to the bridge is shaped (tbf on both ends); an empty rate leaves it unshaped.
struct LinkShape {
    std::string rate = "100mbit";  // tc's rate syntax
    std::string burst = "128kb";
    std::string latency = "50ms";  // tbf's queue bound, not a delay
};

// A private network of "hosts", one network namespace each, every host's veth plugged into one bridge in
// the root namespace, addresses 10.200.N.1, .2, ... on a /24 no route of this machine uses (the bridge is
// .254). Names start with "mmh<pid>", so a later run removes what a crashed one left (removeStale). The
// destructor kills every process in the namespaces and deletes namespaces, veths and the bridge, also
// when the test failed or threw.
class TestNetwork {
  public:
    explicit TestNetwork(const std::vector<std::string>& hosts, const LinkShape& shape = {});
    ~TestNetwork();
    TestNetwork(const TestNetwork&) = delete;
    TestNetwork& operator=(const TestNetwork&) = delete;

    // The host's namespace (throws std::out_of_range for an unknown host).
    const netns::NetworkNamespace& host(const std::string& name) const;
    // The host's IPv4 address on the bridge.
    const std::string& address(const std::string& name) const;
    const std::string& subnet() const { return subnet_; }

    // The prefix of every name this class creates ("mmh").
    static const char* namePrefix() { return "mmh"; }

  private:
    void createBridge();
    void addHost(const std::string& name, int index, const LinkShape& shape);

    std::string tag_;     // mmh<pid>
    std::string subnet_;  // 10.200.N
    std::string bridge_;
    bool bridgeUp_ = false;
    std::vector<std::string> veths_;  // the bridge side of each host's pair
    std::map<std::string, std::unique_ptr<netns::NetworkNamespace>> hosts_;
    std::map<std::string, std::string> addresses_;
};

}  // namespace mmo::test
