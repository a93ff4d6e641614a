#include "tests/support/TestArtifacts.hpp"

namespace mmo::test {

std::filesystem::path testArtifactDir(const std::string& name) {
    const auto dir = std::filesystem::path(MMO_ARTIFACT_DIR) / name;
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace mmo::test
