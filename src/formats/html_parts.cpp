#include "mtrack/formats/html_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "mtrack/formats/render.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

constexpr std::string_view k_style = R"css(
:root{--ink:#1e293b;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;
--bind:#2563eb;--nonbind:#93c5fd;--accent:#0f766e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:32px 24px 48px}
h1{font-size:28px;font-weight:650;margin:0 0 4px;letter-spacing:-.01em}
h2{font-size:18px;font-weight:600;margin:36px 0 12px}
.sub{color:var(--muted);margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:24px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.card .figure{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;margin-top:2px}
.card .note{color:var(--muted);font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:16px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px}
figcaption{font-weight:600;margin-bottom:8px}
figcaption small{font-weight:400;color:var(--muted)}
svg{display:block;width:100%;height:auto}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:var(--ink)}
svg .axis{fill:var(--muted)}
.legend{display:flex;gap:16px;color:var(--muted);font-size:13px;margin-top:6px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.bind{background:var(--bind)}.nonbind{background:var(--nonbind)}
.empty{color:var(--muted);font-style:italic}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:16px}
.wrap{background:var(--card);border:1px solid var(--line);border-radius:10px;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{padding:8px 12px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
th{background:#f1f5f9;font-weight:600;font-size:13px;color:#334155;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
tbody tr:hover{background:#f8fafc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:"\2195";color:#94a3b8;margin-left:6px;font-size:11px}
table.sortable th[aria-sort=ascending]::after{content:"\25B2";color:var(--accent)}
table.sortable th[aria-sort=descending]::after{content:"\25BC";color:var(--accent)}
table.sortable th:focus-visible{outline:2px solid var(--bind);outline-offset:-2px}
.tools{display:flex;align-items:center;gap:12px;margin-bottom:10px}
.filter{flex:0 1 320px;min-width:0;padding:8px 12px;border:1px solid #cbd5e1;border-radius:8px;font:inherit}
.filter:focus{outline:2px solid #bfdbfe;border-color:var(--bind)}
.shown{color:var(--muted);font-size:13px}
.tag{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:999px;font-size:12px;background:#eef2ff;color:#3730a3}
.tag.nb{background:#f1f5f9;color:#475569}
.nowrap{white-space:nowrap}
table.list td.title{min-width:240px}
table.list td.minerals{min-width:110px}
table.list th,table.list td{padding:8px 10px}
th.cap{text-transform:capitalize}
footer{color:var(--muted);font-size:13px;margin-top:28px}
)css";

// Every table.sortable sorts by a header click (or Enter/Space on a focused header): by
// data-sort when a cell has it (dates, amounts), else by its text. The input named by the
// table's data-filter hides rows whose text lacks the query; data-shown names the counter. A
// table with data-all (the site's index) lists only some rows; the first sort or filter loads
// the script it names, which hands every row to mtrackAllRows as arrays of cells, each a text
// or [text, sort key, link]. Rows are built with textContent: no data is ever parsed as HTML.
constexpr std::string_view k_script = R"js(
(function () {
  function init(table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    var input = document.getElementById(table.getAttribute('data-filter'));
    var shown = document.getElementById(table.getAttribute('data-shown'));
    var rows = Array.prototype.slice.call(body.rows);
    var all = table.getAttribute('data-all');
    var sorted = null;
    function key(row, i, num) {
      var cell = row.cells[i];
      var v = cell.getAttribute('data-sort');
      if (v === null) v = cell.textContent;
      return num ? Number(v) : v.toLowerCase();
    }
    function order() {
      if (!sorted) return;
      var i = sorted.i, asc = sorted.asc, num = heads[i].hasAttribute('data-num');
      rows.sort(function (a, b) {
        var x = key(a, i, num), y = key(b, i, num);
        var r = x < y ? -1 : x > y ? 1 : 0;
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    function filter() {
      var q = input ? input.value.trim().toLowerCase() : '';
      var n = 0;
      rows.forEach(function (r) {
        var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !ok;
        if (ok) n++;
      });
      if (shown) shown.textContent = n + ' of ' + rows.length + ' shown';
    }
    function loadAll() {
      if (!all) return;
      var src = all;
      all = null;
      window.mtrackAllRows = function (data) {
        var list = data.map(function (cells) {
          var tr = document.createElement('tr');
          cells.forEach(function (c, i) {
            var td = document.createElement('td');
            var cls = heads[i] && heads[i].getAttribute('data-class');
            if (cls) td.className = cls;
            if (Array.isArray(c)) {
              if (c[1] !== null && c[1] !== undefined) td.setAttribute('data-sort', String(c[1]));
              if (c[2]) {
                var a = document.createElement('a');
                a.href = c[2];
                a.textContent = c[0];
                td.appendChild(a);
              } else {
                td.textContent = c[0];
              }
            } else {
              td.textContent = c;
            }
            tr.appendChild(td);
          });
          return tr;
        });
        body.textContent = '';
        rows = list;
        rows.forEach(function (r) { body.appendChild(r); });
        table.setAttribute('data-loaded', String(rows.length));
        order();
        filter();
      };
      var s = document.createElement('script');
      s.src = src;
      document.body.appendChild(s);
    }
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        sorted = {i: i, asc: asc};
        order();
        loadAll();
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
    if (input) {
      input.addEventListener('input', function () { filter(); loadAll(); });
      input.addEventListener('focus', loadAll);
    }
    var more = table.getAttribute('data-more') && document.getElementById(table.getAttribute('data-more'));
    if (more) more.addEventListener('click', loadAll);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), init);
})();
)js";

std::string esc(std::string_view s) { return html_escape(s); }

}  // namespace

std::string_view html_style() { return k_style; }
std::string_view html_table_script() { return k_script; }

namespace {

// Amount without the currency (the chart names it once): "400M", "~1.2B".
std::string short_amount(const MoneySum& m) {
  std::string s = format_money_short(m);
  const auto space = s.find(' ');
  std::string prefix = m.approximate ? "~" : "";
  return prefix + s.substr(space + 1);
}

}  // namespace

std::string html_card(std::string_view label, const std::string& figure, const std::string& note) {
  return fmt::format(
      "<div class=\"card\"><div class=\"label\">{}</div><div class=\"figure\">{}</div>"
      "<div class=\"note\">{}</div></div>\n",
      esc(label), figure, note);
}

std::string html_sums_figure(const CurrencySums& sums) {
  if (sums.empty()) return "—";
  std::vector<std::string> parts;
  for (const auto& m : sums.monies()) parts.push_back(esc(format_money_short(m)));
  return text::join(parts, "<br>");
}

namespace {

// One horizontal stacked bar chart for one currency.
std::string value_chart(const std::string& currency,
                        const std::vector<std::pair<std::string, Totals>>& groups) {
  struct Bar {
    std::string name;
    WideMinor binding = 0, non_binding = 0;
    bool approx_b = false, approx_n = false;
  };
  std::vector<Bar> bars;
  for (const auto& [name, t] : groups) {
    Bar b{name};
    if (auto it = t.binding_value.minor.find(currency); it != t.binding_value.minor.end()) {
      b.binding = it->second;
      b.approx_b = t.binding_value.approximate.at(currency);
    }
    if (auto it = t.non_binding_value.minor.find(currency); it != t.non_binding_value.minor.end()) {
      b.non_binding = it->second;
      b.approx_n = t.non_binding_value.approximate.at(currency);
    }
    if (b.binding + b.non_binding > 0) bars.push_back(std::move(b));
  }
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& x, const Bar& y) {
    return x.binding + x.non_binding > y.binding + y.non_binding;
  });
  WideMinor max = 1;
  for (const auto& b : bars) max = std::max(max, b.binding + b.non_binding);
  constexpr int k_width = 640, k_label = 110, k_value = 190, k_row = 28, k_bar = 18;
  const int area = k_width - k_label - k_value;
  const int height = static_cast<int>(bars.size()) * k_row + 8;
  std::string s = fmt::format(
      "<figure><figcaption>Value by mineral <small>{} · binding and non-binding apart</small>"
      "</figcaption>\n<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Value by mineral in "
      "{}\">\n",
      esc(currency), k_width, height, esc(currency));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int y = static_cast<int>(i) * k_row + 4;
    const auto w = [&](WideMinor v) {
      return static_cast<double>(v) * area / static_cast<double>(max);
    };
    const double wb = w(b.binding), wn = w(b.non_binding);
    const MoneySum mb{b.binding, currency, b.approx_b}, mn{b.non_binding, currency, b.approx_n};
    std::vector<std::string> labels;
    if (b.binding) labels.push_back(short_amount(mb));
    if (b.non_binding) labels.push_back(short_amount(mn) + " non-binding");
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", k_label - 8, y + 13,
                     esc(text::truncate_to_width(b.name, 18)));
    if (b.binding) {
      s += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
          "fill=\"#2563eb\"><title>{}: {} binding</title></rect>\n",
          k_label, y, std::max(wb, 1.0), k_bar, esc(b.name), esc(format_money_long(mb)));
    }
    if (b.non_binding) {
      s += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
          "fill=\"#93c5fd\"><title>{}: {} non-binding</title></rect>\n",
          k_label + wb, y, std::max(wn, 1.0), k_bar, esc(b.name), esc(format_money_long(mn)));
    }
    s += fmt::format("<text class=\"axis\" x=\"{:.1f}\" y=\"{}\">{}</text>\n",
                     k_label + wb + wn + 6, y + 13, esc(text::join(labels, " + ")));
  }
  s += "</svg>\n<div class=\"legend\"><span><i class=\"bind\"></i>binding</span>"
       "<span><i class=\"nonbind\"></i>non-binding</span></div></figure>\n";
  return s;
}

std::string month_name(int month) {
  static constexpr std::string_view k_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::string(k_names[(month + 11) % 12]);
}

}  // namespace

std::string html_timeline_chart(const std::vector<Agreement>& agreements) {
  std::map<int, std::pair<int, int>> months;  // year*12+month-1 → binding, non-binding
  int undated = 0, year_only = 0;
  for (const auto& a : agreements) {
    const PartialDate& d = a.date();
    if (d.empty()) {
      ++undated;
      continue;
    }
    if (d.month == 0) {
      ++year_only;
      continue;
    }
    auto& m = months[d.year * 12 + d.month - 1];
    ++(is_binding(a) ? m.first : m.second);
  }
  std::string s =
      "<figure><figcaption>Agreements by month <small>by date signed, else "
      "announced</small></figcaption>\n";
  if (months.empty()) {
    return s + "<p class=\"empty\">No agreement has a month-precise date.</p></figure>\n";
  }
  const int first = months.begin()->first, last = months.rbegin()->first;
  const int n = last - first + 1;
  int max = 1;
  for (const auto& [k, v] : months) max = std::max(max, v.first + v.second);
  constexpr int k_width = 640, k_height = 200, k_left = 28, k_bottom = 40, k_top = 10;
  const double slot = static_cast<double>(k_width - k_left - 8) / n;
  const double bar = std::clamp(slot * 0.7, 1.0, 28.0);
  const double plot = k_height - k_bottom - k_top;
  s += fmt::format("<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Agreements by month\">\n",
                   k_width, k_height);
  // Horizontal grid at whole counts (at most five lines).
  const int step = std::max(1, (max + 4) / 5);
  for (int c = 0; c <= max; c += step) {
    const double y = k_top + plot - plot * c / max;
    s += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#e2e8f0\"/>"
        "<text class=\"axis\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        k_left, k_width - 4, y, y, k_left - 6, y + 4, c);
  }
  // Label January of each year, and the first month, so long ranges stay readable.
  const int label_every = n > 36 ? 12 : n > 18 ? 3 : 1;
  for (int i = 0; i < n; ++i) {
    const int ym = first + i;
    const double x = k_left + slot * i + (slot - bar) / 2;
    if (auto it = months.find(ym); it != months.end()) {
      const auto [b, nb] = it->second;
      const double hb = plot * b / max, hn = plot * nb / max;
      const double base = k_top + plot;
      const std::string when = fmt::format("{} {}", month_name(ym % 12 + 1), ym / 12);
      if (b) {
        s += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"#2563eb\"><title>{}: {} binding</title></rect>\n",
            x, base - hb, bar, hb, when, b);
      }
      if (nb) {
        s += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
            "fill=\"#93c5fd\"><title>{}: {} non-binding</title></rect>\n",
            x, base - hb - hn, bar, hn, when, nb);
      }
    }
    if (i == 0 || (ym % 12) % label_every == 0) {
      const double cx = k_left + slot * i + slot / 2;
      s += fmt::format(
          "<text class=\"axis\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", cx,
          k_height - k_bottom + 16, month_name(ym % 12 + 1));
      if (i == 0 || ym % 12 == 0) {
        s += fmt::format(
            "<text class=\"axis\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}"
            "</text>\n",
            cx, k_height - k_bottom + 32, ym / 12);
      }
    }
  }
  s += "</svg>\n<div class=\"legend\"><span><i class=\"bind\"></i>binding</span>"
       "<span><i class=\"nonbind\"></i>non-binding</span>";
  if (year_only + undated > 0) {
    s += fmt::format("<span>not shown: {} dated by year only, {} undated</span>", year_only,
                     undated);
  }
  return s + "</div></figure>\n";
}

std::string html_agreement_row(const Agreement& a, std::string_view href) {
  std::vector<std::string> parties;
  for (const auto& p : a.parties) parties.push_back(esc(p.name));
  const bool b = is_binding(a);
  const PartialDate& d = a.date();
  return fmt::format(
      "<tr><td class=\"nowrap\" data-sort=\"{}\">{}</td><td class=\"title\">{}</td><td>{}</td>"
      "<td>{}</td><td><span class=\"tag{}\">{}</span></td>"
      "<td class=\"num\" data-sort=\"{}\">{}</td><td class=\"minerals\">{}</td><td>{}</td>"
      "<td>{}</td></tr>\n",
      d.empty() ? 0 : d.first_day(), esc(d.str()),
      href.empty() ? esc(a.title) : fmt::format("<a href=\"{}\">{}</a>", esc(href), esc(a.title)),
      esc(to_string(a.type)),
      esc(to_string(a.status)), b ? "" : " nb", b ? "binding" : "non-binding",
      a.value ? a.value->minor : -1, a.value ? esc(format_money_short(*a.value)) : "",
      esc(text::join(a.minerals, ", ")), text::join(parties, "<br>"), esc(a.location.country));
}


std::string html_value_charts(const std::vector<Agreement>& agreements) {
  // One chart per currency, since amounts in different currencies do not add.
  ReportBuilder by_mineral(ReportOptions{{Dimension::mineral}, std::nullopt});
  for (const auto& a : agreements) by_mineral.add(a);
  const Report minerals = by_mineral.finish();
  std::vector<std::pair<std::string, Totals>> groups;
  std::vector<std::string> currencies;
  for (const auto& g : minerals.breakdowns.front().groups) {
    groups.emplace_back(g.name, g.totals);
    for (const auto* sums : {&g.totals.binding_value, &g.totals.non_binding_value}) {
      for (const auto& [code, minor] : sums->minor) currencies.push_back(code);
    }
  }
  std::sort(currencies.begin(), currencies.end());
  currencies.erase(std::unique(currencies.begin(), currencies.end()), currencies.end());
  std::string s;
  if (currencies.empty()) {
    s += "<figure><figcaption>Value by mineral</figcaption><p class=\"empty\">No agreement "
         "states a value.</p></figure>\n";
  }
  for (const auto& c : currencies) s += value_chart(c, groups);
  return s;
}

std::string html_agreements_head() {
  return "<thead><tr><th data-num>Date</th><th data-class=\"title\">Title</th><th>Type</th>"
         "<th>Status</th><th>Binding</th><th class=\"num\" data-num data-class=\"num\">Value</th>"
         "<th data-class=\"minerals\">Minerals</th><th>Parties</th><th>Country</th></tr></thead>\n";
}

std::string html_escape(std::string_view raw) {
  // Control characters are not HTML (and bytes that are not UTF-8 are not text): shown as
  // escapes, as on a terminal.
  const std::string s = text::visible(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // C0 controls (but tab and line breaks) and DEL are not text: shown as U+FFFD, since
        // XML (the feed) forbids them and a page has no use for them.
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            c == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace mtrack
