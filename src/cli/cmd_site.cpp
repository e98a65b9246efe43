#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <unordered_set>

#include "cli/commands.hpp"
#include "mtrack/site/site.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

namespace {

namespace fs = std::filesystem;

struct SiteCliOptions {
  FilterOptions filter;
  std::string out;
  std::string title;
  std::string base_url;
  std::string in;
  std::size_t table_rows = 500;
  std::size_t feed_entries = 1000;
};

// The filters in words, for the pages' "Selection:" line.
std::string scope(const FilterOptions& o) {
  std::vector<std::string> parts;
  const auto add = [&](std::string_view name, const std::string& v) {
    if (!v.empty()) parts.push_back(fmt::format("{} {}", name, v));
  };
  add("mineral", text::join(o.minerals, " or "));
  add("type", text::join(o.types, " or "));
  add("party", o.party);
  add("role", o.role);
  add("status", text::join(o.statuses, " or "));
  add("country", o.country);
  add("since", o.since);
  add("until", o.until);
  add("min value", o.min_value);
  add("max value", o.max_value);
  add("tag", text::join(o.tags, " or "));
  add("search", o.search);
  if (o.limit) parts.push_back(fmt::format("first {}", *o.limit));
  return text::join(parts, "; ");
}

// `out` is replaced whole, so it must be missing, empty, or a site written before.
void check_target(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) return;
  if (!fs::is_directory(out, ec)) {
    throw Error(fmt::format("{}: exists and is not a directory", out.string()));
  }
  if (fs::is_empty(out, ec) || fs::exists(out / ".mtrack-site", ec)) return;
  throw Error(fmt::format(
      "{}: refusing to replace a folder that mtrack did not write (no .mtrack-site "
      "in it); give a new or empty folder",
      out.string()));
}

}  // namespace

void setup_site(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand(
      "site", "Write a static website of the agreements (pages, charts, search, feed, downloads)");
  auto opt = std::make_shared<SiteCliOptions>();
  sub->add_option("OUT", opt->out, "Folder to write the site into (replaced whole)")->required();
  add_filter_options(sub, opt->filter);
  sub->add_option("--title", opt->title, "Title of the site")->type_name("TEXT");
  sub->add_option("--in", opt->in,
                  "Also give the headline totals in this currency, with the rates used")
      ->type_name("CURRENCY");
  sub->add_option("--base-url", opt->base_url,
                  "Address the site is published at (absolute links in the feed)")
      ->type_name("URL");
  sub->add_option("--table-rows", opt->table_rows,
                  "Rows the index lists itself; the rest load when the table is used")
      ->check(CLI::Range(1, 1'000'000))
      ->type_name("N");
  sub->add_option("--feed-entries", opt->feed_entries, "Entries in the feed, newest change first")
      ->check(CLI::Range(1, 1'000'000))
      ->type_name("N");
  sub->footer(
      "The site needs no server and loads nothing from elsewhere: open index.html, or publish\n"
      "the folder (docs/ci.md builds it in CI for GitHub Pages). Every filter of 'list' applies,\n"
      "and --as-of shows the records as they stood on that day. Agreement pages live at\n"
      "a/KEY.html; the keys of merged records lead there too. feed.atom lists new and changed\n"
      "agreements; an entry's id comes from its key and its 'updated' changes only when the\n"
      "record does. The same data gives the same bytes.\n\n"
      "Examples:\n"
      "  mtrack site public/\n"
      "  mtrack site public/ --in USD --base-url https://example.org/deals/\n"
      "  mtrack site cobalt/ --mineral cobalt --as-of 2025-06-30");
  sub->callback([&ctx, opt] {
    ctx.runner = [&ctx, opt] {
      const auto started = std::chrono::steady_clock::now();
      Filter filter = to_filter(opt->filter);
      filter.detail = Detail::full;
      site::SiteOptions options;
      if (!opt->title.empty()) options.title = opt->title;
      options.as_of = filter.as_of;
      options.scope = scope(opt->filter);
      options.base_url = opt->base_url;
      options.table_rows = opt->table_rows;
      options.feed_entries = opt->feed_entries;
      if (!opt->in.empty()) options.convert_to = currency_flag("--in", opt->in);
      if (!options.base_url.empty() && !text::starts_with_icase(options.base_url, "https://") &&
          !text::starts_with_icase(options.base_url, "http://")) {
        throw UsageError("--base-url: must start with https:// or http://");
      }
      const fs::path out = fs::path(opt->out).lexically_normal();
      check_target(out);

      auto repo = ctx.open(Access::read_only);
      site::SiteInput input;
      std::unordered_set<std::string> parties;
      repo->find(filter, [&](const Agreement& a) {
        input.agreements.push_back(a);
        for (const auto& p : a.parties) parties.insert(p.name);
      });
      input.organisations = repo->organisations();
      input.learned_aliases =
          repo->learned_aliases(std::vector<std::string>(parties.begin(), parties.end()));
      input.rates = load_rates(*repo);

      // Written beside the target and swapped in, so a failed build leaves the old site.
      fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
      const std::string stem = out.filename().empty() ? "site" : out.filename().string();
      const fs::path tmp = parent / fmt::format(".{}.new-{}", stem, ::getpid());
      const fs::path old = parent / fmt::format(".{}.old-{}", stem, ::getpid());
      std::error_code ec;
      fs::remove_all(tmp, ec);
      site::SiteStats stats;
      try {
        fs::create_directories(tmp);
        stats = site::write_site(tmp, input, options);
        if (fs::exists(out)) fs::rename(out, old);
        fs::rename(tmp, out);
      } catch (const fs::filesystem_error& e) {
        fs::remove_all(tmp, ec);
        throw Error(fmt::format("{}: {}", out.string(), e.code().message()));
      } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
      }
      fs::remove_all(old, ec);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      ctx.note(fmt::format("wrote {} agreements as {} files ({:.1f} MB; index.html {} KB) to {} "
                           "in {:.2f} s",
                           input.agreements.size(), stats.files,
                           static_cast<double>(stats.bytes) / 1e6, (stats.index_bytes + 1023) / 1024,
                           out.string(), seconds));
      return 0;
    };
  });
}

}  // namespace mtrack::cli
