#include <gtest/gtest.h>

#include "common/http/RequestFraming.hpp"

namespace mmo::http {
namespace {

namespace beasthttp = boost::beast::http;

Request post(unsigned version) {
    return Request{beasthttp::verb::post, "/x", version};
}

// A plain Content-Length request passes.
TEST(RequestFramingTest, ContentLengthAlonePasses) {
    auto request = post(11);
    request.set(beasthttp::field::content_length, "3");
    EXPECT_FALSE(checkRequestFraming(request));
}

// Chunked HTTP/1.1 passes.
TEST(RequestFramingTest, ChunkedHttp11Passes) {
    auto request = post(11);
    request.set(beasthttp::field::transfer_encoding, "chunked");
    EXPECT_FALSE(checkRequestFraming(request));
}

// Transfer-Encoding together with Content-Length is refused.
TEST(RequestFramingTest, BothTransferEncodingAndContentLengthRefused) {
    auto request = post(11);
    request.set(beasthttp::field::transfer_encoding, "chunked");
    request.set(beasthttp::field::content_length, "3");
    EXPECT_TRUE(checkRequestFraming(request));
}

// HTTP/1.0 has no chunked coding.
TEST(RequestFramingTest, ChunkedHttp10Refused) {
    auto request = post(10);
    request.set(beasthttp::field::transfer_encoding, "chunked");
    EXPECT_TRUE(checkRequestFraming(request));
}

// A transfer coding that does not end with chunked cannot be delimited.
TEST(RequestFramingTest, NonChunkedTransferEncodingRefused) {
    auto request = post(11);
    request.set(beasthttp::field::transfer_encoding, "gzip");
    EXPECT_TRUE(checkRequestFraming(request));
}

}  // namespace
}  // namespace mmo::http
