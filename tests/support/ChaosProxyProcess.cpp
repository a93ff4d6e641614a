#include "tests/support/ChaosProxyProcess.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

#include "tests/support/Waiting.hpp"

namespace mmo::test {

namespace {

// The announced link ports by region, and the control port (0 until announced).
void parseAnnouncements(const std::string& out, std::map<std::string, std::uint16_t>& links,
                        std::uint16_t& control) {
    static const std::regex link(R"(chaos link (\S+) listening on [0-9.]+:(\d+))");
    static const std::regex api(R"(chaos control listening on http://[0-9.]+:(\d+))");
    for (std::sregex_iterator it(out.begin(), out.end(), link), end; it != end; ++it)
        links[(*it)[1].str()] = static_cast<std::uint16_t>(std::stoi((*it)[2].str()));
    std::smatch match;
    if (std::regex_search(out, match, api)) control = static_cast<std::uint16_t>(std::stoi(match[1].str()));
}

std::vector<std::string> serveArgsOf(const ChaosProxyOptions& options) {
    std::vector<std::string> args{"--upstream", options.upstream, "--control-port", "0"};
    for (const auto& region : options.regions) args.insert(args.end(), {"--listen", region + "=0"});
    if (!options.wan.empty()) args.insert(args.end(), {"--wan", options.wan});
    if (!options.wanJitter.empty()) args.insert(args.end(), {"--wan-jitter", options.wanJitter});
    if (!options.wanRate.empty()) args.insert(args.end(), {"--wan-rate", options.wanRate});
    return args;
}

}  // namespace

std::filesystem::path mmoctlBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmoctl";
}

ChaosProxyProcess::ChaosProxyProcess(const std::filesystem::path& logDir, const ChaosProxyOptions& options)
    : ChaosProxyProcess(logDir, serveArgsOf(options)) {
    if (linkPorts_.size() != options.regions.size())
        throw std::runtime_error("mmoctl chaos serve announced " + std::to_string(linkPorts_.size()) +
                                 " links for " + std::to_string(options.regions.size()) + " regions:\n" +
                                 child_->stdoutText());
}

ChaosProxyProcess::ChaosProxyProcess(const std::filesystem::path& logDir,
                                     const std::vector<std::string>& serveArgs)
    : logDir_(logDir) {
    std::vector<std::string> args{"chaos", "serve"};
    args.insert(args.end(), serveArgs.begin(), serveArgs.end());
    child_ =
        std::make_unique<ChildProcess>(mmoctlBinary(), args, ChildEnvironment::inherited(), logDir_, "chaos");
    const bool ready = waitUntil(
        [&] { return child_->stdoutText().find("chaos ready") != std::string::npos || !child_->running(); },
        std::chrono::seconds(10));
    const auto out = child_->stdoutText();
    if (ready) parseAnnouncements(out, linkPorts_, controlPort_);
    if (!ready || !child_->running() || controlPort_ == 0)
        throw std::runtime_error("mmoctl chaos serve did not become ready:\n" + out + child_->stderrText());
    // The control API's token, in the file announced before the ports.
    std::smatch token;
    if (!std::regex_search(out, token, std::regex(R"(chaos control token in (\S+))")))
        throw std::runtime_error("mmoctl chaos serve announced no control token file:\n" + out);
    tokenFile_ = token[1].str();
    std::ifstream in(tokenFile_);
    std::getline(in, token_);
}

std::string ChaosProxyProcess::natsUrl(const std::string& region) const {
    return "nats://127.0.0.1:" + std::to_string(linkPorts_.at(region));
}

std::string ChaosProxyProcess::controlUrl() const {
    return "http://127.0.0.1:" + std::to_string(controlPort_);
}

ChaosCommandResult ChaosProxyProcess::command(const std::vector<std::string>& args,
                                              std::chrono::milliseconds timeout) {
    std::vector<std::string> full{"chaos"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--control", controlUrl(), "--token-file", tokenFile_.string()});
    ChildProcess run(mmoctlBinary(), full, ChildEnvironment::inherited(), logDir_,
                     "chaos-command-" + std::to_string(++commands_));
    ChaosCommandResult result;
    result.code = run.waitExit(timeout).value_or(-1);
    result.out = run.stdoutText();
    result.err = run.stderrText();
    return result;
}

}  // namespace mmo::test
