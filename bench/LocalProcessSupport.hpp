#pragma once

#include <cstdint>
#include <string>

#include "common/http/HttpClient.hpp"

// What the process benchmarks (bootstrap_bench, recovery_bench) share to drive real nats-server and
// mmo-node processes on 127.0.0.1.
namespace mmo::bench {

// A port the kernel says is free on 127.0.0.1 now.
std::uint16_t freePort();

// GET http://127.0.0.1:<port><target> with a 5 s timeout and room for large answers (64 MiB).
http_client::HttpResponse get(std::uint16_t port, const std::string& target);

}  // namespace mmo::bench
