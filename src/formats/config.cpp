#include "mtrack/formats/config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack {

namespace {

const std::vector<std::string> k_formats = {"table", "json", "jsonl", "csv", "yaml", "markdown"};
const std::vector<std::string> k_colors = {"auto", "always", "never"};

[[noreturn]] void fail(const std::filesystem::path& name, const YAML::Mark& mark,
                       const std::string& message) {
  throw Error(fmt::format("{}:{}:{}: {}", name.string(), mark.line + 1, mark.column + 1, message));
}

// A value that must be one of `allowed`.
void check_member(const std::filesystem::path& name, const YAML::Node& node, std::string_view key,
                  const std::string& value, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed) {
    if (a == value) return;
  }
  fail(
      name, node.Mark(),
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    fail(name, e.mark, e.msg);
  }
  if (!root || root.IsNull()) return file;  // an empty file configures nothing
  if (!root.IsMap()) fail(name, root.Mark(), "expected a mapping of settings (db, format, color)");
  std::vector<std::string> known(config_setting_names().begin(), config_setting_names().end());
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    const YAML::Node& value = item.second;
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(name, item.first.Mark(),
           fmt::format("unknown setting '{}'{} (known: {})", key,
                       text::did_you_mean(text::closest(key, known, 1)), text::join(known, ", ")));
    }
    if (!value.IsScalar() || value.Scalar().empty()) {
      fail(name, value.IsNull() ? item.first.Mark() : value.Mark(),
           fmt::format("{}: expected a single value", key));
    }
    const ConfigValue v{value.Scalar(), value.Mark().line + 1};
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
