#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

// A real `mmoctl chaos serve` for a test: started with the given flags (use port 0), ready once it
// printed "chaos ready"; the ports and the control token's file it announced on stdout are read back.
// Killed on destruction.
class ChaosServeProcess {
  public:
    // Throws std::runtime_error with its output when it does not become ready.
    ChaosServeProcess(const std::filesystem::path& outputDir, const std::vector<std::string>& args);

    std::uint16_t linkPort(const std::string& regionId) const { return links_.at(regionId); }
    std::uint16_t controlPort() const { return controlPort_; }
    std::string controlUrl() const { return "http://127.0.0.1:" + std::to_string(controlPort_); }
    ChildProcess& process() { return *child_; }
    // The control API's token and its file ("chaos control token in FILE" on stdout).
    const std::filesystem::path& tokenFile() const { return tokenFile_; }
    const std::string& token() const { return token_; }

  private:
    std::filesystem::path tokenFile_;
    std::string token_;
    std::unique_ptr<ChildProcess> child_;
    std::map<std::string, std::uint16_t> links_;
    std::uint16_t controlPort_ = 0;
};

}  // namespace mmo::test
