#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cli/commands.hpp"
#include "mtrack/formats/rates_csv.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

RateTable load_rates(Repository& repo) {
  RateTable table = RateTable::builtin();
  for (const auto& r : repo.rates()) table.add(r);
  return table;
}

std::string currency_flag(std::string_view flag, std::string_view value) {
  std::string code;
  for (char c : text::trim(value)) code += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  const bool ok = code.size() == 3 &&
                  std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!ok) throw UsageError(fmt::format("{}: '{}' is not an ISO 4217 currency code", flag, value));
  return code;
}

void setup_rates(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("rates", "Exchange rates for totals in one currency (report --in)");
  sub->require_subcommand(1);
  sub->footer(
      "Rates convert totals into one currency (report --in USD, site --in USD); the per-currency\n"
      "sums stay as they are and every conversion names the rate, its date and its source.\n"
      "mtrack carries the ECB's annual average euro rates of a few currencies; imported rates\n"
      "are used over them.\n\n"
      "Files (rates import):\n"
      "  the ECB reference-rate CSV (eurofxref.csv or eurofxref-hist.csv): Date,USD,JPY,...\n"
      "  a plain CSV with the header date,currency,rate[,base][,source]: one unit of base\n"
      "  (EUR when not given) is worth `rate` units of currency on that date.\n\n"
      "Examples:\n"
      "  mtrack rates import eurofxref-hist.csv\n"
      "  mtrack rates list --currency AUD\n"
      "  mtrack report --in USD");

  auto* imp = sub->add_subcommand("import", "Store the rates of CSV files (all or nothing)");
  auto files = std::make_shared<std::vector<std::string>>();
  imp->add_option("FILE", *files, "ECB reference-rate CSV, or date,currency,rate CSV")
      ->required()
      ->check(CLI::ExistingFile);
  imp->callback([&ctx, files] {
    ctx.runner = [&ctx, files] {
      std::vector<Rate> rates;
      for (const auto& path : *files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
        const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto got = read_rates_csv(data, path);
        rates.insert(rates.end(), got.begin(), got.end());
      }
      auto repo = ctx.open(Access::create);
      auto session = repo->begin_write();
      session->put_rates(rates);
      session->commit();
      ctx.note(fmt::format("stored {} rates from {} file{}", rates.size(), files->size(),
                           files->size() == 1 ? "" : "s"));
      return 0;
    };
  });

  auto* list = sub->add_subcommand("list", "The rates mtrack converts with (bundled and stored)");
  auto currency = std::make_shared<std::string>();
  list->add_option("--currency", *currency, "Only this currency")->type_name("CODE");
  list->callback([&ctx, currency] {
    ctx.runner = [&ctx, currency] {
      const std::string only = currency->empty() ? "" : currency_flag("--currency", *currency);
      auto repo = ctx.open(Access::read_only);
      RateTable table = load_rates(*repo);
      std::vector<Rate> rows = table.rows();
      std::sort(rows.begin(), rows.end(), [](const Rate& a, const Rate& b) {
        return std::tuple(a.currency, a.base, a.date.first_day(), a.date.last_day()) <
               std::tuple(b.currency, b.base, b.date.first_day(), b.date.last_day());
      });
      TextTable t{{"DATE", "CURRENCY", "BASE", "RATE", "SOURCE"}, {false, false, false, true, false}, {}};
      for (const auto& r : rows) {
        if (!only.empty() && r.currency != only && r.base != only) continue;
        t.rows.push_back({r.date.str(), r.currency, r.base, r.rate, r.source});
      }
      const Format format = ctx.format(Format::table, {Format::table, Format::csv, Format::markdown});
      if (format == Format::csv) {
        write_csv_table(*ctx.out, t);
      } else if (format == Format::markdown) {
        write_markdown_table(*ctx.out, t);
      } else {
        write_text_table(*ctx.out, t, ctx.render_options());
      }
      return 0;
    };
  });
}

}  // namespace mtrack::cli
