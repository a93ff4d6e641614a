#include "node/app/ListenFailure.hpp"

#include <cerrno>

#include "common/config/ConfigLoader.hpp"

namespace mmo::node {

namespace {

// The environment name users know for a key: the guide's alias when there is one (GAME_REST_PORT).
std::string preferredEnvName(const std::string& key) {
    const auto names = config::envNamesFor(key);
    return names.empty() ? std::string() : names.back();
}

std::string whereToSet(const std::string& key) {
    return key + " in the config file or " + preferredEnvName(key) + " in the environment";
}

}  // namespace

ListenFailure::ListenFailure(std::string service, std::string portKey, net::BindError cause)
    : std::runtime_error("Failed to start " + service + ": " + cause.goStyleMessage()),
      service_(std::move(service)),
      portKey_(std::move(portKey)),
      cause_(std::move(cause)) {}

std::string ListenFailure::message() const {
    return "❌ " + std::string(what());
}

std::string ListenFailure::hint() const {
    const auto protocol = std::string(net::transportName(cause_.transport()));
    const auto port = std::to_string(cause_.port());
    const auto& error = cause_.error();
    if (error == std::errc::address_in_use)
        return "hint: another process holds " + protocol + " port " + port + "; set " + whereToSet(portKey_) +
               " (0 lets the OS pick)";
    if (error == std::errc::permission_denied || error == std::errc::operation_not_permitted)
        return "hint: ports below 1024 need root or CAP_NET_BIND_SERVICE; set " + whereToSet(portKey_) +
               " to 1024 or above (0 lets the OS pick)";
    const bool lookupFailed = cause_.operation().rfind("lookup", 0) == 0;
    if (lookupFailed || error == std::errc::address_not_available ||
        error == std::errc::address_family_not_supported)
        return "hint: server.host \"" + cause_.host() + "\" is not an address of this machine; set " +
               whereToSet("server.host") + " (0.0.0.0 listens on every interface)";
    return "hint: check " + whereToSet("server.host") + " and " + whereToSet(portKey_);
}

}  // namespace mmo::node
