#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "common/world/WorldSnapshot.hpp"

namespace mmo::world {
namespace {

namespace fs = std::filesystem;
using codec::BlockChange;

// A fresh directory per test, removed afterwards.
class WorldSnapshotTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("mmo-snapshot-" + std::to_string(::getpid()) + "-" + info->name()) / "data";
        fs::remove_all(dir_.parent_path());
    }
    void TearDown() override { fs::remove_all(dir_.parent_path()); }

    static void fill(World& world) {
        std::mt19937 rng(5);
        const char* regions[] = {"eu-west-1", "us-east-1", "ap-south-1"};
        for (std::uint64_t i = 1; i <= 2000; ++i)
            world.apply(BlockChange{static_cast<std::int32_t>(rng() % 300) - 150,
                                    static_cast<std::int32_t>(rng() % 300) - 150,
                                    static_cast<std::uint16_t>(rng() % 8), i << 16, regions[rng() % 3]});
    }
    static SyncPositions positions() {
        SyncPositions p;
        p.stream_seq = 4242;
        p.sources["eu-west-1"] = {17, 4200};
        p.sources["us-east-1"] = {9, 4242};
        return p;
    }
    std::vector<std::uint8_t> fileBytes() const {
        std::ifstream in(WorldSnapshot::pathIn(dir_), std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    void writeFile(const std::vector<std::uint8_t>& bytes) const {
        std::ofstream out(WorldSnapshot::pathIn(dir_), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
    SnapshotErrorKind loadError() const {
        World world;
        try {
            WorldSnapshot::load(dir_, world);
        } catch (const SnapshotError& e) {
            EXPECT_NE(std::string(e.what()).find(WorldSnapshot::pathIn(dir_).string()), std::string::npos);
            EXPECT_EQ(world.cellCount(), 0u);
            return e.kind();
        }
        ADD_FAILURE() << "load accepted a damaged snapshot";
        return SnapshotErrorKind::Io;
    }

    fs::path dir_;
};

// Save then load restores every cell (tombstones too), the digest and the positions.
TEST_F(WorldSnapshotTest, RoundTrip) {
    World world;
    fill(world);
    ASSERT_LT(world.blockCount(), world.cellCount());  // some tombstones present
    WorldSnapshot::save(dir_, world, positions());
    World restored;
    const auto loaded = WorldSnapshot::load(dir_, restored);
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(*loaded, positions());
    EXPECT_EQ(restored.digestHex(), world.digestHex());
    EXPECT_EQ(restored.cellCount(), world.cellCount());
    EXPECT_EQ(restored.blockCount(), world.blockCount());
    world.forEachCell([&](const CellView& c) {
        EXPECT_EQ(restored.get(c.x, c.y), (BlockState{c.type, c.hlc, std::string(c.origin)}));
    });
}

// No snapshot file means a fresh start, not an error.
TEST_F(WorldSnapshotTest, MissingFileIsNullopt) {
    World world;
    EXPECT_FALSE(WorldSnapshot::load(dir_, world).has_value());
}

// A save replaces the previous snapshot and leaves no temp file behind.
TEST_F(WorldSnapshotTest, SaveReplacesAtomically) {
    World world;
    WorldSnapshot::save(dir_, world, SyncPositions{});
    fill(world);
    WorldSnapshot::save(dir_, world, positions());
    EXPECT_FALSE(fs::exists(dir_ / "world.snapshot.tmp"));
    World restored;
    EXPECT_EQ(WorldSnapshot::load(dir_, restored), positions());
    EXPECT_EQ(restored.digest(), world.digest());
}

// A flipped byte in the body is a checksum mismatch naming the file; the world stays empty.
TEST_F(WorldSnapshotTest, CorruptedBodyDetected) {
    World world;
    fill(world);
    WorldSnapshot::save(dir_, world, positions());
    auto bytes = fileBytes();
    bytes[bytes.size() / 2] ^= 0x10;
    writeFile(bytes);
    EXPECT_EQ(loadError(), SnapshotErrorKind::ChecksumMismatch);
}

// A snapshot cut short is truncated.
TEST_F(WorldSnapshotTest, TruncatedFileDetected) {
    World world;
    fill(world);
    WorldSnapshot::save(dir_, world, positions());
    auto bytes = fileBytes();
    bytes.resize(bytes.size() - 7);
    writeFile(bytes);
    EXPECT_EQ(loadError(), SnapshotErrorKind::Truncated);
    bytes.resize(10);
    writeFile(bytes);
    EXPECT_EQ(loadError(), SnapshotErrorKind::Truncated);
}

// A file that is not a snapshot, or from a newer version, is rejected as such.
TEST_F(WorldSnapshotTest, WrongMagicAndVersionDetected) {
    World world;
    WorldSnapshot::save(dir_, world, positions());
    auto bytes = fileBytes();
    bytes[4] = 2;
    writeFile(bytes);
    EXPECT_EQ(loadError(), SnapshotErrorKind::UnsupportedVersion);
    writeFile(std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o'});
    EXPECT_EQ(loadError(), SnapshotErrorKind::BadMagic);
}

// A file over the load limit is rejected before it is read.
TEST_F(WorldSnapshotTest, OversizedFileRejected) {
    World world;
    fill(world);
    WorldSnapshot::save(dir_, world, positions());
    World target;
    try {
        WorldSnapshot::load(dir_, target, SnapshotLimits{1024});
        FAIL() << "an oversized snapshot loaded";
    } catch (const SnapshotError& e) {
        EXPECT_EQ(e.kind(), SnapshotErrorKind::TooLarge);
    }
}

}  // namespace
}  // namespace mmo::world
