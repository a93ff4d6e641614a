#include "tests/support/NatsClusterProcess.hpp"

#include <random>
#include <regex>
#include <set>
#include <stdexcept>

#include "tests/support/HeldPort.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {

namespace {
constexpr auto kFormTimeout = std::chrono::seconds(30);

// A port nothing listens on now, below the kernel's ephemeral range (32768+) so that no test binding
// port 0 can be given it between this check and nats-server binding it. Every server's routes must be
// known before any starts, so the OS cannot pick these.
int freePort(std::set<int>& taken) {
    static std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<int> pick(20000, 32000);
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const int port = pick(random);
        if (taken.count(port) != 0) continue;
        try {
            HeldPort probe(HeldPort::Kind::Tcp, static_cast<std::uint16_t>(port));
        } catch (const std::runtime_error&) {
            continue;
        }
        taken.insert(port);
        return port;
    }
    throw std::runtime_error("no free port between 20000 and 32000");
}

std::string routeUrl(int port) {
    return "nats://127.0.0.1:" + std::to_string(port);
}
}  // namespace

NatsClusterProcess::NatsClusterProcess(const std::filesystem::path& dir, int size) {
    std::filesystem::create_directories(dir);
    std::set<int> taken;
    struct Ports {
        int client, route, monitor;
    };
    std::vector<Ports> ports;
    for (int i = 0; i < size; ++i) ports.push_back({freePort(taken), freePort(taken), freePort(taken)});
    for (int i = 0; i < size; ++i) {
        std::string routes;
        for (int j = 0; j < size; ++j)
            if (j != i) routes += (routes.empty() ? "" : ",") + routeUrl(ports[j].route);
        NatsServerOptions options;
        options.clientPort = ports[i].client;
        options.monitorPort = ports[i].monitor;
        options.name = name(i);
        options.extraArgs = {"-n",       name(i),     "--cluster_name",
                             "mmo-test", "--cluster", routeUrl(ports[i].route),
                             "--routes", routes};
        servers_.push_back(std::make_unique<NatsServerProcess>(dir / name(i), dir, options));
    }
    if (!waitHealthy(kFormTimeout)) throw std::runtime_error("the NATS cluster did not form:\n" + logs());
}

NatsClusterProcess::~NatsClusterProcess() = default;

std::string NatsClusterProcess::urlListFrom(int i) const {
    std::string list = url(i);
    for (int j = 0; j < size(); ++j)
        if (j != i) list += "," + url(j);
    return list;
}

int NatsClusterProcess::indexOf(const std::string& nameOrUrl) const {
    for (int i = 0; i < size(); ++i)
        if (nameOrUrl == name(i) || nameOrUrl == url(i)) return i;
    return -1;
}

bool NatsClusterProcess::healthy(int i) {
    const auto response = httpGet(static_cast<std::uint16_t>(servers_.at(i)->monitorPort()), "/healthz");
    return response.status == 200 && response.body.find("\"ok\"") != std::string::npos;
}

bool NatsClusterProcess::waitServing(int i, std::chrono::milliseconds timeout) {
    const auto port = static_cast<std::uint16_t>(servers_.at(i)->monitorPort());
    return waitUntil(
        [&] {
            const auto response = httpGet(port, "/healthz?js-server-only=true");
            return response.status == 200 && response.body.find("\"ok\"") != std::string::npos;
        },
        timeout);
}

bool NatsClusterProcess::waitHealthy(std::chrono::milliseconds timeout) {
    return waitUntil(
        [&] {
            for (int i = 0; i < size(); ++i)
                if (servers_[i]->running() && !healthy(i)) return false;
            return true;
        },
        timeout);
}

int NatsClusterProcess::routes(int i) {
    const auto response = httpGet(static_cast<std::uint16_t>(servers_.at(i)->monitorPort()), "/routez");
    static const std::regex count(R"("num_routes":\s*(\d+))");
    std::smatch match;
    if (response.status != 200 || !std::regex_search(response.body, match, count)) return -1;
    return std::stoi(match[1].str());
}

void NatsClusterProcess::kill(int i) {
    servers_.at(i)->kill();
}

void NatsClusterProcess::restart(int i) {
    servers_.at(i)->restart();
}

std::string NatsClusterProcess::logs() {
    std::string text;
    for (int i = 0; i < size(); ++i)
        text += "--- " + name(i) + " ---\n" + servers_[i]->process().stderrText() + "\n";
    return text;
}

}  // namespace mmo::test
