#pragma once

#include <filesystem>
#include <string>

namespace mmo::test {

// <build>/test-artifacts/<name>: where a test leaves what a person looks at after the run (screenshots,
// generated reports). Created when missing; kept after the test (the build tree, never the source tree).
std::filesystem::path testArtifactDir(const std::string& name);

}  // namespace mmo::test
