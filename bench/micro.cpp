// Micro-benchmarks of the parsers on mtrack's hot paths: money and partial dates (every
// import row, every extracted amount) and mineral resolution (every import row, every
// --mineral filter). The extractor's stages (clean, sentence split, tokenize) are measured by
// bench_extract. Run: build-bench/bench/bench_micro [--benchmark_filter=...].

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/util/embedded.hpp"

namespace {

// Inputs cycle through a fixed list so the branch predictor cannot learn one shape.
constexpr std::array<std::string_view, 8> k_money = {
    "US$400 million",  "A$1.2bn",       "€50m",      "$100.8 million",
    "USD 200 million", "1,200,000 EUR", "about $5m", "C$ 75 million"};

constexpr std::array<std::string_view, 6> k_amounts = {"400000000", "1.25",       "100800000",
                                                       "75",        "20000000.5", "3"};

constexpr std::array<std::string_view, 6> k_dates = {"2024",       "2024-08", "2024-08-15",
                                                     "2019-02-28", "2026-12", "2020-02-29"};

// Canonical names (the import path), symbols, aliases, product forms and misses.
constexpr std::array<std::string_view, 10> k_minerals = {
    "cobalt",          "rare earths", "Nd",      "COBALT", "rare-earths",
    "cobalt sulphate", "NdPr",        "lithium", "PGMs",   "unobtainium"};

template <std::size_t N>
std::string_view next(const std::array<std::string_view, N>& inputs, std::size_t& i) {
  const std::string_view s = inputs[i];
  i = (i + 1) % N;
  return s;
}

void bm_parse_money(benchmark::State& st) {
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::parse_money(next(k_money, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_parse_money);

void bm_parse_amount(benchmark::State& st) {
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::parse_amount(next(k_amounts, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_parse_amount);

void bm_parse_partial_date(benchmark::State& st) {
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::parse_partial_date(next(k_dates, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_parse_partial_date);

void bm_mineral_find(benchmark::State& st) {
  const auto& table = mtrack::MineralTable::builtin();
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(table.find(next(k_minerals, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_mineral_find);

void bm_mineral_canonical(benchmark::State& st) {
  const auto& table = mtrack::MineralTable::builtin();
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(table.canonical(next(k_minerals, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_mineral_canonical);

void bm_mineral_expand(benchmark::State& st) {
  const auto& table = mtrack::MineralTable::builtin();
  std::size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(table.expand(next(k_minerals, i)));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}
BENCHMARK(bm_mineral_expand);

// Parsing the embedded table itself: paid once per process that resolves a mineral, so part
// of the start-up of import, list --mineral and report.
void bm_mineral_table_parse(benchmark::State& st) {
  const std::string_view tsv = mtrack::embedded::file("minerals.tsv");
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::MineralTable::parse(tsv));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * tsv.size()));
}
BENCHMARK(bm_mineral_table_parse)->Unit(benchmark::kMicrosecond);

// SHA-256 of an article (the identity of its stored text), from nettle since it replaced a
// hand-written implementation: one 16 MiB article (the largest extract takes) and a 4 KiB
// one. Measured when it changed, 256 MiB in 16 MiB texts: hand-written 341-380 MiB/s,
// nettle 309-333 MiB/s on a loaded two-core machine; 4 KiB: 10.6-11.8 us against
// 11.6-12.4 us.
void bm_sha256(benchmark::State& st) {
  std::string text(static_cast<std::size_t>(st.range(0)), 'x');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i * 7919 % 26);
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::sha256_hex(text));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * st.range(0));
}
BENCHMARK(bm_sha256)->Arg(4096)->Arg(16 << 20)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
