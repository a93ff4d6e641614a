#include "tests/support/Waiting.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(kPollInterval);
    }
}

bool waitForFileContains(const std::filesystem::path& file, const std::string& needle,
                         std::chrono::milliseconds timeout) {
    return waitUntil([&] { return readFile(file).find(needle) != std::string::npos; }, timeout);
}

bool tcpPortAccepts(const std::string& host, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

bool waitForTcpPort(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout) {
    return waitUntil([&] { return tcpPortAccepts(host, port); }, timeout);
}

}  // namespace mmo::test
