#pragma once

#include <chrono>
#include <functional>

namespace mmo::auth {

// Wall-clock source injected into the auth core, so token expiry and throttling are tested without
// sleeping. JWT iat/exp are wall-clock seconds, hence system_clock.
using Clock = std::function<std::chrono::system_clock::time_point()>;

}  // namespace mmo::auth
