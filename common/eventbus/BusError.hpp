#pragma once

#include <nats/nats.h>

#include <stdexcept>
#include <string>

namespace mmo::eventbus {

// A failed NATS or JetStream call: what we tried, the nats.c status and, for JetStream API errors,
// the server's error code.
class BusError : public std::runtime_error {
  public:
    BusError(const std::string& what, natsStatus status, int jsErrorCode = 0);
    natsStatus status() const { return status_; }
    int jsErrorCode() const { return jsErrorCode_; }
    // True for failures that go away by themselves (timeouts, no connection, no responders).
    bool transient() const;

  private:
    natsStatus status_;
    int jsErrorCode_;
};

// The first connection to NATS failed; what() is the guide's wording: "nats connect: connection refused".
class ConnectError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws BusError when status is not NATS_OK.
void check(natsStatus status, const std::string& what, jsErrCode jsErr = static_cast<jsErrCode>(0));

}  // namespace mmo::eventbus
