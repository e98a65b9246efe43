#pragma once

// The user's configuration file, ~/.config/mtrack/config.yaml ($XDG_CONFIG_HOME respected):
// a YAML mapping of default settings, each optional.
//
//   db: ~/deals/mtrack.db     # database file; a leading ~/ is the home directory
//   format: table             # table, json, jsonl, csv, yaml, markdown
//   color: auto               # auto, always, never
//
// Flags win over the environment (MTRACK_DB, MTRACK_FORMAT, NO_COLOR), which wins over the
// file, which wins over the built-in defaults; the command line resolves that order.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtrack {

// One setting read from the file, with the (1-based) line it is on.
struct ConfigValue {
  std::string value;
  int line = 0;
};

struct ConfigFile {
  std::filesystem::path path;
  bool exists = false;
  std::optional<ConfigValue> db, format, color;
};

// The names the file accepts, in the order `mtrack config` prints them.
const std::vector<std::string_view>& config_setting_names();

// Parses the text of a configuration file named `name` (for messages). Throws mtrack::Error
// with one line "name:line:col: what (fix)" on bad YAML, an unknown setting or a bad value.
ConfigFile parse_config(std::string_view text, const std::filesystem::path& name);

// Where the file is: $XDG_CONFIG_HOME/mtrack/config.yaml, else $HOME/.config/mtrack/config.yaml
// (empty when neither variable is set).
std::filesystem::path config_path(std::string_view xdg_config_home, std::string_view home);

// Reads `path`; a missing file is an empty configuration (exists = false).
ConfigFile read_config(const std::filesystem::path& path);

}  // namespace mtrack
