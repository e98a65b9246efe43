#pragma once

// The command line as data, read from the CLI11 app itself, so that the shell completions
// and the man page are generated from the same definitions as --help and never drift.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace mtrack::cli {

enum class ValueKind { none, word, file };

struct OptionInfo {
  std::vector<std::string> longs;   // "--mineral"
  std::vector<std::string> shorts;  // "-m"
  std::string description;
  std::string type_name;  // "NAME", "" for a flag
  ValueKind value = ValueKind::none;
  std::vector<std::string> values;  // candidates for a word value, when known
  bool repeatable = false;
};

struct CommandInfo {
  std::string name;  // "" for the top-level app
  std::string description;
  std::string footer;
  std::vector<OptionInfo> options;      // flags and options, --help included
  std::vector<OptionInfo> positionals;  // arguments (name in type_name)
};

// The app's own flags and its visible commands (hidden ones, in the "" group, are left out).
struct CliModel {
  CommandInfo top;
  std::vector<CommandInfo> commands;
};

CliModel describe(CLI::App& app);

}  // namespace mtrack::cli
