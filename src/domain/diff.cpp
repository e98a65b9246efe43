#include "mtrack/domain/diff.hpp"

#include <fmt/format.h>

#include <map>
#include <sstream>

#include "mtrack/formats/document.hpp"
#include "mtrack/formats/interchange.hpp"
#include "mtrack/formats/render.hpp"

namespace mtrack {

namespace {

std::string key_of(const Agreement& a) { return a.key.empty() ? generate_key(a) : a.key; }

// The agreement in its interchange shape. Comparing that tree, rather than the structs,
// names fields as users write them and needs no update when the model grows a field.
Node tree_of(const Agreement& a) {
  std::string json;
  write_json(json, a);
  auto node = parse_json(json);
  return node ? std::move(node).value() : Node{};
}

std::string node_text(const Node& n) {
  switch (n.kind) {
    case Node::Kind::null:
      return "null";
    case Node::Kind::scalar:
      return n.scalar;
    case Node::Kind::sequence: {
      std::string s = "[";
      for (std::size_t i = 0; i < n.items.size(); ++i) s += (i ? ", " : "") + node_text(n.items[i]);
      return s + "]";
    }
    case Node::Kind::mapping: {
      std::string s = "{";
      for (std::size_t i = 0; i < n.members.size(); ++i) {
        s += (i ? ", " : "") + n.members[i].first + ": " + node_text(n.members[i].second);
      }
      return s + "}";
    }
  }
  return "";
}

void append_node_json(std::string& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::null:
      out += "null";
      break;
    case Node::Kind::scalar:
      if (n.quoted) {
        append_json_string(out, n.scalar);
      } else {
        out += n.scalar;  // a number or a boolean, as the JSON writer printed it
      }
      break;
    case Node::Kind::sequence:
      out += '[';
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        append_node_json(out, n.items[i]);
      }
      out += ']';
      break;
    case Node::Kind::mapping:
      out += '{';
      for (std::size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, n.members[i].first);
        out += ':';
        append_node_json(out, n.members[i].second);
      }
      out += '}';
      break;
  }
}

std::string node_json(const Node* n) {
  if (!n) return "null";
  std::string s;
  append_node_json(s, *n);
  return s;
}

bool same(const Node& a, const Node& b) { return node_json(&a) == node_json(&b); }

std::vector<FieldChange> compare(const Agreement& old_a, const Agreement& new_a) {
  const Node o = tree_of(old_a);
  const Node n = tree_of(new_a);
  // Field order: the new record's, then fields only the old one had.
  std::vector<std::string> fields;
  for (const auto& [k, v] : n.members) fields.push_back(k);
  for (const auto& [k, v] : o.members) {
    if (!n.get(k)) fields.push_back(k);
  }
  std::vector<FieldChange> out;
  for (const auto& f : fields) {
    const Node* ov = o.get(f);
    const Node* nv = n.get(f);
    if (ov && nv && same(*ov, *nv)) continue;
    out.push_back(
        {f, ov ? node_text(*ov) : "", nv ? node_text(*nv) : "", node_json(ov), node_json(nv)});
    // Money as people read it ("USD 400,000,000"), not as the tree spells it.
    const auto money = [](const std::optional<Money>& m) {
      return m ? format_money_long(*m) : std::string();
    };
    if (f == "value") {
      out.back().old_text = money(old_a.value);
      out.back().new_text = money(new_a.value);
    } else if (f == "ceiling") {
      out.back().old_text = money(old_a.ceiling);
      out.back().new_text = money(new_a.ceiling);
    }
  }
  return out;
}

std::string summary(const DiffResult& d) {
  if (d.empty()) return "no changes";
  return fmt::format("{} added, {} removed, {} changed", d.added.size(), d.removed.size(),
                     d.changed.size());
}

std::string brief(const Agreement& a) {
  std::string s = fmt::format("{} ({}", key_of(a), to_string(a.type));
  if (a.value) s += ", " + format_money_short(*a.value);
  s += ")";
  if (!a.title.empty()) s += " " + a.title;
  return s;
}

}  // namespace

DiffResult diff_agreements(const std::vector<Agreement>& old_set,
                           const std::vector<Agreement>& new_set) {
  std::map<std::string, const Agreement*> olds, news;
  for (const auto& a : old_set) olds.emplace(key_of(a), &a);
  for (const auto& a : new_set) news.emplace(key_of(a), &a);
  DiffResult d;
  for (const auto& [key, a] : olds) {
    auto it = news.find(key);
    if (it == news.end()) {
      d.removed.push_back(*a);
      continue;
    }
    auto fields = compare(*a, *it->second);
    if (!fields.empty()) d.changed.push_back({key, it->second->title, std::move(fields)});
  }
  for (const auto& [key, a] : news) {
    if (!olds.count(key)) d.added.push_back(*a);
  }
  return d;
}

void write_diff_text(std::ostream& out, const DiffResult& d) {
  std::string s;
  for (const auto& a : d.added) s += "+ " + brief(a) + "\n";
  for (const auto& a : d.removed) s += "- " + brief(a) + "\n";
  for (const auto& c : d.changed) {
    s += "~ " + c.key + "\n";
    for (const auto& f : c.fields) {
      s += fmt::format("    {}: {} -> {}\n", f.field, f.old_text.empty() ? "(none)" : f.old_text,
                       f.new_text.empty() ? "(none)" : f.new_text);
    }
  }
  s += summary(d) + "\n";
  out << s;
}

void write_diff_markdown(std::ostream& out, const DiffResult& d) {
  std::string s = "## Agreement changes\n\n" + summary(d) + ".\n";
  const auto list = [&](const char* heading, const std::vector<Agreement>& agreements) {
    if (agreements.empty()) return;
    TextTable t;
    t.headers = {"Key", "Type", "Value", "Title"};
    t.right = {false, false, true, false};
    for (const auto& a : agreements) {
      t.rows.push_back({key_of(a), std::string(to_string(a.type)),
                        a.value ? format_money_long(*a.value) : "", a.title});
    }
    std::ostringstream table;
    write_markdown_table(table, t);
    s += fmt::format("\n### {}\n\n{}", heading, table.str());
  };
  list("Added", d.added);
  list("Removed", d.removed);
  if (!d.changed.empty()) {
    TextTable t;
    t.headers = {"Key", "Field", "Old", "New"};
    for (const auto& c : d.changed) {
      for (const auto& f : c.fields) t.rows.push_back({c.key, f.field, f.old_text, f.new_text});
    }
    std::ostringstream table;
    write_markdown_table(table, t);
    s += "\n### Changed\n\n" + table.str();
  }
  out << s;
}

void write_diff_json(std::ostream& out, const DiffResult& d) {
  std::string s = "{\"added\":[";
  for (std::size_t i = 0; i < d.added.size(); ++i) {
    s += i ? ",\n" : "\n";
    write_json(s, d.added[i]);
  }
  s += "],\"removed\":[";
  for (std::size_t i = 0; i < d.removed.size(); ++i) {
    s += i ? ",\n" : "\n";
    write_json(s, d.removed[i]);
  }
  s += "],\"changed\":[";
  for (std::size_t i = 0; i < d.changed.size(); ++i) {
    const auto& c = d.changed[i];
    s += i ? ",\n{\"key\":" : "\n{\"key\":";
    append_json_string(s, c.key);
    s += ",\"changes\":[";
    for (std::size_t j = 0; j < c.fields.size(); ++j) {
      if (j) s += ',';
      s += "{\"field\":";
      append_json_string(s, c.fields[j].field);
      s += ",\"old\":" + c.fields[j].old_json + ",\"new\":" + c.fields[j].new_json + "}";
    }
    s += "]}";
  }
  s += fmt::format("],\"summary\":{{\"added\":{},\"removed\":{},\"changed\":{}}}}}\n",
                   d.added.size(), d.removed.size(), d.changed.size());
  out << s;
}

}  // namespace mtrack
