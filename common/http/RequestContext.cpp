#include "common/http/HttpTypes.hpp"

namespace mmo::http {

bool RequestContext::remoteIsLoopback() const {
    if (remote.is_v4()) return remote.to_v4().is_loopback();
    if (!remote.is_v6()) return false;
    const auto v6 = remote.to_v6();
    if (v6.is_loopback()) return true;
    return v6.is_v4_mapped() &&
           boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
}

}  // namespace mmo::http
