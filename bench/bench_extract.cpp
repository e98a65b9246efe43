// Throughput of the extract stages (clean, split, tokenize, whole extract) on a synthetic
// article generated here: a deal announcement wrapped in web junk, repeated to the wanted size.
// Run: build-rel/bench/bench_extract [--benchmark_filter=...]; bytes/s is the figure to read.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#include "mtrack/extract/extract.hpp"

namespace {

// One synthetic article of about 4 KB; `n` varies the names so gazetteer lookups miss and hit.
std::string synthetic_article(std::size_t n) {
  const std::string co = "Northwind Cobalt" + std::string(n % 3 == 0 ? " Limited" : " Inc.");
  const std::string ab = "NWC";
  std::string a;
  a += "Home | Markets | Mining | Energy | Subscribe | Sign in\n";
  a += "Northwind signs offtake with Harbour Metals for battery-grade nickel\n";
  a += "March 4, 2026\n\n";
  a += "TORONTO, March 4, 2026 /Wire/ - " + co + " (\"" + ab +
       "\") (TSX: NWC) today announced that it has signed a binding offtake agreement with "
       "Harbour Metals Corp. for the supply of nickel sulphate and cobalt hydroxide from its "
       "Lakeview project over a five-year period. ";
  a += "Under the agreement, Harbour Metals will purchase up to 20,000 tonnes a year at a "
       "price of $14.50 per pound, and will provide a prepayment of US$45 million. ";
  a += "The U.S. Department of Energy has also issued a conditional commitment for a loan of "
       "up to $320 million to " +
       ab + " to build a refinery in Ohio. ";
  a += "\"This is a milestone for our shareholders,\" said CEO Jane Porter. ";
  a += "The Export-Import Bank of the United States (EXIM) issued a non-binding Letter of "
       "Interest for up to \\$90 million on 21 October 2025.\n";
  a += "Separately, Eastgate Resources and Quarry Lane Minerals formed a 50/50 joint venture "
       "to explore for lithium and graphite in Nevada, the companies said on " +
       std::to_string(1 + n % 27) + " February 2026.\n";
  a += "Read More\n- Copper prices climb as smelters cut output\n- Gold hits record high\n";
  a += "Cookies: we use cookies to improve your experience. Accept | Decline\n";
  a += "Dieser Artikel wurde automatisch übersetzt. © 2026 Wire Services — alle Rechte "
       "vorbehalten.\n";
  for (int k = 0; k < 6; ++k) {
    a += "Market commentary: prices for lithium carbonate, spodumene and rare earths such as "
         "neodymium (Nd) and dysprosium moved lower this week as traders in Shanghai and London "
         "weighed demand from electric-vehicle makers against new supply from Australia. ";
    a += "Analysts at several banks expect volatility to persist into the second half.\n";
  }
  return a;
}

std::string corpus(std::size_t bytes) {
  std::string out;
  for (std::size_t n = 0; out.size() < bytes; ++n) out += synthetic_article(n);
  return out;
}

const std::string& article() {
  static const std::string a = synthetic_article(1);
  return a;
}

const std::string& big() {
  static const std::string b = corpus(1u << 20);
  return b;
}

void bm_clean(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::clean(big()));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big().size()));
}
BENCHMARK(bm_clean);

void bm_split(benchmark::State& st) {
  const auto ct = mtrack::extract::clean(big());
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::split_sentences(ct.text));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big().size()));
}
BENCHMARK(bm_split);

void bm_tokenize(benchmark::State& st) {
  const auto ct = mtrack::extract::clean(big());
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::tokenize(ct.text));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big().size()));
}
BENCHMARK(bm_tokenize);

void bm_extract_article(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::extract(article()));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * article().size()));
}
BENCHMARK(bm_extract_article);

void bm_extract_1mb(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(mtrack::extract::extract(big()));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * big().size()));
}
BENCHMARK(bm_extract_1mb)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
