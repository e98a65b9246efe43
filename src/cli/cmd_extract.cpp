// mtrack extract FILE... | -: propose the agreements an article states, with evidence.
// One file at a time (memory does not grow with the number of files); JSON prints
// {"schema_version": N, "source": {...}, "agreements": [...]} per file (an array for several
// files), YAML prints one interchange document that `mtrack import` accepts as is. With --commit
// the proposals are also stored, with the article as their source (its text kept under its sha256,
// so `show` can quote the evidence in context) and the abbreviations it defines as organisation
// aliases; keys carry a short hash of the article, so committing the same article again adds
// nothing.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "mtrack/domain/admit.hpp"
#include "mtrack/domain/reconcile.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/formats/inputs.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {
namespace {

constexpr std::size_t k_max_input = 16u * 1024u * 1024u;  // 16 MiB per article

struct ExtractOptions {
  std::vector<std::string> files;
  std::string currency;
  bool commit = false;
  DuplicateFlags guard;
};

// Reads a whole input; throws mtrack::Error with a one-line reason naming the file.
std::string read_input(const std::string& name) {
  return Input(name).read_all(k_max_input, "an article");
}

bool looks_binary(std::string_view data) {
  return data.substr(0, 8192).find('\0') != std::string_view::npos;
}

// Source record and generated keys for one file's agreements.
Source make_source(const extract::ExtractResult& r, const std::string& sha) {
  Source s;
  s.title = r.title;
  s.published = r.published;
  s.sha256 = sha;
  return s;
}

void finish(std::vector<Agreement>& agreements, const Source& src,
            std::unordered_set<std::string>& keys) {
  for (auto& a : agreements) {
    a.sources = {src};
    for (auto& e : a.evidence) e.source = src.title.empty() ? src.sha256.substr(0, 12) : src.title;
    std::string key = generate_key(a) + "-" + src.sha256.substr(0, 6);
    std::string unique = key;
    for (int n = 2; !keys.insert(unique).second; ++n) unique = key + "-" + std::to_string(n);
    a.key = unique;
  }
}

std::string source_json(const Source& s) {
  std::string out = "{\"title\": ";
  if (s.title.empty())
    out += "null";
  else
    append_json_string(out, s.title);
  out += ", \"url\": null, \"published\": ";
  if (s.published.empty())
    out += "null";
  else
    append_json_string(out, s.published.str());
  out += ", \"sha256\": ";
  append_json_string(out, s.sha256);
  out += "}";
  return out;
}

int run_extract(Context& ctx, const ExtractOptions& o) {
  const Format format = ctx.format(Format::json, {Format::json, Format::yaml});
  std::ostream& out = *ctx.out;
  // Keys given so far (only asked whether a key is taken: a hash set, not a tree of the
  // thousands of long keys a run over many articles gives).
  std::unordered_set<std::string> keys;
  const bool many = o.files.size() > 1;
  int status = 0;
  // Nothing is printed before the first file that could be read: when none could, stdout
  // stays empty (not an empty document), so `extract missing.txt | mtrack import -` fails.
  bool first_doc = true;
  std::size_t total = 0;
  std::unique_ptr<Repository> repo;
  if (o.commit) repo = ctx.open(Access::create);
  Progress progress(ctx, "extract", "files", o.files.size());
  // One file's output, built whole and written at once; its storage is reused from file to
  // file (it holds only the largest file's output, whatever the number of files).
  std::string buf;
  for (const auto& name : o.files) {
    progress.step(0);  // the first draw can come while a long file is read
    std::string data;
    try {
      data = read_input(name);
    } catch (const Error& e) {
      *ctx.err << "mtrack: " << e.what() << "\n";
      status = exit_status(ExitCode::failure);
      continue;
    }
    if (looks_binary(data)) {
      *ctx.err << "mtrack: " << name << ": binary file, not article text\n";
      status = exit_status(ExitCode::failure);
      continue;
    }
    if (!text::valid_utf8(data)) ctx.note(fmt::format("{}: invalid UTF-8 replaced", name));
    extract::Options eo;
    eo.default_currency = o.currency;
    eo.source_name = name;
    auto r = extract::extract(data, eo);
    const Source src = make_source(r, extract::sha256_hex(data));
    finish(r.agreements, src, keys);
    // The rules of every way in: names cleaned; an amount past the limit is not proposed.
    for (auto& a : r.agreements) {
      for (const auto& p : admit(a)) {
        if (p.field == "value") a.value.reset();
        if (p.field == "ceiling") a.ceiling.reset();
        ctx.note(fmt::format("{}: {}: {}: {} (left out)", name, a.key, p.field, p.message));
      }
    }
    if (repo) {
      // One article in one transaction, run again from the start after a conflict with
      // another writer (its text is in memory); what it did is printed once it is known.
      std::vector<std::string> refused;  // aliases not stored, said once the outcome is known
      const auto [tally, stored] = with_write_retry([&] {
        auto session = repo->begin_write();
        refused.clear();
        for (const auto& al : r.aliases) {
          try {
            session->put_aliases(al);
          } catch (const RecordRefused& e) {
            refused.push_back(
                fmt::format("{}: alias of '{}' not stored: {}", name, al.name, e.what()));
          }
        }
        // Each article is guarded against what is stored, and stored whole or not at all.
        Reconciler reconciler(*session, o.guard.mode());
        Tally t;
        const std::string label = source_label(src);
        for (auto a : r.agreements) {
          extract::attribute_fields(data, r.published, a);
          for (auto& p : a.provenance) p.source = label;
          t.count(reconciler.put(a), name);
        }
        if (!t.duplicates.empty()) return std::pair{t, false};
        // The article's text with its agreements, in the same transaction.
        session->store_source_text(src.sha256, data);
        session->commit();
        return std::pair{t, true};
      });
      for (const auto& line : refused) ctx.note(line);
      tally.report(ctx);
      if (!stored) {
        *ctx.err << fmt::format("mtrack: {}: nothing committed\n", name);
        status = exit_status(ExitCode::failure);
      } else {
        ctx.note(fmt::format("{}: {} committed ({} added, {} updated, {} unchanged{})", name,
                             text::count(static_cast<std::int64_t>(r.agreements.size()),
                                         "agreement"), tally.added, tally.updated, tally.unchanged,
                             tally.merged_text()));
      }
    }
    data.clear();
    data.shrink_to_fit();
    total += r.agreements.size();
    buf.clear();
    if (first_doc && format == Format::json && many) buf += "[\n";
    if (first_doc && format == Format::yaml)
      buf += fmt::format("schema_version: {}\nagreements:\n", k_interchange_version);
    if (format == Format::json) {
      if (!first_doc) buf += ",\n";
      buf += fmt::format("{{\"schema_version\": {}, \"source\": ", k_interchange_version) +
             source_json(src) + ", \"agreements\": [";
      for (std::size_t i = 0; i < r.agreements.size(); ++i) {
        buf += i ? ",\n  " : "\n  ";
        write_json(buf, r.agreements[i]);
      }
      buf += r.agreements.empty() ? "]}" : "\n]}";
      out << buf;
    } else {
      for (const auto& a : r.agreements) write_yaml_item(buf, a);
      out << buf;
    }
    first_doc = false;
    progress.step();
  }
  progress.done();
  if (first_doc) return status;  // no file could be read: print no document at all
  if (format == Format::json) out << (many ? "\n]\n" : "\n");
  if (format == Format::yaml && total == 0) {
    // An empty document that import still accepts.
    out << "  []\n";
  }
  return status;
}

}  // namespace

void setup_extract(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ExtractOptions>();
  CLI::App* sub = app.add_subcommand(
      "extract", "Propose the agreements an article states, with evidence and confidence");
  sub->footer(
      "With --commit each field stored names the rule that read it and the bytes of the\n"
      "article it came from ('mtrack show KEY --sources'). A proposal that is a probable\n"
      "duplicate of a stored agreement is reported with the existing key and nothing of that\n"
      "article is stored; --link attaches the article to the existing record instead.\n\n"
      "Examples:\n  mtrack extract article.txt > proposals.yaml --format yaml\n"
      "  mtrack extract --format json a.txt b.txt\n  curl -s URL | mtrack extract -\n"
      "  mtrack extract --commit --link second-article.txt");
  sub->add_option("files", opts->files, "Article text files ('-' for standard input)")->required();
  sub->add_flag("--commit", opts->commit,
                "Also store the proposals in the database, with the article as their source");
  add_duplicate_flags(sub, opts->guard);
  sub->add_option("--currency", opts->currency,
                  "Currency a bare '$' means (default: decided from the text)");
  sub->callback(
      [&ctx, opts]() { ctx.runner = [&ctx, opts]() { return run_extract(ctx, *opts); }; });
}

}  // namespace mtrack::cli
