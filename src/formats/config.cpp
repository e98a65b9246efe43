#include "mtrack/formats/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <utility>

#include "mtrack/formats/document.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

const std::vector<std::string> k_formats = {"table", "json", "jsonl", "csv", "yaml", "markdown"};
const std::vector<std::string> k_colors = {"auto", "always", "never"};

[[noreturn]] void fail(const std::filesystem::path& name, int line, int column,
                       const std::string& message) {
  throw Error(fmt::format("{}:{}:{}: {}", name.string(), line, column, message));
}

// A value that must be one of `allowed`.
void check_member(const std::filesystem::path& name, const Node& node, std::string_view key,
                  const std::string& value, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed) {
    if (a == value) return;
  }
  fail(
      name, node.line, node.column,
      fmt::format("{}: unknown value '{}'{} (one of: {})", key, value,
                  text::did_you_mean(text::closest(value, allowed, 1)), text::join(allowed, ", ")));
}

}  // namespace

const std::vector<std::string_view>& config_setting_names() {
  static const std::vector<std::string_view> names = {"db", "format", "color"};
  return names;
}

ConfigFile parse_config(std::string_view text, const std::filesystem::path& name) {
  ConfigFile file;
  file.path = name;
  file.exists = true;
  auto parsed = parse_yaml(text);
  if (!parsed) throw Error(fmt::format("{}:{}", name.string(), parsed.error()));
  const Node& root = parsed.value();
  if (root.is_null()) return file;  // an empty file configures nothing
  if (!root.is_mapping()) {
    fail(name, root.line, root.column, "expected a mapping of settings (db, format, color)");
  }
  std::vector<std::string> known(config_setting_names().begin(), config_setting_names().end());
  for (std::size_t i = 0; i < root.members.size(); ++i) {
    const std::string& key = root.members[i].first;
    const Node& value = root.members[i].second;
    const auto [key_line, key_column] = root.key_marks[i];
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(name, key_line, key_column,
           fmt::format("unknown setting '{}'{} (known: {})", key,
                       text::did_you_mean(text::closest(key, known, 1)), text::join(known, ", ")));
    }
    if (!value.is_scalar() || value.scalar.empty()) {
      // A missing value is reported at its key.
      const auto [line, column] =
          value.is_null() ? root.key_marks[i] : std::pair{value.line, value.column};
      fail(name, line, column, fmt::format("{}: expected a single value", key));
    }
    const ConfigValue v{value.scalar, value.line};
    if (key == "db") {
      file.db = v;
    } else if (key == "format") {
      check_member(name, value, key, v.value, k_formats);
      file.format = v;
    } else {
      check_member(name, value, key, v.value, k_colors);
      file.color = v;
    }
  }
  return file;
}

std::filesystem::path config_path(std::string_view xdg_config_home, std::string_view home) {
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (!xdg_config_home.empty() && xdg_config_home.front() == '/') {
    return std::filesystem::path(xdg_config_home) / "mtrack" / "config.yaml";
  }
  if (!home.empty()) return std::filesystem::path(home) / ".config" / "mtrack" / "config.yaml";
  return {};
}

ConfigFile read_config(const std::filesystem::path& path) {
  ConfigFile none;
  none.path = path;
  if (path.empty()) return none;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return none;
    throw Error(fmt::format("{}: cannot read the configuration file", path.string()));
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_config(text, path);
}

}  // namespace mtrack
