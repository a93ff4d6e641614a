// RequestReader: the bytes of one connection give the same requests and the same refusal whatever reads
// they arrive in. Each case is read whole, a byte at a time, and cut into two reads at every position.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include "common/http/RequestReader.hpp"

namespace mmo::http {
namespace {

// What the reader made of a connection: one line per request ("GET /x body=N") or refusal
// ("431 header_too_large: ..."), then "closed" when the stream ended between requests.
using Outcome = std::vector<std::string>;

std::string describe(const RequestReader::Step& step) {
    if (const auto* request = std::get_if<Request>(&step))
        return std::string(request->method_string()) + " " + std::string(request->target()) +
               " body=" + std::to_string(request->body().size());
    if (const auto* refused = std::get_if<ReadRejection>(&step))
        return std::to_string(static_cast<unsigned>(refused->status)) + " " + refused->code + ": " +
               refused->message;
    return "closed";
}

// Reads `bytes` in reads that end at each of `cuts` (ascending) and at the end, then the end of stream.
Outcome readInPieces(const std::string& bytes, const HttpLimits& limits,
                     const std::vector<std::size_t>& cuts) {
    RequestReader reader(limits);
    std::vector<std::size_t> ends = cuts;
    ends.push_back(bytes.size());
    std::size_t at = 0;
    std::size_t nextEnd = 0;
    Outcome outcome;
    for (;;) {
        EXPECT_LE(reader.bufferedBytes(), RequestReader::bufferBound(limits));
        const auto step = reader.next();
        if (std::holds_alternative<RequestReader::NeedMore>(step)) {
            while (nextEnd < ends.size() && ends[nextEnd] <= at) ++nextEnd;
            if (nextEnd == ends.size()) {
                reader.endOfStream();
                continue;
            }
            // A read brings what the next cut allows, and no more than the reader has room for.
            const auto room = reader.prepareRead();
            const std::size_t n = std::min(room.size(), ends[nextEnd] - at);
            std::memcpy(room.data(), bytes.data() + at, n);
            reader.commitRead(n);
            at += n;
            continue;
        }
        outcome.push_back(describe(step));
        if (!std::holds_alternative<Request>(step)) return outcome;
    }
}

Outcome readWhole(const std::string& bytes, const HttpLimits& limits) {
    return readInPieces(bytes, limits, {});
}

// Every way of cutting the bytes into two reads, and one byte per read, gives the whole read's outcome.
void expectSameForEveryCut(const std::string& bytes, const HttpLimits& limits, const Outcome& expected) {
    ASSERT_EQ(readWhole(bytes, limits), expected);
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
        const auto outcome = readInPieces(bytes, limits, {cut});
        ASSERT_EQ(outcome, expected) << "cut after byte " << cut << " of " << bytes.size();
    }
    std::vector<std::size_t> everyByte(bytes.size());
    for (std::size_t i = 0; i < everyByte.size(); ++i) everyByte[i] = i + 1;
    EXPECT_EQ(readInPieces(bytes, limits, everyByte), expected) << "one byte per read";
}

// A GET whose header section (request line, headers, blank line) is exactly `size` bytes long.
std::string getWithHeaderSize(std::size_t size, const std::string& extra = "") {
    const std::string start = "GET /healthz HTTP/1.1\r\nHost: localhost:8088\r\n" + extra + "X-Pad: ";
    const std::string end = "\r\n\r\n";
    return start + std::string(size - start.size() - end.size(), 'a') + end;
}

std::string headerTooLarge(std::size_t limit) {
    return "431 header_too_large: request headers exceed " + std::to_string(limit) + " bytes";
}

std::string bodyTooLarge(std::size_t limit) {
    return "413 payload_too_large: request body exceeds " + std::to_string(limit) + " bytes";
}

// One byte under, exactly at and one byte over `limit`, each cut at every position: `make(size)` builds
// the request; the first two are read (`served(size)`), the third gets `refused`.
template <typename Make, typename Served>
void expectLimitBoundary(std::size_t limit, const HttpLimits& limits, Make make, Served served,
                         const std::string& refused) {
    for (const std::size_t size : {limit - 1, limit}) {
        SCOPED_TRACE("size " + std::to_string(size));
        expectSameForEveryCut(make(size), limits, served(size));
    }
    SCOPED_TRACE("size " + std::to_string(limit + 1));
    expectSameForEveryCut(make(limit + 1), limits, {refused});
}

// The request that made the fuzz smoke run fail: complete, 8,220 bytes, its header just past the
// default 8 KiB limit. It used to be refused or served depending on how TCP cut it.
TEST(RequestReaderTest, HeaderJustPastTheDefaultLimitIs431ForEveryCut) {
    const HttpLimits limits;
    const std::string request = getWithHeaderSize(8220);
    ASSERT_EQ(request.size(), 8220u);
    expectSameForEveryCut(request, limits, {headerTooLarge(8192)});
}

TEST(RequestReaderTest, HeaderLimitBoundaryAtTheDefaultLimit) {
    const HttpLimits limits;
    expectLimitBoundary(
        8192, limits, [](std::size_t size) { return getWithHeaderSize(size); },
        [](std::size_t) {
            return Outcome{"GET /healthz body=0", "closed"};
        },
        headerTooLarge(8192));
}

// The smallest limit the configuration allows, with a second request behind the first on the connection.
TEST(RequestReaderTest, HeaderLimitBoundaryWithAPipelinedRequest) {
    HttpLimits limits;
    limits.headerLimit = 1024;
    expectLimitBoundary(
        1024, limits,
        [](std::size_t size) { return getWithHeaderSize(size) + "GET /second HTTP/1.1\r\nHost: x\r\n\r\n"; },
        [](std::size_t) {
            return Outcome{"GET /healthz body=0", "GET /second body=0", "closed"};
        },
        headerTooLarge(1024));
}

// A request line alone: its target makes the header section exactly `size` bytes long.
std::string getWithLongTarget(std::size_t size) {
    const std::string start = "GET /";
    const std::string end = " HTTP/1.1\r\n\r\n";
    return start + std::string(size - start.size() - end.size(), 't') + end;
}

// The request line counts against the header limit like any header, and is refused as soon as the
// limit's worth of it has arrived, even before its line ending.
TEST(RequestReaderTest, RequestLineLimitBoundary) {
    HttpLimits limits;
    limits.headerLimit = 1024;
    expectLimitBoundary(
        1024, limits, getWithLongTarget,
        [](std::size_t size) {
            return Outcome{"GET /" + std::string(size - 18, 't') + " body=0", "closed"};
        },
        headerTooLarge(1024));
    expectSameForEveryCut("GET /" + std::string(1030, 't'), limits, {headerTooLarge(1024)});
}

std::string postWithContentLength(std::size_t size) {
    return "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n" +
           std::string(size, 'b');
}

// The body as the request was read: "POST /echo body=N".
Outcome servedPost(std::size_t size) {
    return {"POST /echo body=" + std::to_string(size), "closed"};
}

TEST(RequestReaderTest, ContentLengthBodyLimitBoundary) {
    HttpLimits limits;
    limits.bodyLimit = 1024;
    expectLimitBoundary(1024, limits, postWithContentLength, servedPost, bodyTooLarge(1024));
}

// Chunks of 100 bytes, then the rest, adding up to `size`.
std::string postChunked(std::size_t size) {
    std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (std::size_t sent = 0; sent < size;) {
        const std::size_t chunk = std::min<std::size_t>(100, size - sent);
        char sizeLine[32];
        std::snprintf(sizeLine, sizeof sizeLine, "%zx\r\n", chunk);
        request += sizeLine + std::string(chunk, 'c') + "\r\n";
        sent += chunk;
    }
    return request + "0\r\n\r\n";
}

TEST(RequestReaderTest, ChunkedBodyLimitBoundary) {
    HttpLimits limits;
    limits.bodyLimit = 1024;
    expectLimitBoundary(1024, limits, postChunked, servedPost, bodyTooLarge(1024));
}

// A malformed request line is refused as soon as it is complete, even when the connection then ends
// before the header does.
TEST(RequestReaderTest, MalformedRequestLineIsRefusedWhateverFollows) {
    const HttpLimits limits;
    const Outcome badMethod = {"400 bad_request: malformed HTTP request: bad method"};
    expectSameForEveryCut("G@T / HTTP/1.1\r\n", limits, badMethod);
    expectSameForEveryCut("G@T / HTTP/1.1\r\nHost: x\r\n\r\n", limits, badMethod);
    // What `nc` sends when a person types a request: lines ending in a bare '\n'.
    const Outcome bareLf = {"400 bad_request: malformed HTTP request: bad line ending"};
    expectSameForEveryCut("GET / HTTP/1.1\n", limits, bareLf);
    expectSameForEveryCut("GET / HTTP/1.1\nHost: x\n\n", limits, bareLf);
}

TEST(RequestReaderTest, ConnectionEndingInsideARequestGetsOneAnswer) {
    const HttpLimits limits;
    expectSameForEveryCut(
        "GET / HTTP/1.1\r\nHost: x\r\n", limits,
        {"400 bad_request: incomplete HTTP request: the connection ended inside the request header"});
    expectSameForEveryCut(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", limits,
        {"400 bad_request: incomplete HTTP request: the connection ended inside the request body"});
    expectSameForEveryCut(
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=", limits,
        {"400 bad_request: incomplete HTTP request: the connection ended inside the request body"});
    EXPECT_EQ(readWhole("", limits), Outcome{"closed"});
}

// A chunk-size line whose extension never ends, or a trailer section that never ends, is refused at the
// header limit: the reader never buffers more than its bound (the read-buffer check in readInPieces).
TEST(RequestReaderTest, EndlessChunkExtensionOrTrailerIsRefusedAtTheBound) {
    HttpLimits limits;
    limits.headerLimit = 1024;
    const std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    const Outcome refused = {
        "413 payload_too_large: a chunk-size line or the trailer section exceeds 1024 bytes"};
    expectSameForEveryCut(head + "5;ext=" + std::string(5000, 'e'), limits, refused);
    expectSameForEveryCut(head + "5\r\nhello\r\n0\r\nX-Trailer: " + std::string(5000, 't'), limits, refused);
    // Within the bound, both are fine.
    expectSameForEveryCut(head + "5;ext=" + std::string(900, 'e') + "\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
                          limits, {"POST /echo body=5", "closed"});
}

// A chunked body with no data chunk, a byte at a time: Beast 1.81 asserts (in builds with asserts on) when
// it sees "0\r\n" and then one byte more; the reader never hands it less than 5 bytes of a chunked body.
TEST(RequestReaderTest, EmptyChunkedBodyInAnyCut) {
    const HttpLimits limits;
    const std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    expectSameForEveryCut(head + "0\r\n\r\n", limits, {"POST /echo body=0", "closed"});
    expectSameForEveryCut(head + "0\r\nX-T: 1\r\n\r\n", limits, {"POST /echo body=0", "closed"});
    expectSameForEveryCut(
        head + "0\r\n\r", limits,
        {"400 bad_request: incomplete HTTP request: the connection ended inside the request body"});
}

TEST(RequestReaderTest, FramingThatEnablesSmugglingIsRefused) {
    const HttpLimits limits;
    // Beast accepts this one; the node does not (HTTP/1.0 has no chunked coding).
    expectSameForEveryCut("POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                          limits,
                          {"400 bad_request: Transfer-Encoding is not allowed in an HTTP/1.0 request"});
    // Beast refuses this one itself.
    expectSameForEveryCut(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        limits, {"400 bad_request: malformed HTTP request: bad Transfer-Encoding"});
}

// Hands `bytes` (at most one read's worth) to the reader as one read.
void feed(RequestReader& reader, const std::string& bytes) {
    const auto room = reader.prepareRead();
    ASSERT_LE(bytes.size(), room.size());
    std::memcpy(room.data(), bytes.data(), bytes.size());
    reader.commitRead(bytes.size());
}

bool needsMore(const RequestReader::Step& step) {
    return std::holds_alternative<RequestReader::NeedMore>(step);
}

TEST(RequestReaderTest, RefusalCarriesTheRequestVersionOnceTheHeaderWasRead) {
    const HttpLimits limits;
    RequestReader reader(limits);
    feed(reader, "POST /echo HTTP/1.0\r\nContent-Length: 2000000\r\n\r\n");
    const auto step = reader.next();
    ASSERT_TRUE(std::holds_alternative<ReadRejection>(step)) << describe(step);
    EXPECT_EQ(std::get<ReadRejection>(step).status, boost::beast::http::status::payload_too_large);
    EXPECT_EQ(std::get<ReadRejection>(step).version, 10u);
}

// "100 Continue" is owed once to an HTTP/1.1 request with `Expect: 100-continue` whose body the reader
// waits for; not when the body came with the header, and never to HTTP/1.0.
TEST(RequestReaderTest, ContinueIsOwedOnceWhileAnExpectingBodyIsAwaited) {
    const HttpLimits limits;
    RequestReader reader(limits);
    feed(reader, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    EXPECT_FALSE(reader.takeContinue());  // nothing parsed yet
    ASSERT_TRUE(needsMore(reader.next()));
    EXPECT_TRUE(reader.takeContinue());
    EXPECT_FALSE(reader.takeContinue());
    ASSERT_TRUE(needsMore(reader.next()));
    EXPECT_FALSE(reader.takeContinue());
    feed(reader, "ping");
    EXPECT_EQ(describe(reader.next()), "POST /echo body=4");

    feed(reader, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\npong");
    EXPECT_EQ(describe(reader.next()), "POST /echo body=4");
    EXPECT_FALSE(reader.takeContinue());

    feed(reader, "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    ASSERT_TRUE(needsMore(reader.next()));
    EXPECT_FALSE(reader.takeContinue());
}

}  // namespace
}  // namespace mmo::http
