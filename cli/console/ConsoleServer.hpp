#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "common/http/HttpServer.hpp"
#include "common/http/RequestGuard.hpp"
#include "common/http/Router.hpp"

// `mmoctl console`: one web page for the running set of a state dir (docs/console.md). Serves the embedded
// page and forwards the page's calls, only to the set's nodes and only for the listed paths
// (ProxyRules.hpp), so the browser talks to one origin and the nodes need no CORS. Binds 127.0.0.1 only;
// Host and Origin are checked like a node's REST port does (common/http/RequestGuard).
namespace mmo::cli::console {

struct ConsoleSettings {
    std::filesystem::path stateDir;  // absolute; state.json is read again on every call
    std::uint16_t port = 0;          // 0: the OS picks
};

class ConsoleServer {
  public:
    static constexpr std::size_t kMaxInFlight = 64;  // node calls waiting or running; 503 busy beyond
    static constexpr std::size_t kBodyLimit = 16 * 1024;

    // Binds 127.0.0.1:port at once; throws net::BindError when it cannot.
    ConsoleServer(ConsoleSettings settings, std::shared_ptr<spdlog::logger> logger);
    ~ConsoleServer();
    ConsoleServer(const ConsoleServer&) = delete;
    ConsoleServer& operator=(const ConsoleServer&) = delete;

    std::uint16_t port() const;
    std::string url() const;  // http://127.0.0.1:<port>/

    // Serves until SIGINT/SIGTERM or stop().
    void run();
    void stop();  // from any thread

  private:
    void dispatch(http::Request&& request, const http::RequestContext& context, http::Respond respond);
    void forward(http::Request&& request, http::Respond respond);
    http::Response setInfo() const;
    void shutdown();

    ConsoleSettings settings_;
    boost::asio::io_context io_;
    std::shared_ptr<spdlog::logger> logger_;
    boost::asio::thread_pool calls_{4};  // the blocking node calls; never on the I/O thread
    std::atomic<std::size_t> inFlight_{0};
    http::Router router_;
    std::unique_ptr<http::RequestGuard> guard_;
    std::unique_ptr<http::HttpServer> server_;
    boost::asio::signal_set signals_;
};

}  // namespace mmo::cli::console
