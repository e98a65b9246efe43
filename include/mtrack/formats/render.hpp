#pragma once

// Output of agreement lists in every format `--format` names. Writers stream: each record is
// written when given (the table buffers a bounded batch to size its columns).

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack {

// `html` is report's alone (html_report.hpp); `text`, as check and diff used to call their
// human-readable output, reads as `table`.
enum class Format { table, json, jsonl, csv, yaml, markdown, html };

std::string_view to_string(Format f);
std::optional<Format> parse_format(std::string_view s);

// CSV with one row per agreement and mineral (column `mineral` instead of `minerals`) or
// per agreement and party (`party`, `role` instead of `parties`, `roles`); an agreement
// without any still gets one row, with the cell empty.
enum class Explode { none, minerals, parties };

struct RenderOptions {
  bool color = false;               // ANSI colour in tables
  std::size_t width = 0;            // terminal width for tables; 0 = no limit
  bool with_id = true;              // include the database id (list, show); export leaves it out
  bool document = false;            // json/yaml as a whole interchange document with schema_version
  Explode explode = Explode::none;  // csv only
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void write(const Agreement& a) = 0;
  // Documents (export) end with the aliases of their parties; other formats ignore this.
  virtual void write_organisations(const std::vector<PartyAliases>& organisations) {
    (void)organisations;
  }
  // Closes the output (array brackets, the last table batch). Call once.
  virtual void finish() = 0;
};

std::unique_ptr<RecordWriter> make_record_writer(Format format, std::ostream& out,
                                                 const RenderOptions& options = {});

// A plain table of strings (minerals, reports): printed aligned by display width, as
// GitHub Markdown or as CSV, with the same escaping rules as the agreement writers.
struct TextTable {
  std::vector<std::string> headers;
  std::vector<bool> right;  // right-align column i (numbers)
  std::vector<std::vector<std::string>> rows;
};
void write_text_table(std::ostream& out, const TextTable& t, const RenderOptions& options);
void write_markdown_table(std::ostream& out, const TextTable& t);
void write_csv_table(std::ostream& out, const TextTable& t);
// Escapes text for a Markdown table cell (markup characters, '|', HTML, newlines).
std::string markdown_escape(std::string_view s);
// One RFC 4180 CSV cell, with spreadsheet formulas neutralised by a leading "'".
void append_csv_cell(std::string& out, std::string_view cell);

// One agreement in full for `show`, as text.
void render_agreement_text(std::ostream& out, const Agreement& a, const RenderOptions& options);
// `show --sources`: every field of the agreement with where its value came from, source by
// source (rule, byte span, quote, conflicting claims). `quotes[i]` is the text of
// `a.provenance[i]` in its stored article, "" when that is not known.
void render_agreement_sources(std::ostream& out, const Agreement& a,
                              const std::vector<std::string>& quotes, const RenderOptions& options);

}  // namespace mtrack
