#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "mtrack/domain/history.hpp"
#include "mtrack/util/error.hpp"

namespace mtrack::cli {
namespace {

constexpr std::size_t k_context = 120;  // bytes of article text shown on each side

// Moves `i` back to the start of a UTF-8 sequence.
std::size_t char_start(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    const bool ws = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// The article texts stored for an agreement's sources, each read from the database once.
class StoredTexts {
 public:
  struct Span {
    std::string_view body;  // the whole stored article
    std::size_t start;
    std::size_t end;
  };

  explicit StoredTexts(Repository& repo) : m_repo(repo) {}

  // The byte span [start, end) in the stored text of the source `label` names (any source
  // when the record has one, or the label is empty); nothing when the span or text is missing.
  std::optional<Span> span(const Agreement& a, std::string_view label,
                           std::optional<std::int64_t> start, std::optional<std::int64_t> end) {
    if (!start || !end || *start < 0 || *end < *start) return std::nullopt;
    const Source* src = nullptr;
    for (const auto& s : a.sources) {
      if (!s.sha256.empty() && (a.sources.size() == 1 || label.empty() || names_source(label, s))) {
        src = &s;
        break;
      }
    }
    if (src == nullptr) return std::nullopt;
    auto it = m_texts.find(src->sha256);
    if (it == m_texts.end())
      it = m_texts.emplace(src->sha256, m_repo.source_text(src->sha256)).first;
    if (!it->second || static_cast<std::size_t>(*end) > it->second->size()) return std::nullopt;
    return Span{*it->second, static_cast<std::size_t>(*start), static_cast<std::size_t>(*end)};
  }

 private:
  Repository& m_repo;
  std::map<std::string, std::optional<std::string>> m_texts;
};

// Quotes each evidence in its context when the article text is stored and the evidence has
// offsets into it: "... before «evidence» after ...".
void quote_in_context(Repository& repo, Agreement& a) {
  StoredTexts texts(repo);
  for (auto& e : a.evidence) {
    const auto found = texts.span(a, e.source, e.start, e.end);
    if (!found) continue;
    const auto [body, b, en] = *found;
    const std::size_t from = char_start(body, b > k_context ? b - k_context : 0);
    const std::size_t to = char_start(body, std::min(body.size(), en + k_context));
    std::string q = from > 0 ? "..." : "";
    q += one_line(body.substr(from, b - from));
    q += " \u00AB" + one_line(body.substr(b, en - b)) + "\u00BB ";
    q += one_line(body.substr(en, to - en));
    if (to < body.size()) q += "...";
    e.text = q;
  }
}

// The quote of each provenance entry with a byte span, from the stored text of the source it
// names ("" where there is none).
std::vector<std::string> provenance_quotes(Repository& repo, const Agreement& a) {
  StoredTexts texts(repo);
  std::vector<std::string> out;
  for (const auto& p : a.provenance) {
    out.emplace_back();
    const auto found = texts.span(a, p.source, p.start, p.end);
    if (!found) continue;
    const auto [body, b, e] = *found;
    out.back() =
        one_line(body.substr(char_start(body, b), char_start(body, e) - char_start(body, b)));
  }
  return out;
}

}  // namespace

void setup_show(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("show", "Show one agreement in full, with sources and evidence");
  auto id = std::make_shared<std::string>();
  auto when = std::make_shared<std::string>();
  auto sources = std::make_shared<bool>(false);
  sub->add_option("ID|KEY", *id, "The agreement's id or key")->required();
  sub->add_option("--as-of", *when,
                  "As the record stood on this date: only the events dated by then count")
      ->type_name("DATE");
  sub->add_flag("--sources", *sources,
                "Every field with the sources it came from: rule, bytes and quote of the article, "
                "conflicting claims");
  sub->footer(
      "A key merged into another record (mtrack merge, --link) shows that record.\n\n"
      "Examples:\n  mtrack show 3\n  mtrack show exim-ussm-loan-2024 --format yaml\n"
      "  mtrack show exim-ussm-loan-2024 --as-of 2024-06-30\n"
      "  mtrack show exim-ussm-loan-2024 --sources");
  sub->callback([&ctx, id, when, sources] {
    ctx.runner = [&ctx, id, when, sources] {
      const PartialDate day = when->empty() ? PartialDate{} : date_flag("--as-of", *when);
      const Format format =
          ctx.format(Format::table, {Format::table, Format::json, Format::jsonl, Format::yaml});
      auto repo = ctx.open(Access::read_only);
      std::optional<Agreement> a = require_agreement(*repo, *id);
      if (!day.empty()) {
        a = as_of(*a, day);
        if (!a) throw Error(fmt::format("'{}' was not known on {}", *id, day.str()));
      }
      ctx.page();
      if (format == Format::table && *sources) {
        render_agreement_sources(*ctx.out, *a, provenance_quotes(*repo, *a), ctx.render_options());
      } else if (format == Format::table) {
        quote_in_context(*repo, *a);
        render_agreement_text(*ctx.out, *a, ctx.render_options());
      } else {
        auto writer = make_record_writer(format, *ctx.out, ctx.render_options());
        writer->write(*a);
        writer->finish();
      }
      return 0;
    };
  });
}

}  // namespace mtrack::cli
