#include "tests/cli/chaos/ChaosServeProcess.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <stdexcept>

#include "tests/support/Waiting.hpp"

namespace mmo::test {

ChaosServeProcess::ChaosServeProcess(const std::filesystem::path& outputDir,
                                     const std::vector<std::string>& args) {
    std::vector<std::string> all{"chaos", "serve"};
    all.insert(all.end(), args.begin(), args.end());
    child_ = std::make_unique<ChildProcess>(std::filesystem::path(MMO_BIN_DIR) / "mmoctl", all,
                                            ChildEnvironment::inherited(), outputDir, "chaos-serve");
    if (!waitUntil(
            [&] {
                return child_->stdoutText().find("chaos ready") != std::string::npos || !child_->running();
            },
            std::chrono::seconds(10)) ||
        !child_->running())
        throw std::runtime_error("mmoctl chaos serve did not become ready:\n" + child_->stdoutText() +
                                 child_->stderrText());
    const auto out = child_->stdoutText();
    const std::regex link(R"(chaos link (\S+) listening on 127\.0\.0\.1:(\d+) )");
    for (std::sregex_iterator it(out.begin(), out.end(), link), end; it != end; ++it)
        links_[(*it)[1]] = static_cast<std::uint16_t>(std::stoi((*it)[2]));
    std::smatch control;
    if (!std::regex_search(out, control,
                           std::regex(R"(chaos control listening on http://127\.0\.0\.1:(\d+))")))
        throw std::runtime_error("no control port announced:\n" + out);
    controlPort_ = static_cast<std::uint16_t>(std::stoi(control[1]));
    std::smatch token;
    if (!std::regex_search(out, token, std::regex(R"(chaos control token in (\S+))")))
        throw std::runtime_error("no control token file announced:\n" + out);
    tokenFile_ = token[1];
    std::ifstream in(tokenFile_);
    std::getline(in, token_);
}

}  // namespace mmo::test
