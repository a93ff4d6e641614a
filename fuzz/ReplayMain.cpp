// A main() for a fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput once over every file given,
// and every file under every directory given (recursively, in name order), then prints how many inputs it
// ran. The normal builds (gcc, asan) link it into <target>_replay, and ctest replays each target's seed
// corpus with it, so every seed and every past crash's reproducer is checked on every build. Usage:
//   <target>_replay FILE_OR_DIR...
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsOf(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        if (fs::is_directory(arg)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::recursive_directory_iterator(arg))
                if (entry.is_regular_file()) found.push_back(entry.path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(arg)) {
            files.push_back(arg);
        } else {
            std::fprintf(stderr, "replay: %s is neither a file nor a directory\n", argv[i]);
            std::exit(2);
        }
    }
    return files;
}

std::vector<char> contentsOf(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    const auto files = inputsOf(argc, argv);
    if (files.empty()) {
        std::fprintf(stderr, "replay: no input files found\n");
        return 2;
    }
    for (const auto& file : files) {
        const auto bytes = contentsOf(file);
        std::printf("replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
        std::fflush(stdout);  // the name is out before a crash
        // An exact-size heap copy, as libFuzzer passes it, so that AddressSanitizer sees any over-read.
        const auto copy = std::make_unique<std::uint8_t[]>(bytes.size());
        std::copy(bytes.begin(), bytes.end(), copy.get());
        LLVMFuzzerTestOneInput(copy.get(), bytes.size());
    }
    std::printf("replay: ran %zu inputs\n", files.size());
    return 0;
}
