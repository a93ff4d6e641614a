// Writes the generated seed files of the fuzz targets (fuzz/corpus/<target>/gen-*): batches made by the
// real encoder (plain and gzip, and broken variants of them), game frames made by the real frame encoder,
// tokens signed with the fuzz secret, and HTTP requests for every route (some carrying such a token).
// Run it only when the encoders or the seeds change:
//   cmake --build build --target fuzz_seeds && build/fuzz/fuzz_seeds fuzz/corpus
#include <cstdio>
#include <exception>

#include "fuzz/seeds/SeedWriter.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_ROOT (e.g. fuzz/corpus)\n", argv[0]);
        return 2;
    }
    try {
        mmo::fuzz::seeds::SeedWriter out(argv[1]);
        mmo::fuzz::seeds::writeBatchSeeds(out);
        mmo::fuzz::seeds::writeFrameSeeds(out);
        mmo::fuzz::seeds::writeTokenSeeds(out);
        mmo::fuzz::seeds::writeHttpSeeds(out);
        std::printf("fuzz_seeds: wrote %zu files under %s\n", out.count(), argv[1]);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "fuzz_seeds: %s\n", error.what());
        return 1;
    }
    return 0;
}
