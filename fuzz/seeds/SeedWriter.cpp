#include "fuzz/seeds/SeedWriter.hpp"

#include <fstream>
#include <stdexcept>

namespace mmo::fuzz::seeds {

void SeedWriter::write(std::string_view target, std::string_view name, std::span<const std::uint8_t> bytes) {
    const auto dir = root_ / target;
    std::filesystem::create_directories(dir);
    const auto path = dir / ("gen-" + std::string(name));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!file) throw std::runtime_error("cannot write " + path.string());
    ++count_;
}

void SeedWriter::write(std::string_view target, std::string_view name, std::string_view text) {
    write(target, name, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace mmo::fuzz::seeds
