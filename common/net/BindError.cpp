#include "common/net/BindError.hpp"

#include <cctype>

namespace mmo::net {

BindError::BindError(Transport transport, std::string host, std::uint16_t port, std::string operation,
                     std::error_code error)
    : std::runtime_error("listen " + std::string(transportName(transport)) + " " +
                         goListenAddress(host, port) + ": " + operation + ": " + lowerCaseErrorText(error)),
      transport_(transport),
      host_(std::move(host)),
      port_(port),
      operation_(std::move(operation)),
      error_(error) {}

std::string BindError::goStyleMessage() const {
    return what();
}

const char* transportName(Transport transport) {
    return transport == Transport::Tcp ? "tcp" : "udp";
}

std::string goListenAddress(const std::string& host, std::uint16_t port) {
    const auto portText = std::to_string(port);
    if (host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]") return ":" + portText;
    if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]:" + portText;
    return host + ":" + portText;
}

std::string lowerCaseErrorText(const std::error_code& error) {
    auto text = error.message();
    // strerror capitalises the first word ("Address already in use"); Go and the guide do not.
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) &&
        std::islower(static_cast<unsigned char>(text[1])))
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

}  // namespace mmo::net
