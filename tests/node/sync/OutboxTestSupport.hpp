#pragma once

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "node/sync/Outbox.hpp"

namespace mmo::sync::test {

// A fresh temporary data directory per test, removed afterwards; logs go to a string.
class OutboxFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "outbox-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        dir_ = root_ / "data";  // not created: the outbox must create it
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    std::shared_ptr<spdlog::logger> logger() {
        return std::make_shared<spdlog::logger>("outbox",
                                                std::make_shared<spdlog::sinks::ostream_sink_mt>(logs_));
    }
    std::unique_ptr<Outbox> open() { return std::make_unique<Outbox>(dir_, logger()); }
    std::filesystem::path file() const { return dir_ / "outbox.log"; }

    std::vector<char> readFile() const {
        std::ifstream in(file(), std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    void writeFile(const std::vector<char>& bytes) const {
        std::ofstream out(file(), std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    std::filesystem::path root_;
    std::filesystem::path dir_;
    std::ostringstream logs_;
};

inline codec::BlockChange change(std::int32_t x, std::int32_t y, std::uint16_t type, std::uint64_t hlc) {
    return {x, y, type, hlc, {}};
}

// Changes covering the encodings' edge values.
inline std::vector<codec::BlockChange> sampleChanges() {
    return {change(-1, 0, 0, 1), change(-2147483647 - 1, 2147483647, 65535, ~std::uint64_t{0}),
            change(12345, -67890, 7, 0x0001'8f3a'1b2c'0042ULL)};
}

}  // namespace mmo::sync::test
