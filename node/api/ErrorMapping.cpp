#include "node/api/ErrorMapping.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <string>

#include "common/http/Responses.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

http::Response toResponse(const ApiError& error) {
    return http::errorResponse(error.status(), error.code(), error.what());
}

http::Response toResponse(const auth::LoginError& error) {
    auto response = http::errorResponse(static_cast<beasthttp::status>(auth::httpStatus(error.code)),
                                        auth::toString(error.code), error.message);
    if (error.code == auth::LoginErrorCode::Throttled)
        response.set(beasthttp::field::retry_after,
                     std::to_string(std::max<long long>(1, error.retry_after.count())));
    return response;
}

http::Response toResponse(const auth::AuthzError& error) {
    auto response = http::errorResponse(static_cast<beasthttp::status>(auth::httpStatus(error.code)),
                                        auth::toString(error.code), error.message);
    if (error.code == auth::AuthzErrorCode::Unauthenticated)
        response.set(beasthttp::field::www_authenticate, "Bearer");
    return response;
}

}  // namespace mmo::api
