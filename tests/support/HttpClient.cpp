#include "tests/support/HttpClient.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace mmo::test {

HttpResult parseHttpResponse(const std::string& raw) {
    HttpResult result;
    result.raw = raw;
    const auto headerEnd = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/", 0) != 0 || headerEnd == std::string::npos) return result;
    const auto space = raw.find(' ');
    result.status = std::stoi(raw.substr(space + 1, 3));
    std::size_t line = raw.find("\r\n") + 2;
    while (line < headerEnd) {
        const auto end = raw.find("\r\n", line);
        const auto text = raw.substr(line, end - line);
        const auto colon = text.find(':');
        if (colon != std::string::npos) {
            auto name = text.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            auto value = text.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            result.headers[name] = value;
        }
        line = end + 2;
    }
    result.body = raw.substr(headerEnd + 4);
    return result;
}

HttpResult rawHttpExchange(std::uint16_t port, const std::string& request,
                           std::chrono::milliseconds timeout) {
    return rawHttpExchangeInPieces(port, {request}, RawSendOptions{.timeout = timeout});
}

HttpResult rawHttpExchangeInPieces(std::uint16_t port, const std::vector<std::string>& pieces,
                                   const RawSendOptions& options) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return {};
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(options.timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((options.timeout.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int noDelay = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    std::string received;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            if (i > 0) std::this_thread::sleep_for(options.pauseBetweenPieces);
            const std::string& piece = pieces[i];
            std::size_t sent = 0;
            while (sent < piece.size()) {
                const auto n = ::send(fd, piece.data() + sent, piece.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) break;
                sent += static_cast<std::size_t>(n);
            }
        }
        if (options.halfCloseAfterSending) ::shutdown(fd, SHUT_WR);
        char buffer[4096];
        while (true) {
            const auto n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;  // closed, reset, or timed out
            received.append(buffer, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return parseHttpResponse(received);
}

HttpResult httpGet(std::uint16_t port, const std::string& path) {
    return rawHttpExchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

HttpResult httpRequest(const std::string& method, std::uint16_t port, const std::string& path,
                       const std::string& body, const HttpHeaders& headers) {
    const bool sendsBody = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    bool hasContentType = false;
    for (const auto& [name, value] : headers) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        hasContentType = hasContentType || lower == "content-type";
        request += name + ": " + value + "\r\n";
    }
    if (sendsBody) {
        if (!hasContentType) request += "Content-Type: application/json\r\n";
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    return rawHttpExchange(port, request);
}

HttpResult httpPost(std::uint16_t port, const std::string& path, const std::string& body,
                    const HttpHeaders& headers) {
    return httpRequest("POST", port, path, body, headers);
}

}  // namespace mmo::test
