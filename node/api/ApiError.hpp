#pragma once

#include "common/http/HttpError.hpp"

namespace mmo::api {

// A request the REST API refuses (status, JSON error code, message). Handlers throw it and the router answers
// it (common/http/HttpError.hpp); toResponse (ErrorMapping.hpp) builds the same answer where a handler runs
// off the router's call, on a worker thread.
using ApiError = http::HttpError;

}  // namespace mmo::api
