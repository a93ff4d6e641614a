#include "cli/supervisor/PrometheusProcess.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/supervisor/BinaryResolver.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

int kernelPickedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

}  // namespace

std::optional<fs::path> findPrometheus(const std::string& explicitPath) {
    if (!explicitPath.empty())
        return searchDirs(fs::path(explicitPath).filename().string(),
                          fs::path(explicitPath).parent_path().string());
    const char* path = std::getenv("PATH");
    if (auto found = searchDirs("prometheus", path ? path : "")) return found;
    return searchDirs("prometheus", "/usr/bin");
}

int choosePrometheusPort() {
    return kernelPickedPort();
}

PrometheusRecord planPrometheus(const fs::path& stateDir, const fs::path& binary, int port) {
    PrometheusRecord p;
    const auto dir = stateDir / "prometheus";
    p.process = {kPrometheusProcessName, 0, binary.string(),
                 (stateDir / "logs" / (std::string(kPrometheusProcessName) + ".log")).string()};
    p.port = port;
    p.configFile = (dir / "prometheus.yml").string();
    p.rulesFile = (dir / "mmo-rules.yml").string();
    p.dataDir = (dir / "data").string();
    return p;
}

LaunchSpec prometheusLaunch(const PrometheusRecord& record, bool detached, const std::string& bind) {
    LaunchSpec spec;
    spec.name = record.process.name;
    spec.binary = record.process.binary;
    spec.args = {"--config.file=" + record.configFile, "--storage.tsdb.path=" + record.dataDir,
                 "--web.listen-address=" + bind + ":" + std::to_string(record.port)};
    spec.logFile = record.process.logFile;
    spec.detached = detached;
    return spec;
}

}  // namespace mmo::cli
