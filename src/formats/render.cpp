#include "mtrack/formats/render.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <optional>

#include "mtrack/domain/fields.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

const std::vector<std::string_view> k_format_names = {"table", "json",     "jsonl", "csv",
                                                      "yaml",  "markdown", "html"};

// Fits columns into `total` terminal columns (two spaces between columns): the columns not
// listed in `flexible` keep their width; the flexible ones share what is left, each getting
// at most what it needs (water-filling) and at least 1, so that no line is wider than
// `total` unless the fixed columns alone are.
void fit_widths(std::size_t* widths, std::size_t n, std::vector<std::size_t> flexible,
                std::size_t total) {
  if (total == 0) return;
  std::size_t fixed = 2 * (n - 1);
  for (std::size_t c = 0; c < n; ++c) {
    if (std::find(flexible.begin(), flexible.end(), c) == flexible.end()) fixed += widths[c];
  }
  std::size_t left = total > fixed ? total - fixed : 0;
  while (!flexible.empty()) {
    const std::size_t share = left / flexible.size();
    auto fits = std::find_if(flexible.begin(), flexible.end(),
                             [&](std::size_t c) { return widths[c] <= share; });
    if (fits == flexible.end()) {
      for (std::size_t c : flexible) widths[c] = std::max<std::size_t>(1, share);
      return;
    }
    left -= widths[*fits];
    flexible.erase(fits);
  }
}

// A flexible column of a listing: at least `min` columns when shown, at most `cap` before
// every other column has what it needs.
struct Flexible {
  std::size_t column, min, cap;
};

// Fits a listing into `total` columns (0: no limit). The fixed columns keep their width.
// `flexible` is in order of priority, the first always shown: when even their minimum widths
// do not fit, the last ones are hidden (width 0) until the rest do. Spare width then goes to
// each shown column up to its cap, in priority order, and what is left to each up to its
// need, again in order. Returns whether a column was hidden.
bool fit_listing(std::size_t* widths, std::size_t n, const std::vector<Flexible>& flexible,
                 std::size_t total) {
  if (total == 0) return false;
  std::size_t fixed = 0;
  for (std::size_t c = 0; c < n; ++c) {
    if (std::none_of(flexible.begin(), flexible.end(),
                     [&](const Flexible& f) { return f.column == c; })) {
      fixed += widths[c];
    }
  }
  std::size_t shown = flexible.size();
  const auto needed = [&](std::size_t k) {
    std::size_t sum = fixed + 2 * (n - 1 - (flexible.size() - k));
    for (std::size_t i = 0; i < k; ++i) sum += flexible[i].min;
    return sum;
  };
  while (shown > 2 && needed(shown) > total) --shown;
  // Still too wide with the first two alone: the second, then the first, give up the rest.
  std::vector<std::size_t> mins;
  for (const auto& f : flexible) mins.push_back(f.min);
  for (std::size_t over = needed(shown) > total ? needed(shown) - total : 0, i = 2;
       over > 0 && i-- > 0;) {
    const std::size_t cut = std::min(over, mins[i] > 1 ? mins[i] - 1 : 0);
    mins[i] -= cut;
    over -= cut;
  }
  std::vector<std::size_t> need(n);
  std::size_t used = fixed + 2 * (n - 1 - (flexible.size() - shown));
  for (std::size_t i = 0; i < shown; ++i) used += mins[i];
  std::size_t left = total > used ? total - used : 0;
  for (std::size_t i = 0; i < flexible.size(); ++i) {
    const auto c = flexible[i].column;
    need[c] = widths[c];
    widths[c] = i < shown ? std::min(need[c], mins[i]) : 0;
  }
  for (const std::size_t limit_is_cap : {1, 0}) {
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& f = flexible[i];
      const std::size_t upto = limit_is_cap ? std::min(need[f.column], f.cap) : need[f.column];
      const std::size_t more = upto > widths[f.column] ? std::min(left, upto - widths[f.column]) : 0;
      widths[f.column] += more;
      left -= more;
    }
  }
  return shown < flexible.size();
}

// A copy of `a` with every text made safe for a terminal (text::visible): what `list` and
// `show` print as tables and text.
Agreement displayable(const Agreement& a) {
  Agreement d = a;
  const auto v = [](std::string& s) { s = text::visible(s); };
  v(d.key);
  v(d.title);
  for (auto& p : d.parties) {
    v(p.name);
    v(p.as_written);
  }
  for (auto& m : d.minerals) v(m);
  v(d.term);
  v(d.location.site);
  v(d.location.region);
  v(d.location.country);
  for (auto& s : d.sources) {
    v(s.title);
    v(s.publisher);
    v(s.url);
    v(s.sha256);
  }
  for (auto& e : d.evidence) {
    v(e.text);
    v(e.source);
  }
  for (auto& e : d.events) {
    v(e.note);
    v(e.source);
  }
  for (auto& r : d.related) v(r.key);
  for (auto& p : d.provenance) {
    v(p.field);
    v(p.source);
    v(p.rule);
    v(p.claim);
  }
  for (auto& k : d.merged_keys) v(k);
  for (auto& t : d.tags) v(t);
  v(d.notes);
  return d;
}

std::string parties_text(const Agreement& a) {
  std::vector<std::string> names;
  for (const auto& p : a.parties) names.push_back(p.name);
  return text::join(names, "; ");
}

std::string minerals_text(const Agreement& a) { return text::join(a.minerals, ", "); }

// ---- CSV --------------------------------------------------------------------------------

}  // namespace

// RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula.
void append_csv_cell(std::string& out, std::string_view cell) {
  std::string value;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    value = "'";
  }
  value += cell;
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

namespace {

class CsvWriter final : public RecordWriter {
 public:
  CsvWriter(std::ostream& out, Explode explode) : m_out(out), m_explode(explode) {
    const std::string_view people = explode == Explode::parties ? "party,role" : "parties,roles";
    const std::string_view minerals = explode == Explode::minerals ? "mineral" : "minerals";
    m_out << "id,key,type,title,status,binding," << people << ',' << minerals
          << ",value_amount,value_currency,value_approximate,ceiling_amount,ceiling_currency,"
             "term,announced,signed,expires,site,region,country,tags\r\n";
  }
  void write(const Agreement& a) override {
    std::vector<std::string> roles;
    for (const auto& p : a.parties) roles.emplace_back(to_string(p.role));
    std::array<std::string, 22> cells = {a.id ? std::to_string(*a.id) : "",
                                         a.key,
                                         std::string(to_string(a.type)),
                                         a.title,
                                         std::string(to_string(a.status)),
                                         a.binding ? (*a.binding ? "true" : "false") : "",
                                         parties_text(a),
                                         text::join(roles, "; "),
                                         minerals_text(a),
                                         a.value ? a.value->amount_string() : "",
                                         a.value ? a.value->currency : "",
                                         a.value ? (a.value->approximate ? "true" : "false") : "",
                                         a.ceiling ? a.ceiling->amount_string() : "",
                                         a.ceiling ? a.ceiling->currency : "",
                                         a.term,
                                         a.announced.str(),
                                         a.signed_on.str(),
                                         a.expires.str(),
                                         a.location.site,
                                         a.location.region,
                                         a.location.country,
                                         text::join(a.tags, "; ")};
    std::string out;
    // Exploded: the same record once per mineral or party (once when there is none), so a
    // spreadsheet can pivot without splitting cells.
    if (m_explode == Explode::minerals && !a.minerals.empty()) {
      for (const auto& m : a.minerals) {
        cells[8] = m;
        append_row(out, cells);
      }
    } else if (m_explode == Explode::parties && !a.parties.empty()) {
      for (const auto& p : a.parties) {
        cells[6] = p.name;
        cells[7] = std::string(to_string(p.role));
        append_row(out, cells);
      }
    } else {
      append_row(out, cells);
    }
    m_out << out;
  }
  void finish() override { m_out.flush(); }

 private:
  static void append_row(std::string& out, const std::array<std::string, 22>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      append_csv_cell(out, cells[i]);
    }
    out += "\r\n";
  }

  std::ostream& m_out;
  Explode m_explode;
};

// ---- JSON / JSONL / YAML ----------------------------------------------------------------

class JsonWriter final : public RecordWriter {
 public:
  JsonWriter(std::ostream& out, bool lines, const RenderOptions& options)
      : m_out(out), m_lines(lines), m_options(options) {
    if (m_lines) return;
    if (m_options.document) {
      m_out << fmt::format("{{\"schema_version\":{},\"agreements\":[", k_interchange_version);
    } else {
      m_out << '[';
    }
  }
  void write(const Agreement& a) override {
    m_buf.clear();
    if (!m_lines) m_buf += m_first ? "\n" : ",\n";
    // Outside a document (a JSON array, JSON Lines) each record names its schema version.
    write_json(m_buf, a, m_options.with_id ? WithId::yes : WithId::no,
               m_options.document ? WithVersion::no : WithVersion::yes);
    if (m_lines) m_buf += '\n';
    m_out << m_buf;
    m_first = false;
  }
  void write_organisations(const std::vector<PartyAliases>& organisations) override {
    if (m_options.document) write_json_organisations(m_trailer, organisations);
  }
  void finish() override {
    if (!m_lines) {
      m_out << (m_first ? "]" : "\n]") << m_trailer << (m_options.document ? "}\n" : "\n");
    }
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  bool m_lines;
  RenderOptions m_options;
  std::string m_trailer;
  bool m_first = true;
  std::string m_buf;
};

class YamlWriter final : public RecordWriter {
 public:
  YamlWriter(std::ostream& out, const RenderOptions& options) : m_out(out), m_options(options) {}
  void write(const Agreement& a) override {
    m_buf.clear();
    if (m_first) m_buf = fmt::format("schema_version: {}\nagreements:\n", k_interchange_version);
    write_yaml_item(m_buf, a, m_options.with_id ? WithId::yes : WithId::no);
    m_out << m_buf;
    m_first = false;
  }
  void write_organisations(const std::vector<PartyAliases>& organisations) override {
    if (m_options.document) write_yaml_organisations(m_trailer, organisations);
  }
  void finish() override {
    if (m_first)
      m_out << fmt::format("schema_version: {}\nagreements: []\n", k_interchange_version);
    m_out << m_trailer;
    m_out.flush();
  }

 private:
  std::ostream& m_out;
  RenderOptions m_options;
  bool m_first = true;
  std::string m_buf;
  std::string m_trailer;
};

// ---- table and Markdown -------------------------------------------------------------------

struct Column {
  std::string_view header;
  std::size_t min_width;
  bool right;
};

constexpr std::array<Column, 9> k_columns = {{
    {"ID", 2, true},
    {"KEY", 3, false},
    {"DATE", 4, false},
    {"TYPE", 4, false},
    {"STATUS", 6, false},
    {"VALUE", 5, true},
    {"MINERALS", 8, false},
    {"PARTIES", 7, false},
    {"TITLE", 5, false},
}};

std::array<std::string, 8> cells_for(const Agreement& a) {
  return {a.id ? std::to_string(*a.id) : "",
          a.date().str(),
          std::string(to_string(a.type)),
          std::string(to_string(a.status)),
          a.value ? format_money_short(*a.value) : "",
          minerals_text(a),
          parties_text(a),
          a.title};
}

std::string_view type_colour(AgreementType t) {
  switch (t) {
    case AgreementType::loan:
    case AgreementType::grant:
    case AgreementType::investment:
      return "\x1b[32m";  // money moves: green
    case AgreementType::offtake:
    case AgreementType::contract:
      return "\x1b[36m";  // supply: cyan
    case AgreementType::mou:
    case AgreementType::loi:
    case AgreementType::framework:
    case AgreementType::partnership:
      return "\x1b[33m";  // intent: yellow
    default:
      return "\x1b[35m";
  }
}

std::string_view status_colour(Status s) {
  switch (s) {
    case Status::completed:
      return "\x1b[1;32m";
    case Status::signed_:
      return "\x1b[32m";
    case Status::approved:
      return "\x1b[36m";
    case Status::proposed:
      return "\x1b[33m";
    case Status::terminated:
      return "\x1b[31m";
    case Status::unknown:
      return "\x1b[2m";
  }
  return "";
}

class TableWriter final : public RecordWriter {
 public:
  TableWriter(std::ostream& out, const RenderOptions& options) : m_out(out), m_options(options) {}

  void write(const Agreement& a) override {
    const auto cells = cells_for(displayable(a));
    Row row{{}, a.type, a.status};
    row.cells[0] = cells[0];
    row.cells[1] = text::visible(a.key);
    for (std::size_t c = 1; c < cells.size(); ++c) row.cells[c + 1] = cells[c];
    m_rows.push_back(std::move(row));
    if (m_rows.size() >= k_batch) flush();
  }
  void finish() override {
    flush();
    if (!m_printed_header) m_out << "no agreements\n";
    m_out.flush();
  }

 private:
  static constexpr std::size_t k_batch = 1000;

  struct Row {
    std::array<std::string, 9> cells;
    AgreementType type;
    Status status;
  };

  // Column widths come from the first batch (and the headers), then stay fixed so that
  // a long listing streams in constant memory.
  void size_columns() {
    for (std::size_t c = 0; c < k_columns.size(); ++c) {
      m_widths[c] = std::max(k_columns[c].min_width, text::display_width(k_columns[c].header));
      for (const auto& r : m_rows)
        m_widths[c] = std::max(m_widths[c], text::display_width(r.cells[c]));
    }
    // KEY and TITLE always; on a narrow terminal MINERALS, then PARTIES, give way (--wide
    // prints them all). Spare width goes to the key up to 22 columns, then to the title.
    fit_listing(m_widths.data(), m_widths.size(),
                {{1, 12, 22}, {8, 24, 60}, {7, 14, 28}, {6, 10, 18}}, m_options.width);
  }

  void flush() {
    if (m_rows.empty()) return;
    if (!m_printed_header) {
      size_columns();
      std::array<std::string, 9> headers;
      for (std::size_t c = 0; c < k_columns.size(); ++c) headers[c] = k_columns[c].header;
      line(headers, nullptr, true);
      m_printed_header = true;
    }
    for (const auto& r : m_rows) line(r.cells, &r, false);
    m_rows.clear();
    m_out << m_buf;
    m_buf.clear();
  }

  void line(const std::array<std::string, 9>& cells, const Row* row, bool header) {
    // Drop trailing spaces: the last column is left-aligned and not padded.
    bool first = true;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (m_widths[c] == 0) continue;  // a column given way on a narrow terminal
      std::string cell = text::truncate_to_width(cells[c], m_widths[c]);
      const std::size_t pad = m_widths[c] - text::display_width(cell);
      std::string_view colour;
      if (m_options.color && header) colour = "\x1b[1m";
      if (m_options.color && row && c == 3) colour = type_colour(row->type);
      if (m_options.color && row && c == 4) colour = status_colour(row->status);
      if (!first) m_buf += "  ";
      first = false;
      if (k_columns[c].right) m_buf.append(pad, ' ');
      m_buf += colour;
      m_buf += cell;
      if (!colour.empty()) m_buf += "\x1b[0m";
      if (!k_columns[c].right && c + 1 < cells.size()) m_buf.append(pad, ' ');
    }
    m_buf += '\n';
  }

  std::ostream& m_out;
  RenderOptions m_options;
  std::vector<Row> m_rows;
  std::array<std::size_t, 9> m_widths{};
  bool m_printed_header = false;
  std::string m_buf;
};

// " cell |", escaped, after a row's opening "|" or the previous cell.
void append_markdown_cell(std::string& row, std::string_view cell) {
  row += ' ';
  row += markdown_escape(cell);
  row += " |";
}

}  // namespace

// GitHub-flavoured Markdown: everything escaped so that no cell can inject markup.
std::string markdown_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '\\':
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '#':
      case '~':
      case '!':
      case '(':
      case ')':
        out += '\\';
        out += c;
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  // Other control characters, shown as escapes rather than sent to whoever renders it.
  return text::visible(out);
}

namespace {

class MarkdownWriter final : public RecordWriter {
 public:
  explicit MarkdownWriter(std::ostream& out) : m_out(out) {
    m_out << "| ID | Date | Type | Status | Value | Minerals | Parties | Title |\n"
             "|---:|---|---|---|---:|---|---|---|\n";
  }
  void write(const Agreement& a) override {
    const auto cells = cells_for(a);
    std::string line = "|";
    for (const auto& c : cells) append_markdown_cell(line, c);
    m_out << line << '\n';
  }
  void finish() override { m_out.flush(); }

 private:
  std::ostream& m_out;
};

}  // namespace

namespace {

// A cell as a terminal shows it, measured once: most cells are printable ASCII and are shown
// as they are; the others are made visible (escapes for control bytes) into a copy.
struct ShownCell {
  const std::string* original = nullptr;
  std::optional<std::string> changed;
  std::size_t width = 0;

  explicit ShownCell(const std::string& s) : original(&s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
      const auto b = static_cast<unsigned char>(ch);
      return b >= 0x20 && b < 0x7F;
    });
    if (plain) {
      width = s.size();
    } else {
      changed = text::visible(s);
      width = text::display_width(*changed);
    }
  }
  const std::string& text() const { return changed ? *changed : *original; }
};

}  // namespace

void write_text_table(std::ostream& out, const TextTable& t, const RenderOptions& options) {
  const auto shown_row = [](const std::vector<std::string>& cells) {
    std::vector<ShownCell> row;
    row.reserve(cells.size());
    for (const auto& c : cells) row.emplace_back(c);
    return row;
  };
  const std::vector<ShownCell> headers = shown_row(t.headers);
  std::vector<std::vector<ShownCell>> rows;
  rows.reserve(t.rows.size());
  for (const auto& r : t.rows) rows.push_back(shown_row(r));

  std::vector<std::size_t> widths(headers.size());
  for (std::size_t c = 0; c < headers.size(); ++c) {
    widths[c] = headers[c].width;
    for (const auto& r : rows) widths[c] = std::max(widths[c], r[c].width);
  }
  // Text columns (those not right-aligned) give way when the table is wider than the screen.
  std::vector<std::size_t> flexible;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (!(c < t.right.size() && t.right[c]) && widths[c] > 8) flexible.push_back(c);
  }
  fit_widths(widths.data(), widths.size(), flexible, options.width);
  std::string buf;
  const auto line = [&](const std::vector<ShownCell>& cells, bool header) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool right = c < t.right.size() && t.right[c];
      std::size_t pad = 0;
      if (c) buf += "  ";
      if (header && options.color) buf += "\x1b[1m";
      if (cells[c].width <= widths[c]) {
        pad = widths[c] - cells[c].width;
        if (right) buf.append(pad, ' ');
        buf += cells[c].text();
      } else {
        const std::string cut = text::truncate_to_width(cells[c].text(), widths[c]);
        pad = widths[c] - text::display_width(cut);
        if (right) buf.append(pad, ' ');
        buf += cut;
      }
      if (header && options.color) buf += "\x1b[0m";
      if (!right && c + 1 < cells.size()) buf.append(pad, ' ');
    }
    buf += '\n';
    // Written out as it grows: a table of a million rows never sits in memory twice.
    if (buf.size() >= (std::size_t{1} << 16)) {
      out << buf;
      buf.clear();
    }
  };
  line(headers, true);
  for (const auto& r : rows) line(r, false);
  out << buf;
}

void write_markdown_table(std::ostream& out, const TextTable& t) {
  std::string buf = "|";
  for (const auto& h : t.headers) append_markdown_cell(buf, h);
  buf += "\n|";
  for (std::size_t c = 0; c < t.headers.size(); ++c) {
    buf += c < t.right.size() && t.right[c] ? "---:|" : "---|";
  }
  buf += '\n';
  for (const auto& r : t.rows) {
    buf += '|';
    for (const auto& cell : r) append_markdown_cell(buf, cell);
    buf += '\n';
  }
  out << buf;
}

void write_csv_table(std::ostream& out, const TextTable& t) {
  std::string buf;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) buf += ',';
      append_csv_cell(buf, cells[c]);
    }
    buf += "\r\n";
  };
  line(t.headers);
  for (const auto& r : t.rows) line(r);
  out << buf;
}

std::string_view to_string(Format f) { return k_format_names[static_cast<std::size_t>(f)]; }

std::optional<Format> parse_format(std::string_view s) {
  if (text::iequals(s, "text")) return Format::table;
  for (std::size_t i = 0; i < k_format_names.size(); ++i) {
    if (text::iequals(k_format_names[i], s)) return static_cast<Format>(i);
  }
  return std::nullopt;
}

std::unique_ptr<RecordWriter> make_record_writer(Format format, std::ostream& out,
                                                 const RenderOptions& options) {
  switch (format) {
    case Format::table:
      return std::make_unique<TableWriter>(out, options);
    case Format::json:
      return std::make_unique<JsonWriter>(out, false, options);
    case Format::jsonl:
      return std::make_unique<JsonWriter>(out, true, options);
    case Format::csv:
      return std::make_unique<CsvWriter>(out, options.explode);
    case Format::yaml:
      return std::make_unique<YamlWriter>(out, options);
    case Format::markdown:
      return std::make_unique<MarkdownWriter>(out);
    case Format::html:
      break;  // report's alone: no record writer
  }
  return nullptr;
}

namespace {

// The key (bold on a terminal), the id and the title that open `show`'s views of a record.
void append_record_heading(std::string& s, const Agreement& a, const RenderOptions& options) {
  s += options.color ? fmt::format("\x1b[1m{}\x1b[0m", a.key) : a.key;
  if (a.id) s += fmt::format("  (id {})", *a.id);
  s += '\n';
  if (!a.title.empty()) s += a.title + "\n";
  s += '\n';
}

// The numbered source list ("[1] title — publisher, url, date") that [n] references point to.
void append_source_list(std::string& s, const Agreement& a) {
  if (a.sources.empty()) return;
  s += "\n  sources\n";
  for (std::size_t i = 0; i < a.sources.size(); ++i) {
    const auto& src = a.sources[i];
    std::vector<std::string> parts;
    for (const auto* p : {&src.publisher, &src.url}) {
      if (!p->empty()) parts.push_back(*p);
    }
    if (!src.published.empty()) parts.push_back(src.published.str());
    if (src.url.empty() && !src.sha256.empty())
      parts.push_back("sha256 " + src.sha256.substr(0, 12));
    s += fmt::format("    [{}] {}{}\n", i + 1, src.title.empty() ? "(untitled)" : src.title,
                     parts.empty() ? "" : " \u2014 " + text::join(parts, ", "));
  }
}

}  // namespace

void render_agreement_text(std::ostream& out, const Agreement& stored,
                           const RenderOptions& options) {
  const Agreement a = displayable(stored);
  std::string s;
  append_record_heading(s, a, options);
  const auto field = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) s += fmt::format("  {:<10} {}\n", name, value);
  };
  field("type", std::string(to_string(a.type)));
  field("status", std::string(to_string(a.status)));
  field("binding", a.binding ? (*a.binding ? "yes" : "no") : "");
  for (std::size_t i = 0; i < a.parties.size(); ++i) {
    field(i == 0 ? "parties" : "",
          fmt::format("{} ({}){}", a.parties[i].name, to_string(a.parties[i].role),
                      a.parties[i].as_written.empty()
                          ? ""
                          : fmt::format(", as \u201C{}\u201D", a.parties[i].as_written)));
  }
  field("minerals", minerals_text(a));
  field("value", a.value ? format_money_long(*a.value) : "");
  field("ceiling", a.ceiling ? format_money_long(*a.ceiling) : "");
  field("term", a.term);
  field("announced", a.announced.str());
  field("signed", a.signed_on.str());
  field("expires", a.expires.str());
  {
    std::vector<std::string> parts;
    for (const auto* p : {&a.location.site, &a.location.region, &a.location.country}) {
      if (!p->empty()) parts.push_back(*p);
    }
    field("location", text::join(parts, ", "));
  }
  {
    std::vector<std::string> stages;
    for (auto st : a.stages) stages.emplace_back(to_string(st));
    field("stage", text::join(stages, ", "));
  }
  field("tags", text::join(a.tags, ", "));
  field("notes", a.notes);
  if (!a.events.empty()) {
    s += "\n  history\n";
    for (const auto& e : a.events) {
      std::vector<std::string> what;
      if (!e.note.empty()) what.push_back(e.note);
      if (e.value) what.push_back("value " + format_money_long(*e.value));
      if (e.ceiling) what.push_back("ceiling " + format_money_long(*e.ceiling));
      if (!e.source.empty()) what.push_back("(" + e.source + ")");
      std::string line = fmt::format("    {:<10} {:<10} {}", e.date.empty() ? "?" : e.date.str(),
                                     e.status ? to_string(*e.status) : "", text::join(what, "; "));
      while (line.back() == ' ') line.pop_back();
      s += line + "\n";
    }
  }
  append_source_list(s, a);
  if (!a.evidence.empty()) {
    s += "\n  evidence\n";
    for (const auto& e : a.evidence) {
      std::string where;
      if (e.start && e.end) where = fmt::format(" (bytes {}–{})", *e.start, *e.end);
      s += fmt::format("    “{}”{}\n", e.text, where);
    }
  }
  if (!a.related.empty() || !a.merged_keys.empty()) {
    s += "\n  related\n";
    for (const auto& r : a.related) s += fmt::format("    {} {}\n", to_string(r.relation), r.key);
    for (const auto& k : a.merged_keys)
      s += fmt::format("    merged {} (duplicate-of this record)\n", k);
  }
  out << s;
}

namespace {

// "[2]" for a source of the agreement, the label itself for one it does not list.
std::string source_ref(const Agreement& a, const std::string& label) {
  for (std::size_t i = 0; i < a.sources.size(); ++i) {
    if (names_source(label, a.sources[i])) return fmt::format("[{}]", i + 1);
  }
  return label.empty() ? std::string() : fmt::format("\u201C{}\u201D", label);
}

std::string sources_line(const Agreement& a, const Provenance& p, const std::string& quote) {
  std::vector<std::string> parts;
  if (auto ref = source_ref(a, p.source); !ref.empty()) parts.push_back(ref);
  if (!p.rule.empty()) parts.push_back(p.rule);
  if (p.start && p.end) parts.push_back(fmt::format("(bytes {}\u2013{})", *p.start, *p.end));
  if (!quote.empty()) {
    parts.push_back(fmt::format("\u201C{}\u201D", text::truncate_to_width(quote, 72)));
  }
  if (!p.claim.empty()) parts.push_back(fmt::format("states {} (conflict)", p.claim));
  if (parts.empty()) parts.emplace_back("(unknown)");
  return text::join(parts, " ");
}

}  // namespace

void render_agreement_sources(std::ostream& out, const Agreement& stored,
                              const std::vector<std::string>& stored_quotes,
                              const RenderOptions& options) {
  const Agreement a = displayable(stored);
  std::vector<std::string> quotes;
  for (const auto& q : stored_quotes) quotes.push_back(text::visible(q));
  std::string s;
  append_record_heading(s, a, options);
  std::vector<std::string> all_sources;
  for (std::size_t i = 0; i < a.sources.size(); ++i)
    all_sources.push_back(fmt::format("[{}]", i + 1));
  for (const auto& f : field_values(a)) {
    std::string label = f.field;
    if (label.starts_with("parties[")) label = "party";
    if (label.starts_with("minerals[")) label = "mineral";
    s += fmt::format("  {:<10} {}\n", label, f.value);
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < a.provenance.size(); ++i) {
      if (a.provenance[i].field != f.field) continue;
      lines.push_back(sources_line(a, a.provenance[i], i < quotes.size() ? quotes[i] : ""));
    }
    if (lines.empty()) {
      lines.push_back(all_sources.empty()
                          ? "(no source)"
                          : text::join(all_sources, " ") + " (the record's sources)");
    }
    for (const auto& line : lines) s += fmt::format("  {:<10}   {}\n", "", line);
  }
  append_source_list(s, a);
  if (!a.merged_keys.empty()) {
    s += "\n  merged\n";
    for (const auto& k : a.merged_keys) s += fmt::format("    {} (duplicate-of this record)\n", k);
  }
  out << s;
}

}  // namespace mtrack
