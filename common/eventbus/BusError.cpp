#include "common/eventbus/BusError.hpp"

namespace mmo::eventbus {

namespace {
std::string describe(const std::string& what, natsStatus status, int jsErrorCode) {
    std::string text = what + ": " + natsStatus_GetText(status);
    if (jsErrorCode != 0) text += " (JetStream error " + std::to_string(jsErrorCode) + ")";
    const char* last = nats_GetLastError(nullptr);
    if (last && *last && status != NATS_TIMEOUT) text += " [" + std::string(last) + "]";
    return text;
}
}  // namespace

BusError::BusError(const std::string& what, natsStatus status, int jsErrorCode)
    : std::runtime_error(describe(what, status, jsErrorCode)), status_(status), jsErrorCode_(jsErrorCode) {}

bool BusError::transient() const {
    switch (status_) {
        case NATS_TIMEOUT:
        case NATS_NO_RESPONDERS:
        case NATS_CONNECTION_CLOSED:
        case NATS_CONNECTION_DISCONNECTED:
        case NATS_NO_SERVER:
        case NATS_NOT_YET_CONNECTED:
        case NATS_STALE_CONNECTION:
        case NATS_IO_ERROR:
            return true;
        default:
            return false;
    }
}

void check(natsStatus status, const std::string& what, jsErrCode jsErr) {
    if (status != NATS_OK) throw BusError(what, status, static_cast<int>(jsErr));
}

}  // namespace mmo::eventbus
