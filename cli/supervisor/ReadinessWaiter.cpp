#include "cli/supervisor/ReadinessWaiter.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <thread>

#include "cli/util/Terminal.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli {

namespace {

constexpr std::chrono::milliseconds kPoll{10};
constexpr std::chrono::milliseconds kProbeTimeout{500};

std::string formatSeconds(std::chrono::milliseconds d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(d.count()) / 1000.0);
    return text;
}

// The one progress line on a terminal: rewritten in place, erased when done.
class ProgressLine {
  public:
    ProgressLine() : enabled_(isTerminal(stderr)) {}
    ~ProgressLine() {
        if (shown_) std::fputs("\r\033[K", stderr);
    }
    void show(const std::string& text) {
        if (!enabled_ || text == last_) return;
        std::fprintf(stderr, "\r\033[K%s", text.c_str());
        std::fflush(stderr);
        last_ = text;
        shown_ = true;
    }

  private:
    bool enabled_;
    bool shown_ = false;
    std::string last_;
};

}  // namespace

std::string metaLeaderOf(const std::string& jszBody) {
    boost::system::error_code ec;
    const auto body = boost::json::parse(jszBody, ec);
    if (ec || !body.is_object()) return {};
    const auto* meta = body.get_object().if_contains("meta_cluster");
    if (!meta || !meta->is_object()) return {};
    const auto* leader = meta->get_object().if_contains("leader");
    return leader && leader->is_string() ? std::string(leader->get_string()) : std::string();
}

bool httpReadinessProbe(std::uint16_t port, const std::string& path, std::string& lastAnswer) {
    if (path == kJetStreamClusterReadyPath) {
        try {
            http_client::HttpRequestOptions options;
            options.timeout = kProbeTimeout;
            options.maxResponseBytes = 1u << 20;
            const auto jsz = http_client::get("127.0.0.1", port, "/jsz", options);
            if (jsz.status != 200 || metaLeaderOf(jsz.body).empty()) {
                lastAnswer = "the JetStream cluster has no meta leader yet (GET /jsz: HTTP " +
                             std::to_string(jsz.status) + ")";
                return false;
            }
        } catch (const http_client::HttpClientError& e) {
            lastAnswer = e.what();
            return false;
        }
        return httpReadinessProbe(port, "/healthz", lastAnswer);
    }
    try {
        http_client::HttpRequestOptions options;
        options.timeout = kProbeTimeout;
        options.maxResponseBytes = 64u << 10;
        const auto response = http_client::get("127.0.0.1", port, path, options);
        lastAnswer = "HTTP " + std::to_string(response.status);
        // A node's /readyz says why it is not ready: {"ready": false, "reason": "..."}.
        boost::system::error_code ec;
        const auto body = boost::json::parse(response.body, ec);
        if (const auto* object = ec ? nullptr : body.if_object())
            if (const auto* reason = object->if_contains("reason"); reason && reason->is_string())
                lastAnswer += ": " + std::string(reason->get_string());
        return response.status == 200;
    } catch (const http_client::HttpClientError& e) {
        lastAnswer = e.what();
        return false;
    }
}

ReadinessWaiter::ReadinessWaiter(std::chrono::milliseconds timeout, std::function<bool()> interrupted,
                                 ReadinessProbe probe)
    : timeout_(timeout),
      interrupted_(std::move(interrupted)),
      probe_(probe ? std::move(probe) : httpReadinessProbe) {}

ReadinessOutcome ReadinessWaiter::waitAll(const std::vector<ReadinessTarget>& targets) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + timeout_;
    std::vector<const ReadinessTarget*> waiting;
    for (const auto& t : targets) waiting.push_back(&t);
    std::map<std::string, std::string> lastAnswer;
    ProgressLine progress;
    std::vector<std::string> incomplete;
    while (true) {
        for (auto it = waiting.begin(); it != waiting.end();) {
            const auto& target = **it;
            if (target.child)
                if (const auto status = target.child->exitStatus())
                    return {ReadinessOutcome::Kind::Exited, target.name, describeExit(*status)};
            auto& answer = lastAnswer[target.name];
            if (probe_(target.port, target.path, answer)) {
                it = waiting.erase(it);
            } else if (answer.find(kIncompleteWorldReason) != std::string::npos) {
                incomplete.push_back(target.name + ": " + answer);
                it = waiting.erase(it);
            } else {
                ++it;
            }
        }
        if (waiting.empty()) {
            ReadinessOutcome ready;
            ready.incompleteWorlds = std::move(incomplete);
            return ready;
        }
        if (interrupted_ && interrupted_())
            return {ReadinessOutcome::Kind::Interrupted, waiting.front()->name, ""};
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            const auto& first = *waiting.front();
            return {ReadinessOutcome::Kind::TimedOut, first.name,
                    "not ready after " + formatSeconds(timeout_) + " (GET " + first.path + " on port " +
                        std::to_string(first.port) + ": " + lastAnswer[first.name] + ")"};
        }
        std::string line = "waiting for: ";
        for (std::size_t i = 0; i < waiting.size(); ++i) line += (i ? ", " : "") + waiting[i]->name;
        progress.show(line + " (" +
                      formatSeconds(std::chrono::duration_cast<std::chrono::milliseconds>(now - start)) +
                      ")");
        std::this_thread::sleep_for(kPoll);
    }
}

}  // namespace mmo::cli
