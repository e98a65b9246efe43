#include "cli/settings.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace mtrack::cli {

namespace {

Setting from_flag(const std::string& value, const char* flag) {
  return {value, Origin::flag, flag};
}

Setting from_env(const std::string& value, const char* name) {
  return {value, Origin::environment, name};
}

Setting from_file(const ConfigFile& file, const ConfigValue& v) {
  return {v.value, Origin::file, fmt::format("{}:{}", file.path.string(), v.line)};
}

// "~/x" in the file means the home directory, as in a shell.
std::string expand_home(const std::string& path) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    if (auto home = env("HOME"); !home.empty()) return home + path.substr(1);
  }
  return path;
}

std::string default_db() {
  if (auto v = env("XDG_DATA_HOME"); !v.empty() && v.front() == '/') {
    return (std::filesystem::path(v) / "mtrack" / "mtrack.db").string();
  }
  if (auto v = env("HOME"); !v.empty()) {
    return (std::filesystem::path(v) / ".local" / "share" / "mtrack" / "mtrack.db").string();
  }
  return "mtrack.db";
}

}  // namespace

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string_view to_string(Origin o) {
  switch (o) {
    case Origin::flag:
      return "flag";
    case Origin::environment:
      return "environment";
    case Origin::file:
      return "file";
    case Origin::builtin:
      return "default";
  }
  return "";
}

Settings resolve_settings(const GivenFlags& flags) {
  Settings s;
  s.file = read_config(config_path(env("XDG_CONFIG_HOME"), env("HOME")));

  if (!flags.db.empty()) {
    s.db = from_flag(flags.db, "--db");
  } else if (auto v = env("MTRACK_DB"); !v.empty()) {
    s.db = from_env(v, "MTRACK_DB");
  } else if (s.file.db) {
    s.db = from_file(s.file, *s.file.db);
    s.db.value = expand_home(s.db.value);
  } else {
    s.db = {default_db(), Origin::builtin, ""};
  }

  if (!flags.format.empty()) {
    s.format = from_flag(flags.format, "--format");
  } else if (auto v = env("MTRACK_FORMAT"); !v.empty()) {
    s.format = from_env(v, "MTRACK_FORMAT");
  } else if (s.file.format) {
    s.format = from_file(s.file, *s.file.format);
  }

  // NO_COLOR (no-color.org): any non-empty value turns colour off, unless a flag asks.
  if (!flags.color.empty()) {
    s.color = from_flag(flags.color, "--color");
  } else if (!env("NO_COLOR").empty()) {
    s.color = from_env("never", "NO_COLOR");
  } else if (s.file.color) {
    s.color = from_file(s.file, *s.file.color);
  } else {
    s.color = {"auto", Origin::builtin, ""};
  }
  return s;
}

}  // namespace mtrack::cli
