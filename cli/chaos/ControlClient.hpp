#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "cli/commands/ChaosTarget.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli::chaos {

// Talks to a chaos proxy's control API (ControlApi.hpp) for `mmoctl chaos status|set|partition|heal`.
class ControlClient {
  public:
    // The proxy at target.control ("http://127.0.0.1:9222", "127.0.0.1:9222" or "9222") when given, else
    // the one of the running set in target.stateDir; with the token of target.tokenFile, else of
    // <state>/chaos.token (none for --control without --token-file: the proxy then answers 401). Throws
    // CommandError: 2 for a malformed URL, 3 when there is no set, the set has no proxy or its token file
    // cannot be read, 5 when that file is a symlink or another user's.
    static ControlClient locate(const ChaosTarget& target);

    ControlClient(std::string host, std::uint16_t port, std::string origin, std::string token = "");

    // GET or POST (a JSON body) and the JSON object answered. Throws CommandError: 3 when the proxy
    // cannot be reached, 2 when it refuses the request (unknown region, bad value) with its message.
    boost::json::object get(const std::string& target) const;
    boost::json::object post(const std::string& target, const boost::json::object& body) const;

    // "the chaos proxy of the set in DIR (http://127.0.0.1:9222)" or "the chaos proxy at http://..."
    const std::string& origin() const { return origin_; }

  private:
    http_client::HttpRequestOptions requestOptions() const;
    boost::json::object answer(int status, const std::string& body) const;

    std::string host_;
    std::uint16_t port_;
    std::string origin_;
    std::string token_;  // sent as Authorization: Bearer <token>
};

}  // namespace mmo::cli::chaos
