#pragma once

// Shell completion scripts and the man page, generated from the CLI11 definition of the
// commands (cli_model.hpp). Each function returns the whole text; it depends only on the
// definitions, so the output is the same bytes on every run.

#include <string>

#include "cli/cli_model.hpp"

namespace mtrack::cli {

// A script for `complete -F` (bash), a #compdef function (zsh) or `complete -c` lines (fish).
std::string bash_completion(const CliModel& m);
std::string zsh_completion(const CliModel& m);
std::string fish_completion(const CliModel& m);

// mtrack(1) in roff (man(7) macros).
std::string man_page(const CliModel& m);

}  // namespace mtrack::cli
