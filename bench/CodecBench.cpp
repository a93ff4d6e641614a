// Batch codec and world apply throughput: random block writes in a 1000x1000 area, one change per
// millisecond of hlc (the shape docs/sync-wire-format.md is tuned for). items_per_second = changes/s.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "common/world/World.hpp"

namespace {

using mmo::codec::Batch;
using mmo::codec::BatchCodec;
using mmo::codec::BlockChange;
using mmo::codec::HybridLogicalClock;

Batch randomBatch(std::size_t count, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int32_t> coord(0, 999);
    std::uniform_int_distribution<int> type(0, 15);
    const std::uint64_t start_ms = 1'700'000'000'000;
    Batch batch{"eu-west-1", 1, HybridLogicalClock::pack(start_ms + count, 0), {}};
    for (std::size_t i = 0; i < count; ++i)
        batch.changes.push_back(BlockChange{coord(rng), coord(rng), static_cast<std::uint16_t>(type(rng)),
                                            HybridLogicalClock::pack(start_ms + i, 0), "eu-west-1"});
    return batch;
}

void finish(benchmark::State& state, std::size_t changes, std::size_t encoded_bytes) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * changes));
    if (encoded_bytes != 0)
        state.counters["bytes_per_change"] =
            static_cast<double>(encoded_bytes) / static_cast<double>(changes);
}

void encodeBench(benchmark::State& state, bool gzip) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const Batch batch = randomBatch(n, 1);
    BatchCodec codec;
    std::size_t size = 0;
    for (auto _ : state) {
        auto bytes = codec.encode(batch, gzip);
        size = bytes.size();
        benchmark::DoNotOptimize(bytes.data());
    }
    finish(state, n, size);
}

void decodeBench(benchmark::State& state, bool gzip) {
    const auto n = static_cast<std::size_t>(state.range(0));
    BatchCodec codec;
    const auto bytes = codec.encode(randomBatch(n, 2), gzip);
    for (auto _ : state) {
        auto result = codec.decode(bytes);
        if (!result.ok()) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(&result);
    }
    finish(state, n, bytes.size());
}

void BM_Encode(benchmark::State& state) {
    encodeBench(state, false);
}
void BM_EncodeGzip(benchmark::State& state) {
    encodeBench(state, true);
}
void BM_Decode(benchmark::State& state) {
    decodeBench(state, false);
}
void BM_DecodeGunzip(benchmark::State& state) {
    decodeBench(state, true);
}

// Every change wins (its hlc moves past the previous round), so each apply overwrites a cell and updates
// the digest: the steady state of a populated 1000x1000 area.
void BM_WorldApply(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    Batch batch = randomBatch(n, 3);
    mmo::world::World world;
    const std::uint64_t step = HybridLogicalClock::pack(n + 1, 0);
    for (auto _ : state) {
        for (BlockChange& change : batch.changes) change.hlc += step;
        const auto counts = world.apply(batch);
        benchmark::DoNotOptimize(counts.applied);
    }
    finish(state, n, 0);
}

// The same batch again: every change is a duplicate (a redelivered or replayed batch).
void BM_WorldApplyReplay(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const Batch batch = randomBatch(n, 4);
    mmo::world::World world;
    world.apply(batch);
    for (auto _ : state) {
        const auto counts = world.apply(batch);
        benchmark::DoNotOptimize(counts.duplicate);
    }
    finish(state, n, 0);
}

BENCHMARK(BM_Encode)->Arg(100)->Arg(1000);
BENCHMARK(BM_EncodeGzip)->Arg(100)->Arg(1000);
BENCHMARK(BM_Decode)->Arg(100)->Arg(1000);
BENCHMARK(BM_DecodeGunzip)->Arg(100)->Arg(1000);
BENCHMARK(BM_WorldApply)->Arg(100)->Arg(1000);
BENCHMARK(BM_WorldApplyReplay)->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
