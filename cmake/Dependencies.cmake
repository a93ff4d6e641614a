# Every dependency comes from a Debian 12 package installed by scripts/install-deps.sh.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url filesystem)

# Debian's cnats CMake package points at a missing static library: use pkg-config instead.
pkg_check_modules(NATS REQUIRED IMPORTED_TARGET libnats)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
add_library(mmo::nats ALIAS PkgConfig::NATS)
add_library(mmo::sodium ALIAS PkgConfig::SODIUM)

if(MMO_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(MMO_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
