#pragma once

// Small string helpers shared by every module.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mtrack::text {

std::string lower(std::string_view s);  // ASCII lower case
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Hash and equality for containers keyed by names compared as iequals does (ASCII letters in
// any case, as SQLite's NOCASE).
struct IcaseHash {
  std::size_t operator()(std::string_view s) const;
};
struct IcaseEqual {
  bool operator()(std::string_view a, std::string_view b) const { return iequals(a, b); }
};
bool starts_with_icase(std::string_view s, std::string_view prefix);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// The data rows of a TAB-separated table (the schema/*.tsv files): `#` comments and blank
// lines are skipped, a trailing CR dropped, cells trimmed. Each row must have `columns`
// cells; throws mtrack::Error "NAME:LINE: expected N columns, found M" otherwise.
struct TsvRow {
  int line = 0;
  std::vector<std::string> cells;
};
std::vector<TsvRow> tsv_rows(std::string_view tsv, std::string_view name, std::size_t columns);
// A `;`-separated list cell ("-" or empty = none), items trimmed.
std::vector<std::string> list_cell(std::string_view cell);

// Edit distance on bytes, case-insensitive, with a swap of two neighbours as one edit
// (optimal string alignment), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidates within a small distance of `word`, closest first, at most `n`.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t n = 3);
// "did you mean 'a' or 'b'?" style suffix: " (did you mean 'cobalt'?)", or "" when none.
std::string did_you_mean(const std::vector<std::string>& suggestions);

// utf8proc_map of `s` with `options` (UTF8PROC_* flags); `s` unchanged when it is not valid
// UTF-8. The one place mtrack calls utf8proc's mapping.
std::string map_utf8(std::string_view s, int options);

// Lower-case slug: letters and digits kept, a letter with diacritics as its base letter
// ("Gécamines" -> "gecamines"), everything else collapsed to one '-'.
std::string slug(std::string_view s);

// Number of terminal columns `s` (UTF-8) takes: wide East Asian characters count 2,
// combining marks 0.
std::size_t display_width(std::string_view s);
// Cuts `s` to at most `width` columns, ending with "…" when cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
// True when `s` is valid UTF-8.
bool valid_utf8(std::string_view s);
// The length of the longest prefix of `s` that is valid UTF-8 (s.size() when all of it is): a
// sequence cut off at the end of `s` ends the prefix too.
std::size_t valid_utf8_prefix(std::string_view s);

// `s` made safe for a terminal and one line: newline, CR and tab as "\n", "\r", "\t",
// other control characters and invalid UTF-8 bytes as "\x1b", C1 controls, bidi overrides
// and line separators as "\u202e". Every human-readable output (tables, show, messages that
// echo values) prints stored text through this; machine formats escape as they require.
std::string visible(std::string_view s);

// "1 agreement", "3 agreements" (`plural` when the plural is not singular + "s").
std::string count(std::int64_t n, std::string_view singular, std::string_view plural = {});

// A byte count for people, never rounded up: "512 bytes", "16 MiB", "64.02 MiB".
std::string human_size(std::uint64_t bytes);

// `s` as one word of a POSIX shell command: as it is when it holds only letters, digits and
// -_./:=@%+,; else in single quotes ("it's" -> 'it'\''s').
std::string shell_word(std::string_view s);

}  // namespace mtrack::text
