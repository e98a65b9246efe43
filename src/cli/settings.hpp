#pragma once

// The effective global settings and where each came from: flag > environment > the
// configuration file (mtrack/config.hpp) > built-in default.

#include <filesystem>
#include <string>

#include "mtrack/formats/config.hpp"

namespace mtrack::cli {

enum class Origin { flag, environment, file, builtin };

struct Setting {
  std::string value;  // empty: not set (format: the command's own default)
  Origin origin = Origin::builtin;
  std::string where;  // "--db", "MTRACK_DB", "config.yaml:3", or "" for a default
};

struct Settings {
  Setting db, format, color;
  ConfigFile file;
};

// The values given as flags (empty = not given).
struct GivenFlags {
  std::string db, format, color;
};

// Resolves the settings from the flags, the process environment and the configuration file.
// Throws mtrack::Error (file:line:col) when the file is bad.
Settings resolve_settings(const GivenFlags& flags);

std::string_view to_string(Origin o);

// The value of the environment variable `name`, or "" when it is not set.
std::string env(const char* name);

}  // namespace mtrack::cli
