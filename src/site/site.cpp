#include "mtrack/site/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "mtrack/domain/report.hpp"
#include "mtrack/extract/extract.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/formats/html_parts.hpp"
#include "mtrack/formats/render.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::site {

namespace {

namespace fs = std::filesystem;

std::string esc(std::string_view s) { return html_escape(s); }

// Only http and https addresses become links; anything else (javascript:, data:, a relative
// path) is shown as text.
bool safe_url(std::string_view url) {
  const std::string_view u = text::trim(url);
  return (text::starts_with_icase(u, "https://") || text::starts_with_icase(u, "http://")) &&
         u.find_first_of(" \t\r\n\"'<>`") == std::string_view::npos;
}

constexpr std::string_view k_site_style = R"css(
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:8px 12px;z-index:2}
.skip:focus{left:8px;top:8px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{background:#0f172a;color:#e2e8f0}
.top .in{max-width:1180px;margin:0 auto;padding:10px 24px;display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center}
.top a{color:#e2e8f0;text-decoration:none}
.top a:hover,.top a:focus{text-decoration:underline}
.top .brand{font-weight:650;margin-right:auto}
.top nav ul{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;margin:0;padding:0}
.top nav a[aria-current=page]{text-decoration:underline;text-underline-offset:4px}
.top form{display:flex;gap:6px}
.top input{padding:5px 8px;border-radius:6px;border:1px solid #475569;background:#1e293b;color:#f8fafc;font:inherit;width:12em;max-width:40vw}
.top button{padding:5px 10px;border-radius:6px;border:1px solid #475569;background:#334155;color:#f8fafc;font:inherit}
a{color:#1d4ed8}
a:focus-visible,button:focus-visible,input:focus-visible{outline:2px solid #2563eb;outline-offset:2px}
dl.fields{display:grid;grid-template-columns:minmax(7em,max-content) 1fr;gap:6px 18px;margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
dl.fields dt{color:var(--muted)}
dl.fields dd{margin:0;overflow-wrap:anywhere}
blockquote{margin:0 0 12px;padding:10px 14px;background:var(--card);border-left:4px solid var(--accent);border-radius:4px}
blockquote p{margin:0 0 4px}
blockquote footer,cite{color:var(--muted);font-size:13px;margin:0}
ul.plain{padding-left:1.2em}
ul.plain li{margin:3px 0;overflow-wrap:anywhere}
.cols{columns:3 16em;padding-left:1.2em}
.conv h2{margin-top:8px}
.conv p{margin:8px 0}
.cards{grid-template-columns:repeat(auto-fit,minmax(min(140px,100%),1fr));align-items:start}
.cards .figure{font-size:20px}
.charts{align-items:start}
#results li{margin:6px 0}
#results small{color:var(--muted);display:block}
.more{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #cbd5e1;background:#fff;cursor:pointer}
main>footer{border-top:1px solid var(--line);padding-top:12px}
@media (max-width:600px){main{padding:20px 14px 32px}h1{font-size:23px}.top .in{padding:10px 14px}}
@media print{.top,.skip,.tools,.more,form{display:none!important}body{background:#fff;font-size:11pt}
main{max-width:none;padding:0}.card,figure,.wrap,dl.fields{break-inside:avoid;border-color:#999}
a{color:inherit}a.ext::after{content:" (" attr(href) ")";font-size:9pt;overflow-wrap:anywhere}
.wrap{overflow:visible}table{font-size:9pt}}
)css";

constexpr std::string_view k_search_script = R"js(
(function () {
  var box = document.getElementById('q');
  var out = document.getElementById('results');
  if (!box || !out) return;
  var note = document.getElementById('search-note');
  var index = null, pending = false;
  function run() {
    if (!index) { load(); return; }
    var terms = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    out.textContent = '';
    if (!terms.length) { note.textContent = ''; return; }
    var n = 0;
    index.forEach(function (e) {
      for (var i = 0; i < terms.length; i++) if (e[3].indexOf(terms[i]) < 0) return;
      n++;
      if (n > 100) return;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e[0];
      a.textContent = e[1];
      var small = document.createElement('small');
      small.textContent = e[2];
      li.appendChild(a);
      li.appendChild(small);
      out.appendChild(li);
    });
    note.textContent = n + (n === 1 ? ' match' : ' matches') + (n > 100 ? ', the first 100 shown' : '');
  }
  function load() {
    if (pending) return;
    pending = true;
    note.textContent = 'Loading the index…';
    window.mtrackSearch = function (data) {
      index = data.map(function (e) {
        return [e[0], e[1], e[2], (e[1] + ' ' + e[2] + ' ' + e[3]).toLowerCase()];
      });
      run();
    };
    var s = document.createElement('script');
    s.src = box.getAttribute('data-index');
    document.body.appendChild(s);
  }
  box.addEventListener('input', run);
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) {
    box.value = decodeURIComponent(m[1].replace(/\+/g, ' '));
    run();
  }
})();
)js";

struct Written {
  std::size_t files = 0, bytes = 0;
};

void write_file(const fs::path& path, std::string_view data, Written& w) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) throw Error(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  ++w.files;
  w.bytes += data.size();
}

// A JSON string for a data script (valid JavaScript; '<' escaped so no "</script>" forms).
void js_string(std::string& out, std::string_view s) {
  std::string tmp;
  append_json_string(tmp, s);
  for (char c : tmp) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
}

enum class Section { home, minerals, organisations, countries, years, search, none };

struct Nav {
  std::string site_title;
  std::string footer;  // escaped HTML
};

std::string page(const Nav& nav, std::string_view root, Section current, std::string_view title,
                 const std::string& body, std::string_view head_extra = {}) {
  const auto item = [&](Section s, std::string_view href, std::string_view label) {
    return fmt::format("<li><a href=\"{}{}\"{}>{}</a></li>", root, href,
                       s == current ? " aria-current=\"page\"" : "", label);
  };
  std::string s =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += fmt::format("<title>{}</title>\n", esc(title == nav.site_title ? title
                                                : std::string(title) + " · " + nav.site_title));
  s += fmt::format("<link rel=\"stylesheet\" href=\"{}assets/site.css\">\n", root);
  s += fmt::format(
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"{}feed.atom\">\n",
      esc(nav.site_title), root);
  s += head_extra;
  s += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n";
  s += fmt::format(
      "<header class=\"top\"><div class=\"in\"><a class=\"brand\" href=\"{0}index.html\">{1}</a>"
      "<nav aria-label=\"Sections\"><ul>{2}{3}{4}{5}{6}{7}</ul></nav>"
      "<form role=\"search\" action=\"{0}search.html\" method=\"get\"><label class=\"sr\" "
      "for=\"top-q\">Search agreements</label><input id=\"top-q\" name=\"q\" type=\"search\" "
      "placeholder=\"Search\"><button type=\"submit\">Search</button></form></div></header>\n",
      root, esc(nav.site_title), item(Section::home, "index.html", "Agreements"),
      item(Section::minerals, "minerals.html", "Minerals"),
      item(Section::organisations, "organisations.html", "Organisations"),
      item(Section::countries, "countries.html", "Countries"),
      item(Section::years, "years.html", "Years"), item(Section::search, "search.html", "Search"));
  s += "<main id=\"main\">\n";
  s += body;
  s += fmt::format(
      "<footer>{} <a href=\"{}feed.atom\">Atom feed</a> · Data: <a href=\"{}agreements.csv\">CSV</a>, "
      "<a href=\"{}agreements.json\">JSON</a>, <a href=\"{}agreements.yaml\">YAML</a></footer>\n",
      nav.footer, root, root, root, root);
  s += fmt::format("</main>\n<script src=\"{}assets/site.js\"></script>\n</body>\n</html>\n", root);
  return s;
}

// A named set of agreements with its own page (a mineral, an organisation, ...).
struct Bucket {
  std::string name;
  std::string file;  // "mineral/cobalt.html"
  std::vector<const Agreement*> agreements;
};

// Unique file names from names: slugs, "-2", "-3" for names that slug alike (in name order).
std::map<std::string, std::string> file_names(const std::set<std::string>& names,
                                              std::string_view folder) {
  std::map<std::string, std::string> out;
  std::set<std::string> used;
  for (const auto& n : names) {
    std::string base = text::slug(n);
    if (base.empty()) base = "x";
    std::string s = base;
    for (int i = 2; used.count(s); ++i) s = fmt::format("{}-{}", base, i);
    used.insert(s);
    out[n] = fmt::format("{}/{}.html", folder, s);
  }
  return out;
}

std::string money_text(const std::optional<Money>& m) {
  return m ? format_money_long(*m) : std::string();
}

std::string date_text(const PartialDate& d) { return d.empty() ? "" : d.str(); }

class Builder {
 public:
  Builder(const SiteInput& in, const SiteOptions& o) : m_in(in), m_o(o) {
    m_minerals = in.minerals ? in.minerals : &MineralTable::builtin();
    for (const auto& a : in.agreements) m_rows.push_back(&a);
    // Newest first, undated last, then by key: the order of every table.
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Agreement* x, const Agreement* y) {
      const PartialDate &dx = x->date(), &dy = y->date();
      if (dx.empty() != dy.empty()) return dy.empty();
      if (dx.first_day() != dy.first_day()) return dx.first_day() > dy.first_day();
      return x->key < y->key;
    });
    for (const auto* a : m_rows) m_keys.insert(a->key);
    for (const auto& org : in.organisations) m_orgs[org.name] = &org;
    m_as_of = o.as_of.empty() ? latest_date() : o.as_of;
    m_nav.site_title = o.title;
    m_nav.footer = fmt::format("Data as of {}{}. {} agreements.", esc(m_as_of.empty() ? "—" : m_as_of.str()),
                               o.as_of.empty() ? " (the latest date in the records)" : "",
                               m_rows.size());
    if (!o.scope.empty()) m_nav.footer += fmt::format(" Selection: {}.", esc(o.scope));
  }

  SiteStats write(const fs::path& dir) {
    for (const char* sub : {"a", "mineral", "org", "country", "year", "data", "assets"}) {
      fs::create_directories(dir / sub);
    }
    std::string css(html_style());
    css += k_site_style;
    put(dir, "assets/site.css", css);
    put(dir, "assets/site.js", std::string(html_table_script()) + std::string(k_search_script));
    put(dir, ".mtrack-site", "A site written by `mtrack site`; mtrack replaces this folder whole.\n");

    build_buckets();
    SiteStats stats;
    const std::string index = index_page();
    stats.index_bytes = index.size();
    put(dir, "index.html", index);
    if (m_rows.size() > m_o.table_rows) put(dir, "data/rows.js", rows_script());
    for (const auto* a : m_rows) {
      put(dir, "a/" + page_name(a->key) + ".html", agreement_page(*a));
      for (const auto& old : a->merged_keys) {
        if (m_keys.count(old)) continue;  // a live record has that key
        put(dir, "a/" + page_name(old) + ".html", redirect_page(old, *a));
      }
    }
    bucket_pages(dir, m_mineral_buckets, Section::minerals, "minerals.html", "Minerals",
                 "Mineral");
    bucket_pages(dir, m_org_buckets, Section::organisations, "organisations.html",
                 "Organisations", "Organisation");
    bucket_pages(dir, m_country_buckets, Section::countries, "countries.html", "Countries",
                 "Country");
    bucket_pages(dir, m_year_buckets, Section::years, "years.html", "Years", "Year");
    put(dir, "search.html", search_page());
    put(dir, "data/search.js", search_script());
    put(dir, "feed.atom", feed());
    downloads(dir);
    stats.files = m_written.files;
    stats.bytes = m_written.bytes;
    return stats;
  }

 private:
  void put(const fs::path& dir, const std::string& rel, std::string_view data) {
    write_file(dir / rel, data, m_written);
  }

  PartialDate latest_date() const {
    PartialDate best;
    const auto see = [&](const PartialDate& d) {
      if (!d.empty() && (best.empty() || d.first_day() > best.first_day())) best = d;
    };
    for (const auto* a : m_rows) {
      see(a->announced);
      see(a->signed_on);
      for (const auto& e : a->events) see(e.date);
      for (const auto& s : a->sources) see(s.published);
    }
    return best;
  }

  std::string agreement_href(std::string_view root, const std::string& key) const {
    return fmt::format("{}a/{}.html", root, page_name(key));
  }

  // ---- grouping ----

  void build_buckets() {
    std::set<std::string> minerals, orgs, countries, years;
    std::map<std::string, std::vector<const Agreement*>> by_mineral, by_org, by_country, by_year;
    std::set<std::string> groups;
    for (const auto* a : m_rows) {
      std::set<std::string> ms(a->minerals.begin(), a->minerals.end());
      for (const auto& m : a->minerals) {
        if (const Mineral* row = m_minerals->find(m)) {
          for (const auto& g : row->groups) {
            const Mineral* gr = m_minerals->find(g);
            if (gr && gr->kind == MineralKind::group) ms.insert(gr->name);
          }
        }
      }
      for (const auto& m : ms) by_mineral[m].push_back(a);
      std::set<std::string> ps;
      for (const auto& p : a->parties) ps.insert(p.name);
      for (const auto& p : ps) by_org[p].push_back(a);
      if (!a->location.country.empty()) by_country[a->location.country].push_back(a);
      if (!a->date().empty()) by_year[std::to_string(a->date().year)].push_back(a);
    }
    const auto fill = [](auto& src, std::string_view folder, std::vector<Bucket>& out,
                         std::map<std::string, std::string>& files) {
      std::set<std::string> names;
      for (const auto& [k, v] : src) names.insert(k);
      files = file_names(names, folder);
      for (auto& [k, v] : src) out.push_back(Bucket{k, files[k], std::move(v)});
    };
    fill(by_mineral, "mineral", m_mineral_buckets, m_mineral_files);
    fill(by_org, "org", m_org_buckets, m_org_files);
    fill(by_country, "country", m_country_buckets, m_country_files);
    fill(by_year, "year", m_year_buckets, m_year_files);
  }

  std::string link_or_text(const std::map<std::string, std::string>& files, std::string_view root,
                           const std::string& name, const std::string& label) const {
    auto it = files.find(name);
    if (it == files.end()) return esc(label);
    return fmt::format("<a href=\"{}{}\">{}</a>", root, it->second, esc(label));
  }

  // ---- pieces ----

  std::string table(std::string_view root, const std::vector<const Agreement*>& rows,
                    std::string_view id, std::size_t inline_rows, bool lazy) const {
    std::string s = fmt::format(
        "<div class=\"tools\"><label class=\"sr\" for=\"{0}-filter\">Filter agreements</label>"
        "<input id=\"{0}-filter\" class=\"filter\" type=\"search\" placeholder=\"Filter: mineral, "
        "party, country, …\"><span id=\"{0}-shown\" class=\"shown\" aria-live=\"polite\">"
        "{1} of {2} shown</span>",
        id, std::min(rows.size(), inline_rows), rows.size());
    if (lazy) {
      s += fmt::format("<button type=\"button\" class=\"more\" id=\"{}-more\">Show all {}</button>",
                       id, rows.size());
    }
    s += fmt::format(
        "</div>\n<div class=\"wrap\"><table id=\"{0}\" class=\"sortable list\" "
        "data-filter=\"{0}-filter\" data-shown=\"{0}-shown\"",
        id);
    if (lazy) s += fmt::format(" data-all=\"{}data/rows.js\" data-more=\"{}-more\"", root, id);
    s += fmt::format("><caption class=\"sr\">Agreements{}</caption>{}<tbody>\n",
                     lazy ? fmt::format(", {} of {} listed", inline_rows, rows.size()) : "",
                     html_agreements_head());
    for (std::size_t i = 0; i < rows.size() && i < inline_rows; ++i) {
      s += html_agreement_row(*rows[i], agreement_href(root, rows[i]->key));
    }
    s += "</tbody></table></div>\n";
    return s;
  }

  std::string headline(const std::vector<const Agreement*>& rows, bool with_conversion) const {
    Totals t;
    for (const auto* a : rows) t.add(*a);
    std::string s = "<section class=\"cards\" aria-label=\"Headline figures\">\n";
    s += html_card("Agreements", std::to_string(t.agreements),
                   fmt::format("{} state a value", t.with_value));
    s += html_card("Binding", std::to_string(t.binding), "loans, contracts, offtakes");
    s += html_card("Non-binding", std::to_string(t.non_binding), "MOUs, LOIs, frameworks");
    s += html_card("Binding value", html_sums_figure(t.binding_value), "summed per currency");
    s += html_card("Non-binding value", html_sums_figure(t.non_binding_value),
                   "kept apart from binding");
    if (with_conversion && !m_o.convert_to.empty()) {
      const ConvertedTotals c = convert_totals(t, m_o.convert_to, m_in.rates, m_o.as_of);
      const auto fig = [](const std::optional<Money>& m) {
        return m ? esc(format_money_short(*m)) : std::string("—");
      };
      std::set<std::string> dates;
      for (const auto& r : c.rates) {
        for (const auto& row : r.rows) dates.insert(row.date.str());
      }
      const std::string note =
          dates.empty() ? std::string("nothing to convert")
                        : "at rates of " +
                              esc(text::join(std::vector<std::string>(dates.begin(), dates.end()), ", ")) +
                              " (<a href=\"#rates-h\">below</a>)";
      s += html_card("Binding value in " + c.currency, fig(c.binding), note);
      s += html_card("Non-binding value in " + c.currency, fig(c.non_binding), note);
      s += "</section>\n" + rates_table(c);
      return s;
    }
    s += "</section>\n";
    return s;
  }

  // The rates behind the converted figures: one row per currency, the table rows it came
  // from, and each source named once.
  static std::string rates_table(const ConvertedTotals& c) {
    std::string s = fmt::format(
        "<section class=\"conv\" aria-labelledby=\"rates-h\"><h2 id=\"rates-h\">Rates used for "
        "the {} figures</h2>\n",
        esc(c.currency));
    std::set<std::string> sources;
    if (c.rates.empty()) {
      s += fmt::format("<p>Every value is in {}: nothing was converted.</p>\n", esc(c.currency));
    } else {
      s += fmt::format(
          "<div class=\"wrap\"><table><thead><tr><th>Currency</th><th class=\"num\">1 unit in "
          "{}</th><th>From the rates</th><th>Dated</th></tr></thead><tbody>\n",
          esc(c.currency));
      for (const auto& r : c.rates) {
        std::vector<std::string> quotes, dates;
        for (const auto& row : r.rows) {
          quotes.push_back(fmt::format("{} {} per {}", row.currency, row.rate, row.base));
          dates.push_back(row.date.str());
          if (!row.source.empty()) sources.insert(row.source);
        }
        std::sort(dates.begin(), dates.end());
        dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
        s += fmt::format(
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"nowrap\">{}</td>"
            "</tr>\n",
            esc(r.from), esc(r.factor_text()), esc(text::join(quotes, "; ")),
            esc(text::join(dates, ", ")));
      }
      s += "</tbody></table></div>\n";
    }
    if (!sources.empty()) {
      s += fmt::format("<p class=\"sub\">Source: {}. Binding and non-binding are converted "
                       "apart; the sums per currency above are the figures as stated.</p>\n",
                       esc(text::join(std::vector<std::string>(sources.begin(), sources.end()), "; ")));
    }
    if (!c.missing.empty()) {
      s += fmt::format("<p class=\"sub\">No rate for {}: left out of the converted figures.</p>\n",
                       esc(text::join(c.missing, ", ")));
    }
    return s + "</section>\n";
  }

  // ---- pages ----

  std::string index_page() const {
    std::vector<Agreement> all;
    all.reserve(m_rows.size());
    for (const auto* a : m_rows) all.push_back(*a);
    std::string b = fmt::format("<h1>{}</h1>\n<p class=\"sub\">Data as of <time>{}</time>{}</p>\n",
                                esc(m_o.title), esc(m_as_of.empty() ? "—" : m_as_of.str()),
                                m_o.scope.empty() ? "" : " · " + esc(m_o.scope));
    b += headline(m_rows, true);
    b += "<h2>Charts</h2>\n<section class=\"charts\">\n";
    b += html_value_charts(all);
    b += html_timeline_chart(all);
    b += "</section>\n<h2>Agreements</h2>\n";
    const bool lazy = m_rows.size() > m_o.table_rows;
    if (lazy) {
      b += fmt::format(
          "<p class=\"sub\">The {} newest of {} agreements are listed; sorting, filtering or "
          "“Show all” loads the rest.</p>\n",
          m_o.table_rows, m_rows.size());
    }
    b += table("", m_rows, "agreements", m_o.table_rows, lazy);
    b += "<h2>Downloads</h2>\n<ul class=\"plain\"><li><a href=\"agreements.csv\">agreements.csv</a> "
         "(one row per agreement)</li><li><a href=\"agreements.json\">agreements.json</a> and "
         "<a href=\"agreements.yaml\">agreements.yaml</a> (the interchange format: <code>mtrack "
         "import</code> reads them)</li><li><a href=\"feed.atom\">feed.atom</a> (new and changed "
         "agreements)</li></ul>\n";
    return page(m_nav, "", Section::home, m_o.title, b);
  }

  std::string rows_script() const {
    std::string s = "mtrackAllRows([\n";
    bool first = true;
    for (const auto* a : m_rows) {
      if (!first) s += ",\n";
      first = false;
      const PartialDate& d = a->date();
      std::vector<std::string> parties;
      for (const auto& p : a->parties) parties.push_back(p.name);
      s += fmt::format("[[{},{}],[", d.empty() ? "\"\"" : "\"" + d.str() + "\"",
                       d.empty() ? 0 : d.first_day());
      js_string(s, a->title);
      s += ",null,";
      js_string(s, agreement_href("", a->key));
      s += "],";
      js_string(s, to_string(a->type));
      s += ',';
      js_string(s, to_string(a->status));
      s += is_binding(*a) ? ",\"binding\",[" : ",\"non-binding\",[";
      js_string(s, a->value ? format_money_short(*a->value) : "");
      s += fmt::format(",{}],", a->value ? a->value->minor : -1);
      js_string(s, text::join(a->minerals, ", "));
      s += ',';
      js_string(s, text::join(parties, "; "));
      s += ',';
      js_string(s, a->location.country);
      s += ']';
    }
    s += "\n]);\n";
    return s;
  }

  std::string agreement_page(const Agreement& a) const {
    const std::string root = "../";
    std::string b = fmt::format("<p class=\"sub\"><a href=\"../index.html\">Agreements</a> › {}</p>\n",
                                esc(a.key));
    b += fmt::format("<h1>{}</h1>\n", esc(a.title.empty() ? a.key : a.title));
    std::vector<std::pair<std::string, std::string>> f;  // label, HTML
    const auto add = [&](std::string_view label, const std::string& html) {
      if (!html.empty()) f.emplace_back(label, html);
    };
    add("Key", fmt::format("<code>{}</code>", esc(a.key)));
    add("Type", esc(to_string(a.type)));
    add("Status", esc(to_string(a.status)));
    add("Binding", is_binding(a) ? (a.binding ? "yes" : "yes (by its type)")
                                 : (a.binding ? "no" : "no (by its type)"));
    add("Value", esc(money_text(a.value)) +
                     (a.value && !a.value->as_written.empty()
                          ? fmt::format(" <small>(“{}”)</small>", esc(a.value->as_written))
                          : ""));
    add("Ceiling", esc(money_text(a.ceiling)));
    add("Term", esc(a.term));
    add("Announced", esc(date_text(a.announced)));
    add("Signed", esc(date_text(a.signed_on)));
    add("Expires", esc(date_text(a.expires)));
    {
      std::vector<std::string> loc;
      if (!a.location.site.empty()) loc.push_back(esc(a.location.site));
      if (!a.location.region.empty()) loc.push_back(esc(a.location.region));
      if (!a.location.country.empty()) {
        loc.push_back(link_or_text(m_country_files, root, a.location.country, a.location.country));
      }
      add("Location", text::join(loc, ", "));
    }
    {
      std::vector<std::string> ms;
      for (const auto& m : a.minerals) ms.push_back(link_or_text(m_mineral_files, root, m, m));
      add("Minerals", text::join(ms, ", "));
    }
    {
      std::vector<std::string> st;
      for (const auto s : a.stages) st.push_back(esc(to_string(s)));
      add("Stage", text::join(st, ", "));
    }
    if (!a.date().empty()) {
      add("Year", link_or_text(m_year_files, root, std::to_string(a.date().year),
                               std::to_string(a.date().year)));
    }
    add("Tags", esc(text::join(a.tags, ", ")));
    add("Notes", esc(a.notes));
    b += "<dl class=\"fields\">\n";
    for (const auto& [label, html] : f) b += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(label), html);
    b += "</dl>\n";

    b += "<h2>Parties</h2>\n<ul class=\"plain\">\n";
    for (const auto& p : a.parties) {
      b += fmt::format("<li>{} <span class=\"tag nb\">{}</span>{}</li>\n",
                       link_or_text(m_org_files, root, p.name, p.name), esc(to_string(p.role)),
                       p.as_written.empty() || p.as_written == p.name
                           ? ""
                           : fmt::format(" <small>named “{}” here</small>", esc(p.as_written)));
    }
    b += "</ul>\n";

    if (!a.events.empty()) {
      b += "<h2>Timeline</h2>\n<div class=\"wrap\"><table><thead><tr><th>Date</th><th>Status</th>"
           "<th>Value</th><th>Note</th><th>Source</th></tr></thead><tbody>\n";
      for (const auto& e : a.events) {
        b += fmt::format("<tr><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         esc(date_text(e.date)), e.status ? esc(to_string(*e.status)) : "",
                         esc(money_text(e.value)), esc(e.note), source_ref(a, e.source));
      }
      b += "</tbody></table></div>\n";
    }

    if (!a.sources.empty()) {
      b += "<h2>Sources</h2>\n<ul class=\"plain\">\n";
      for (const auto& s : a.sources) {
        std::string title = s.title.empty() ? (s.url.empty() ? s.sha256.substr(0, 12) : s.url) : s.title;
        std::string line = safe_url(s.url)
                               ? fmt::format("<a class=\"ext\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                                             esc(text::trim(s.url)), esc(title))
                               : esc(title);
        std::vector<std::string> meta;
        if (!s.publisher.empty()) meta.push_back(esc(s.publisher));
        if (!s.published.empty()) meta.push_back(esc(s.published.str()));
        if (!s.url.empty() && !safe_url(s.url)) meta.push_back("address: " + esc(s.url));
        if (!meta.empty()) line += " <small>" + text::join(meta, " · ") + "</small>";
        b += "<li>" + line + "</li>\n";
      }
      b += "</ul>\n";
    }
    if (!a.evidence.empty()) {
      b += "<h2>Evidence</h2>\n";
      for (const auto& e : a.evidence) {
        b += fmt::format("<blockquote><p>{}</p>{}</blockquote>\n", esc(e.text),
                         e.source.empty() ? "" : "<footer>— " + source_ref(a, e.source) + "</footer>");
      }
    }
    if (!a.related.empty() || !a.merged_keys.empty()) {
      b += "<h2>Related records</h2>\n<ul class=\"plain\">\n";
      for (const auto& r : a.related) {
        b += fmt::format("<li>{}: {}</li>\n", esc(to_string(r.relation)), key_ref(root, r.key));
      }
      for (const auto& k : a.merged_keys) {
        b += fmt::format("<li>merged into this record: <a href=\"{}\">{}</a> (that address leads "
                         "here)</li>\n",
                         esc(page_name(k) + ".html"), esc(k));
      }
      b += "</ul>\n";
    }
    return page(m_nav, root, Section::none, a.title.empty() ? a.key : a.title, b);
  }

  // A source label (evidence, events) as its title, linked when it has a safe address.
  std::string source_ref(const Agreement& a, const std::string& label) const {
    if (label.empty()) return "";
    for (const auto& s : a.sources) {
      if (!names_source(label, s)) continue;
      const std::string title = s.title.empty() ? label : s.title;
      if (safe_url(s.url)) {
        return fmt::format("<cite><a class=\"ext\" href=\"{}\" rel=\"noopener noreferrer\">{}</a></cite>",
                           esc(text::trim(s.url)), esc(title));
      }
      return "<cite>" + esc(title) + "</cite>";
    }
    return "<cite>" + esc(label) + "</cite>";
  }

  std::string key_ref(std::string_view root, const std::string& key) const {
    if (m_keys.count(key)) {
      return fmt::format("<a href=\"{}\">{}</a>", esc(agreement_href(root, key)), esc(key));
    }
    return esc(key) + " <small>(not in this selection)</small>";
  }

  std::string redirect_page(const std::string& old, const Agreement& a) const {
    const std::string target = page_name(a.key) + ".html";
    const std::string head = fmt::format(
        "<meta http-equiv=\"refresh\" content=\"0; url={0}\">\n<link rel=\"canonical\" "
        "href=\"{0}\">\n",
        esc(target));
    const std::string body = fmt::format(
        "<h1>{}</h1>\n<p>The record <code>{}</code> was merged into <a href=\"{}\">{}</a>.</p>\n",
        esc(old), esc(old), esc(target), esc(a.title.empty() ? a.key : a.title));
    return page(m_nav, "../", Section::none, old, body, head);
  }

  void bucket_pages(const fs::path& dir, const std::vector<Bucket>& buckets, Section section,
                    const std::string& list_file, std::string_view plural, std::string_view kind) {
    // The list page: every bucket with its count.
    std::string b = fmt::format("<h1>{}</h1>\n", esc(plural));
    b += fmt::format("<p class=\"sub\">{} with at least one agreement.</p>\n", buckets.size());
    b += "<ul class=\"cols\">\n";
    for (const auto& k : buckets) {
      b += fmt::format("<li><a href=\"{}\">{}</a> ({})</li>\n", esc(k.file), esc(label_of(section, k.name)),
                       k.agreements.size());
    }
    b += "</ul>\n";
    if (section == Section::years) {
      std::size_t undated = 0;
      for (const auto* a : m_rows) undated += a->date().empty() ? 1 : 0;
      if (undated) b += fmt::format("<p class=\"sub\">{} agreements have no date.</p>\n", undated);
    }
    put(dir, list_file, page(m_nav, "", section, plural, b));

    for (const auto& k : buckets) {
      std::string p = fmt::format("<p class=\"sub\"><a href=\"../{}\">{}</a> › {}</p>\n", list_file,
                                  esc(plural), esc(kind));
      p += fmt::format("<h1>{}</h1>\n", esc(label_of(section, k.name)));
      p += about(section, k);
      p += headline(k.agreements, false);
      p += "<h2>Agreements</h2>\n";
      p += table("../", k.agreements, "agreements", k.agreements.size(), false);
      put(dir, k.file, page(m_nav, "../", section, label_of(section, k.name), p));
    }
  }

  std::string label_of(Section section, const std::string& name) const {
    if (section == Section::minerals) {
      const Mineral* m = m_minerals->find(name);
      if (m && m->kind == MineralKind::group) return name + " (group)";
    }
    return name;
  }

  // What the page of a mineral or an organisation says about it before its agreements.
  std::string about(Section section, const Bucket& bucket) const {
    const std::string& name = bucket.name;
    std::string s;
    if (section == Section::minerals) {
      const Mineral* m = m_minerals->find(name);
      if (!m) return s;
      std::vector<std::pair<std::string, std::string>> f;
      if (!m->symbol.empty()) f.emplace_back("Symbol", esc(m->symbol));
      if (!m->aliases.empty()) f.emplace_back("Also called", esc(text::join(m->aliases, ", ")));
      std::vector<std::string> groups;
      for (const auto& g : m->groups) groups.push_back(link_or_text(m_mineral_files, "../", g, g));
      if (!groups.empty()) f.emplace_back("Member of", text::join(groups, ", "));
      if (m->kind == MineralKind::group) {
        std::vector<std::string> members;
        for (const auto* x : m_minerals->members(*m)) {
          members.push_back(link_or_text(m_mineral_files, "../", x->name, x->name));
        }
        if (!members.empty()) f.emplace_back("Members", text::join(members, ", "));
      }
      std::vector<std::string> lists;
      if (m->usgs2025) lists.emplace_back("USGS 2025");
      if (m->usgs2022) lists.emplace_back("USGS 2022");
      if (!m->eu2023.empty() && m->eu2023 != "no") lists.push_back("EU 2023 (" + m->eu2023 + ")");
      if (!lists.empty()) f.emplace_back("Critical lists", esc(text::join(lists, ", ")));
      if (f.empty()) return s;
      s += "<dl class=\"fields\">\n";
      for (const auto& [k, v] : f) s += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(k), v);
      return s + "</dl>\n";
    }
    if (section == Section::organisations) {
      auto it = m_orgs.find(name);
      std::set<std::string> written;  // names agreements used for it
      for (const auto* a : bucket.agreements) {
        for (const auto& p : a->parties) {
          if (p.name == name && !p.as_written.empty() && p.as_written != name) written.insert(p.as_written);
        }
      }
      std::vector<std::pair<std::string, std::string>> f;
      if (it != m_orgs.end()) {
        const Organisation& o = *it->second;
        if (!o.kind.empty()) f.emplace_back("Kind", esc(o.kind));
        if (!o.country.empty()) {
          f.emplace_back("Country", link_or_text(m_country_files, "../", o.country, o.country));
        }
        if (!o.aliases.empty()) f.emplace_back("Also known as", esc(text::join(o.aliases, "; ")));
      }
      if (!written.empty()) {
        f.emplace_back("Named in agreements as",
                       esc(text::join(std::vector<std::string>(written.begin(), written.end()), "; ")));
      }
      if (f.empty()) return s;
      s += "<dl class=\"fields\">\n";
      for (const auto& [k, v] : f) s += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(k), v);
      return s + "</dl>\n";
    }
    return s;
  }

  std::string search_page() const {
    std::string b =
        "<h1>Search</h1>\n<p class=\"sub\">Titles, parties (and the other names they go by), "
        "minerals and evidence quotes. Every word must match.</p>\n"
        "<div class=\"tools\"><label for=\"q\">Search for</label><input id=\"q\" class=\"filter\" "
        "type=\"search\" name=\"q\" data-index=\"data/search.js\" placeholder=\"e.g. EXIM cobalt\" "
        "autocomplete=\"off\"></div>\n<p id=\"search-note\" class=\"sub\" aria-live=\"polite\"></p>\n"
        "<ol id=\"results\"></ol>\n";
    return page(m_nav, "", Section::search, "Search", b);
  }

  std::vector<std::string> aliases_of(const std::string& name) const {
    auto it = m_orgs.find(name);
    return it == m_orgs.end() ? std::vector<std::string>{} : it->second->aliases;
  }

  std::string search_script() const {
    std::string s = "mtrackSearch([\n";
    bool first = true;
    const auto entry = [&](const std::string& href, const std::string& title, const std::string& sub,
                           const std::string& body) {
      if (!first) s += ",\n";
      first = false;
      s += '[';
      js_string(s, href);
      s += ',';
      js_string(s, title);
      s += ',';
      js_string(s, sub);
      s += ',';
      js_string(s, body);
      s += ']';
    };
    for (const auto* a : m_rows) {
      std::vector<std::string> names, words;
      for (const auto& p : a->parties) {
        names.push_back(p.name);
        if (!p.as_written.empty()) words.push_back(p.as_written);
        for (const auto& al : aliases_of(p.name)) words.push_back(al);
      }
      words.push_back(text::join(a->minerals, " "));
      words.push_back(a->key);
      for (const auto& e : a->evidence) words.push_back(e.text);
      const std::string sub = fmt::format("{} · {}{}", to_string(a->type), text::join(names, "; "),
                                          a->date().empty() ? "" : " · " + a->date().str());
      entry(agreement_href("", a->key), a->title.empty() ? a->key : a->title, sub,
            text::join(words, " "));
    }
    for (const auto& k : m_org_buckets) {
      const auto aliases = aliases_of(k.name);
      entry(k.file, k.name,
            fmt::format("organisation · {} agreements{}", k.agreements.size(),
                        aliases.empty() ? "" : " · also " + text::join(aliases, "; ")),
            text::join(aliases, " "));
    }
    s += "\n]);\n";
    return s;
  }

  // ---- the feed ----

  static std::string xml(std::string_view s) { return html_escape(s); }

  std::string feed() const {
    struct Entry {
      std::string updated;
      const Agreement* a;
    };
    std::vector<Entry> entries;
    for (const auto* a : m_rows) entries.push_back({feed_updated(*a), a});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
      if (x.updated != y.updated) return x.updated > y.updated;
      return x.a->key < y.a->key;
    });
    if (entries.size() > m_o.feed_entries) entries.resize(m_o.feed_entries);
    const std::string authority = tag_authority();
    const auto href = [&](const std::string& rel) { return m_o.base_url.empty() ? rel : base() + rel; };
    std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n";
    s += fmt::format("<id>tag:{},2025:site</id>\n<title type=\"text\">{}</title>\n", xml(authority),
                     xml(m_o.title));
    s += "<subtitle type=\"text\">New and changed agreements, newest change first.</subtitle>\n";
    s += fmt::format("<updated>{}</updated>\n",
                     entries.empty() ? std::string("1970-01-01T00:00:00Z") : entries.front().updated);
    s += fmt::format("<author><name>{}</name></author>\n", xml(m_o.title));
    s += fmt::format("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                     xml(href("feed.atom")));
    s += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml(href("index.html")));
    s += fmt::format("<generator version=\"{}\">mtrack</generator>\n", MTRACK_VERSION);
    for (const auto& e : entries) {
      const Agreement& a = *e.a;
      std::vector<std::string> parties;
      for (const auto& p : a.parties) parties.push_back(fmt::format("{} ({})", p.name, to_string(p.role)));
      std::string summary = fmt::format("{}, {}, {}", to_string(a.type), to_string(a.status),
                                        is_binding(a) ? "binding" : "non-binding");
      if (a.value) summary += ", " + format_money_long(*a.value);
      if (!a.date().empty()) summary += ", " + a.date().str();
      if (!parties.empty()) summary += ". Parties: " + text::join(parties, "; ");
      if (!a.minerals.empty()) summary += ". Minerals: " + text::join(a.minerals, ", ");
      summary += '.';
      s += "<entry>\n";
      s += fmt::format("<id>tag:{},2025:agreement/{}</id>\n", xml(authority), xml(page_name(a.key)));
      s += fmt::format("<title type=\"text\">{}</title>\n", xml(a.title.empty() ? a.key : a.title));
      s += fmt::format("<updated>{}</updated>\n", e.updated);
      s += fmt::format("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                       xml(href(agreement_href("", a.key))));
      for (const auto& m : a.minerals) s += fmt::format("<category term=\"{}\"/>\n", xml(m));
      s += fmt::format("<summary type=\"text\">{}</summary>\n", xml(summary));
      s += "</entry>\n";
    }
    s += "</feed>\n";
    return s;
  }

  std::string base() const {
    std::string b = m_o.base_url;
    if (!b.empty() && b.back() != '/') b += '/';
    return b;
  }

  // The tag: URI authority (RFC 4151): the host of --base-url, else "mtrack".
  std::string tag_authority() const {
    std::string_view u = m_o.base_url;
    if (auto p = u.find("://"); p != std::string_view::npos) u.remove_prefix(p + 3);
    u = u.substr(0, u.find_first_of("/:?#"));
    std::string host;
    for (char c : u) {
      const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-' || l == '.') host += l;
    }
    return host.empty() ? "mtrack" : host;
  }

  // ---- downloads: the export writers ----

  void downloads(const fs::path& dir) {
    const std::pair<Format, const char*> forms[] = {
        {Format::csv, "agreements.csv"}, {Format::json, "agreements.json"}, {Format::yaml, "agreements.yaml"}};
    for (const auto& [format, name] : forms) {
      std::ostringstream out;
      RenderOptions options;
      options.with_id = false;
      options.document = true;
      auto writer = make_record_writer(format, out, options);
      for (const auto& a : m_in.agreements) writer->write(a);
      writer->write_organisations(m_in.learned_aliases);
      writer->finish();
      put(dir, name, out.str());
    }
  }

  const SiteInput& m_in;
  const SiteOptions& m_o;
  const MineralTable* m_minerals = nullptr;
  std::vector<const Agreement*> m_rows;
  std::set<std::string> m_keys;
  std::map<std::string, const Organisation*> m_orgs;
  PartialDate m_as_of;
  Nav m_nav;
  std::vector<Bucket> m_mineral_buckets, m_org_buckets, m_country_buckets, m_year_buckets;
  std::map<std::string, std::string> m_mineral_files, m_org_files, m_country_files, m_year_files;
  Written m_written;
};

}  // namespace

std::string page_name(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("~{:02X}", c);
    }
  }
  return out.empty() ? "~" : out;
}

std::string feed_updated(const Agreement& a) {
  PartialDate best;
  const auto see = [&](const PartialDate& d) {
    if (!d.empty() && (best.empty() || d.first_day() > best.first_day())) best = d;
  };
  see(a.announced);
  see(a.signed_on);
  for (const auto& e : a.events) see(e.date);
  for (const auto& s : a.sources) see(s.published);
  std::ostringstream record;
  RenderOptions options;
  options.with_id = false;
  auto writer = make_record_writer(Format::jsonl, record, options);
  writer->write(a);
  writer->finish();
  const std::string hash = extract::sha256_hex(record.str());
  const unsigned long seconds = std::stoul(hash.substr(0, 8), nullptr, 16) % 86400;
  const int day = best.empty() ? 19700101 : best.first_day();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", day / 10000, day / 100 % 100, day % 100,
                     seconds / 3600, seconds / 60 % 60, seconds % 60);
}

SiteStats write_site(const fs::path& dir, const SiteInput& input, const SiteOptions& options) {
  Builder b(input, options);
  return b.write(dir);
}

}  // namespace mtrack::site
