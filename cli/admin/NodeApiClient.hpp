#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "common/http/HttpClient.hpp"

// The few REST calls mmoctl makes to a node (docs/rest-api.md), on 127.0.0.1 or the host of a --nodes URL.
namespace mmo::cli {

// The node answered with an error status: {"error":{"code","message"}}.
class NodeApiError : public std::runtime_error {
  public:
    NodeApiError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

  private:
    int status_;
    std::string code_;
};

struct AcceptedEvent {
    std::string eventId;
    std::string eventType;
    std::uint64_t hlc = 0;
    std::uint64_t changes = 0;
    std::string status;
};

// The node's answer as a JSON object when its status is `expected`; otherwise NodeApiError with the
// node's error code and message (`what` names the call in messages).
boost::json::object expectNodeAnswer(const http_client::HttpResponse& response, int expected,
                                     const std::string& what);

class NodeApiClient {
  public:
    NodeApiClient(int restPort, std::chrono::milliseconds timeout)
        : NodeApiClient("127.0.0.1", restPort, timeout) {}
    NodeApiClient(std::string host, int restPort, std::chrono::milliseconds timeout)
        : host_(std::move(host)), port_(restPort), timeout_(timeout) {}

    // POST /api/auth/login; returns the bearer token. Throws NodeApiError, http_client::HttpClientError.
    std::string login(const std::string& username, const std::string& password) const;

    // POST /api/admin/events/send with {"event_type", "data"}; `dataJson` is a JSON object's text.
    AcceptedEvent sendEvent(const std::string& token, const std::string& type,
                            const std::string& dataJson) const;

    // GET /api/world/block?x=&y=: the block's hybrid-clock time (0 for a block never set).
    std::uint64_t blockHlc(std::int64_t x, std::int64_t y) const;

  private:
    std::string host_;
    int port_;
    std::chrono::milliseconds timeout_;
};

}  // namespace mmo::cli
