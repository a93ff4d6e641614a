#include "tests/support/ChaosProxyProcess.hpp"

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

}  // namespace

std::filesystem::path mmoctlBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmoctl";
}

ChaosProxyProcess::ChaosProxyProcess(const std::filesystem::path& logDir, ChaosProxyOptions options)
    : logDir_(logDir) {
    std::vector<std::string> args{"chaos", "serve", "--upstream", options.upstream, "--control-port", "0"};
    for (const auto& region : options.regions) args.insert(args.end(), {"--listen", region + "=0"});
    if (!options.wan.empty()) args.insert(args.end(), {"--wan", options.wan});
    if (!options.wanJitter.empty()) args.insert(args.end(), {"--wan-jitter", options.wanJitter});
    if (!options.wanRate.empty()) args.insert(args.end(), {"--wan-rate", options.wanRate});
    child_ =
        std::make_unique<ChildProcess>(mmoctlBinary(), args, ChildEnvironment::inherited(), logDir_, "chaos");
    const bool up = waitUntil(
        [&] {
            parseAnnouncements(child_->stdoutText(), linkPorts_, controlPort_);
            return (controlPort_ != 0 && linkPorts_.size() == options.regions.size()) || !child_->running();
        },
        std::chrono::seconds(10));
    if (!up || controlPort_ == 0 || linkPorts_.size() != options.regions.size())
        throw std::runtime_error("mmoctl chaos serve did not come up:\n" + child_->stdoutText() +
                                 child_->stderrText());
    // The control API's token: announced before the ports (a private temp file of the proxy).
    std::smatch token;
    const auto out = child_->stdoutText();
    if (std::regex_search(out, token, std::regex(R"(chaos control token in (\S+))"))) tokenFile_ = token[1];
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
    full.insert(full.end(), {"--control", controlUrl(), "--token-file", tokenFile_});
    ChildProcess run(mmoctlBinary(), full, ChildEnvironment::inherited(), logDir_,
                     "chaos-command-" + std::to_string(++commands_));
    ChaosCommandResult result;
    result.code = run.waitExit(timeout).value_or(-1);
    result.out = run.stdoutText();
    result.err = run.stderrText();
    return result;
}

}  // namespace mmo::test
