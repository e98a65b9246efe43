#pragma once

// mtrack extract: a rule-based extractor that reads article text (web pages, press releases,
// wire copy, with their junk) and proposes the agreements the text states, each with the
// sentence that states it (byte offsets into the ORIGINAL input) and a confidence in [0, 1].
//
// Contract: `extract` is pure and deterministic (same bytes in, same agreements out), does no
// I/O, never throws on any input (binary, invalid UTF-8, huge lines) and runs in time linear in
// the input. The stages below are exposed for unit tests; they are internal to the feature.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack::extract {

struct Options {
  // Currency a bare "$" means when the text does not settle it; empty = decide from the text
  // (USD unless the issuer is plainly Australian or Canadian).
  std::string default_currency;
  // Name recorded in each evidence's `source` (a file name or title); may be empty.
  std::string source_name;
};

struct ExtractResult {
  std::vector<Agreement> agreements;
  std::string title;      // the article's headline line, when there is one
  PartialDate published;  // the article's own date line, when there is one
  // Abbreviations the text defines for parties of `agreements` ("Ionic Rare Earths Limited
  // ("IonicRE")"), sorted by name.
  std::vector<PartyAliases> aliases;
};

ExtractResult extract(std::string_view text, const Options& options = {});

// ---- stages -----------------------------------------------------------------------------

// Cleaned text: typographic quotes/dashes folded to ASCII, non-breaking spaces to spaces,
// `\$` to `$`, markdown links `[x](url)` to `x`, `<https://...>` and control bytes / invalid
// UTF-8 to spaces. `origin[i]` is the byte offset in the input of text[i]; origin has
// text.size() + 1 entries (the last is the input size).
// Input offsets of the cleaned text's bytes, kept as runs over which both offsets advance
// together: a few entries for ordinary text instead of one per byte.
class OriginMap {
 public:
  // Input offset of cleaned byte `i` (i < size()).
  std::size_t operator[](std::size_t i) const;
  std::size_t back() const { return (*this)[m_size - 1]; }
  std::size_t size() const { return m_size; }
  // The first cleaned index whose input offset is >= `offset` (size() when none).
  std::size_t lower_bound(std::size_t offset) const;
  // Appends `count` cleaned bytes taken from input offsets from, from + 1, ...
  void append(std::size_t from, std::size_t count = 1);

 private:
  struct Run {
    std::size_t clean = 0;  // first cleaned index of the run
    std::size_t input = 0;  // its input offset
  };
  std::vector<Run> m_runs;
  std::size_t m_size = 0;
};
struct CleanText {
  std::string text;
  OriginMap origin;
};
CleanText clean(std::string_view input);

// A half-open byte range [begin, end) in the cleaned text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t size() const { return end - begin; }
};

// Sentences of the cleaned text: split at line breaks and at sentence-final punctuation
// (not after abbreviations such as "Inc.", "U.S.", "Jan.", initials), each trimmed and at most
// k_max_sentence bytes (longer runs are cut at a space).
inline constexpr std::size_t k_max_sentence = 1200;
std::vector<Span> split_sentences(std::string_view text);

enum class TokenKind { word, number, punct };
struct Token {
  std::size_t begin = 0;  // offsets into the string given to tokenize
  std::size_t end = 0;
  TokenKind kind = TokenKind::word;
};
// Words (letters/digits with inner '-', '\'', '.', '&' as in "U.S.", "Sibanye-Stillwater",
// "Inc."), numbers ("1,800", "100.8") and single punctuation bytes. Non-ASCII UTF-8 sequences
// count as letters.
std::vector<Token> tokenize(std::string_view s);

// ---- patterns ---------------------------------------------------------------------------

struct MoneyMention {
  Span span;  // within the string scanned
  Money money;
  bool up_to = false;      // "up to $X", "as much as"
  bool per_unit = false;   // "$70.50 per pound", "US$0.53 per share", "$1 000 a ton"
  bool in_parens = false;  // "($243 million)": a conversion of the amount before it
  bool bare_dollar = false;
};
// Every amount of money in `s`. A bare "$" takes `bare_dollar_currency` (USD when empty).
std::vector<MoneyMention> find_money(std::string_view s, std::string_view bare_dollar_currency);

struct TermMention {
  Span span;
  std::string iso;  // "P15Y", "P6M"
};
// Terms of an agreement: "a term of 15 years", "over a five-year period", "two-year offtake",
// "12-month ... agreement", "over the next two years". Validity ("valid for two years") is not
// a term.
std::vector<TermMention> find_terms(std::string_view s);

// How to read a numeric date "10.11.2025": day first (European), month first (US) or unknown.
enum class DateOrder { unknown, day_first, month_first };

struct DateMention {
  Span span;
  PartialDate date;
  bool ambiguous = false;  // numeric day/month order could not be settled
};
// Calendar dates in prose: "21 October 2025", "February 2, 2026", "Jan. 13, 2023",
// "November 2024", "2024 August", "10.11.2025", "2024-03-14", "30/09/24". A month-day
// without year takes `default_year` when non-zero (else it is skipped).
std::vector<DateMention> find_dates(std::string_view s, DateOrder order, int default_year = 0);

}  // namespace mtrack::extract

namespace mtrack::extract {
// SHA-256 of `data` as 64 lower-case hex digits (the source hash of an extracted article).
std::string sha256_hex(std::string_view data);
}  // namespace mtrack::extract

namespace mtrack::extract {
// Provenance for the fields of `a`, a proposal that extract() made from `input`: each value is
// credited to the mention in its evidence sentences that states it (rules "money",
// "money-up-to", "date", "term", "party-name", "party-alias", "mineral-name", with byte offsets
// into `input`), to the sentence as a whole ("trigger", "status-cue", "binding-cue",
// "party-reference") or to the rule that inferred it ("article-minerals", "article-date",
// "generated"). Sources are left for the caller to name.
void attribute_fields(std::string_view input, const PartialDate& published, Agreement& a);
}  // namespace mtrack::extract
