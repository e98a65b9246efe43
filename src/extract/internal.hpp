#pragma once

// Internal interfaces between the stages of mtrack extract (not installed, not public).

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mtrack/extract/extract.hpp"

namespace mtrack::extract::detail {

// The bytes `member` accepts, as a table built at compile time: for the loops that ask a
// class of bytes of every byte of a text.
template <class Member>
constexpr std::array<bool, 256> byte_table(Member member) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[static_cast<std::size_t>(c)] = member(static_cast<unsigned char>(c));
  }
  return t;
}

// A cheap hash for short words (8 bytes per multiply), for the extractor's word tables and
// sets: std::hash<string_view> costs several times more on the words of a sentence.
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 29;
    }
    std::uint64_t w = 0;
    if (i < s.size()) std::memcpy(&w, s.data() + i, s.size() - i);  // data() may be null
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
  }
};
// A filter on (length, first two bytes) of words, case-insensitive for ASCII letters: a word
// it rejects is in no table it was built from, so most words of a text skip the hash lookup.
class WordFilter {
 public:
  void add(std::string_view w) { m_bits.set(key(w)); }
  bool maybe(std::string_view w) const { return m_bits.test(key(w)); }

 private:
  static std::size_t key(std::string_view w) {
    // Bit 5 (the ASCII case bit) is dropped, so "Mou" and "MOU" share a key.
    const std::size_t c0 = static_cast<unsigned char>(w.empty() ? 0 : w[0]) & 0x1F;
    const std::size_t c1 = static_cast<unsigned char>(w.size() < 2 ? 0 : w[1]) & 0x1F;
    return std::min<std::size_t>(w.size(), 15) << 10 | c0 << 5 | c1;
  }
  std::bitset<1 << 14> m_bits;
};

// A word -> value table for fixed vocabularies, built once and read per token, and for the
// names of one article: open addressing over one array of small slots, keys in one arena,
// values in one vector, so a lookup hashes once and touches few cache lines (node-based maps
// chase a pointer per probe and allocate per entry).
template <class V>
class FlatMap {
 public:
  // The value of `k`, default-constructed when new (the reference lasts until the next add).
  V& operator[](std::string_view k) {
    const auto h = static_cast<std::uint32_t>(WordHash{}(k));
    if (V* v = lookup(k, h)) return *v;
    return add(k, h, V{});
  }
  // Adds `k` with `v` unless present; true when added.
  bool emplace(std::string_view k, V v) {
    const auto h = static_cast<std::uint32_t>(WordHash{}(k));
    if (lookup(k, h)) return false;
    add(k, h, std::move(v));
    return true;
  }
  const V* find(std::string_view k) const {
    return const_cast<FlatMap*>(this)->lookup(k, static_cast<std::uint32_t>(WordHash{}(k)));
  }
  bool count(std::string_view k) const { return find(k) != nullptr; }
  std::size_t size() const { return m_values.size(); }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t key = 0;  // offset into m_keys
    std::uint32_t len = 0;
    std::uint32_t value = k_empty;
  };
  static constexpr std::uint32_t k_empty = ~0u;
  V* lookup(std::string_view k, std::uint32_t h) {
    if (m_slots.empty()) return nullptr;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = m_slots[i];
      if (s.value == k_empty) return nullptr;
      if (s.hash == h && s.len == k.size() &&
          (k.empty() || std::memcmp(m_keys.data() + s.key, k.data(), k.size()) == 0))
        return &m_values[s.value];
    }
  }
  V& add(std::string_view k, std::uint32_t h, V v) {
    if ((m_values.size() + 1) * 2 > m_slots.size()) grow();
    Slot s{h, static_cast<std::uint32_t>(m_keys.size()), static_cast<std::uint32_t>(k.size()),
           static_cast<std::uint32_t>(m_values.size())};
    m_keys.append(k);
    m_values.push_back(std::move(v));
    place(s);
    return m_values.back();
  }
  void place(const Slot& s) {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = s.hash & mask;
    while (m_slots[i].value != k_empty) i = (i + 1) & mask;
    m_slots[i] = s;
  }
  void grow() {
    std::vector<Slot> old(m_slots.empty() ? 64 : m_slots.size() * 2);
    old.swap(m_slots);
    for (const auto& s : old)
      if (s.value != k_empty) place(s);
  }
  std::vector<Slot> m_slots;  // power-of-two size
  std::string m_keys;
  std::vector<V> m_values;
};

// A fixed set of words (a word class), exact and case-sensitive, with a WordFilter in front.
class WordClass {
 public:
  template <class It>
  WordClass(It first, It last) {
    for (; first != last; ++first) {
      m_filter.add(*first);
      m_set.emplace(*first, 1);
    }
  }
  bool count(std::string_view w) const { return m_filter.maybe(w) && m_set.count(w); }

 private:
  WordFilter m_filter;
  FlatMap<unsigned char> m_set;
};

// Calls f(part) for the parts of `s` between `sep` (empty parts included) until f returns
// false; false when it did. No allocation, unlike text::split.
template <class F>
bool each_part(std::string_view s, char sep, F f) {
  for (std::size_t b = 0;;) {
    const std::size_t e = s.find(sep, b);
    if (!f(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b))) return false;
    if (e == std::string_view::npos) return true;
    b = e + 1;
  }
}

// True when `w` is one of `list` (short lists; longer ones looked up per token are WordClass).
template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// A set of words (views into a text that outlives it) in one open-addressed table: no
// allocation per word, for the thousands of words a text inserts.
class ViewSet {
 public:
  void insert(std::string_view w) {
    if (w.empty()) return;
    if ((m_size + 1) * 2 > m_slots.size()) grow();
    std::string_view& slot = m_slots[slot_of(w)];
    if (slot.data() == nullptr) {
      slot = w;
      ++m_size;
    }
  }
  bool count(std::string_view w) const {
    return !m_slots.empty() && m_slots[slot_of(w)].data() != nullptr;
  }

 private:
  std::size_t slot_of(std::string_view w) const {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = WordHash{}(w) & mask;
    while (m_slots[i].data() != nullptr && m_slots[i] != w) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<std::string_view> old(m_slots.empty() ? 256 : m_slots.size() * 2);
    old.swap(m_slots);
    for (const auto& v : old)
      if (v.data() != nullptr) m_slots[slot_of(v)] = v;
  }
  std::vector<std::string_view> m_slots;  // power-of-two size; null data = empty
  std::size_t m_size = 0;
};

// Set and map of words with WordHash and lookups by string_view.
template <class K>
using WordSet = std::unordered_set<K, WordHash, std::equal_to<>>;
template <class K, class V>
using WordMap = std::unordered_map<K, V, WordHash, std::equal_to<>>;

struct OrgInfo {
  std::string name;     // canonical
  std::string country;  // ISO code or empty
  std::string kind;     // agency | government | multilateral
};

// A gazetteer hit: tokens [first, last) of a sentence's token list.
struct MineralHit {
  std::size_t first = 0;
  std::size_t last = 0;
  // Canonical names: the gazetteer's list for the phrase (no copy per hit), or `own` for
  // a compound such as "copper-gold".
  const std::vector<std::string>* shared = nullptr;
  std::vector<std::string> own;
  const std::vector<std::string>& names() const { return shared ? *shared : own; }
};
struct OrgHit {
  std::size_t first = 0;
  std::size_t last = 0;
  int org = -1;  // index into Gazetteer::orgs()
};

// A phrase table matched on token sequences: phrases are stored as lower-case tokens and
// indexed by their first token, so a lookup at a position lowers one token into a small
// buffer, finds the few candidate phrases starting with it and compares the rest in place.
// No string is built per position. Built once; thread-safe to read.
class PhraseIndex {
 public:
  // Adds `phrase` (tokenized like sentences) with payload `value`; the first add of a phrase
  // wins.
  void add(std::string_view phrase, int value);
  // Longest phrase starting at token `i` of sentence `s`: {end token, value}, or {i, -1}.
  std::pair<std::size_t, int> longest(std::string_view s, const std::vector<Token>& t,
                                      std::size_t i) const;
  // Value of the one-token phrase equal to `word` (any case), or -1.
  int single(std::string_view word) const;
  // Value of the phrase equal to `text` (tokenized, any case), or -1.
  int exact(std::string_view text) const;

 private:
  struct Phrase {
    std::vector<std::string> rest;  // lower-case tokens after the first
    int value = -1;
  };
  // First token → phrases starting with it, longest first.
  FlatMap<std::vector<Phrase>> m_by_first;
  // First tokens: most words of a sentence start no phrase and are rejected here without
  // lowering or hashing them.
  WordFilter m_filter;
};

// Lower-cases `w` into `buf` (ASCII); empty when `w` does not fit (no phrase token is that long).
std::string_view lower_into(std::string_view w, std::array<char, 64>& buf);

// Minerals (from MineralTable::builtin) and preloaded organisations (builtin_organisations()),
// as lower-case token-sequence phrases. Built once; thread-safe to read.
class Gazetteer {
 public:
  static const Gazetteer& builtin();
  const std::vector<OrgInfo>& orgs() const { return m_orgs; }
  // Hits in a tokenized sentence `s`, longest match first, non-overlapping.
  std::vector<MineralHit> find_minerals(std::string_view s, const std::vector<Token>& t) const;
  std::vector<OrgHit> find_orgs(std::string_view s, const std::vector<Token>& t) const;
  // Index of the organisation called exactly `name` (any case), or -1.
  int org_by_name(std::string_view name) const { return m_org_phrases.exact(name); }
  // True when `word` (any case) is a one-word mineral name.
  bool is_mineral_word(std::string_view word) const { return m_minerals.single(word) >= 0; }

 private:
  Gazetteer();
  std::vector<OrgInfo> m_orgs;
  std::vector<std::vector<std::string>> m_mineral_names;  // payloads of m_minerals
  PhraseIndex m_minerals;                                 // phrase → m_mineral_names index
  std::unordered_map<std::string, std::vector<std::string>> m_symbol_names;  // "Dy" → names
  PhraseIndex m_org_phrases;                                                 // phrase → org index
};

// Lower-case key of a token run, tokens joined by single spaces.
std::string phrase_key(std::string_view s, const std::vector<Token>& t, std::size_t first,
                       std::size_t last);

// A capitalised name in a sentence: tokens [first, last), text = the name as written
// (suffixes such as ", Inc." included), a view into the sentence.
struct NameChunk {
  std::size_t first = 0;
  std::size_t last = 0;
  std::string_view text;
};
// Capitalised name runs of a sentence (with "of", "and", "&" inside where they belong to one
// name, and corporate suffixes), minus leading sentence openers and titles.
std::vector<NameChunk> find_name_chunks(std::string_view s, const std::vector<Token>& t);
// The same into `out` (cleared first), so a caller going sentence by sentence reuses it.
void find_name_chunks(std::string_view s, const std::vector<Token>& t, std::vector<NameChunk>& out);
// tokenize() into `out` (cleared first), reusing its storage.
void tokenize_into(std::string_view s, std::vector<Token>& out);

// Word classes used by the rules, as bits of name_word_classes(word) (one lookup for all).
inline constexpr std::uint8_t k_suffix = 1;    // corporate suffix ("Ltd", "Inc.")
inline constexpr std::uint8_t k_org_head = 2;  // last word of an organisation's name
inline constexpr std::uint8_t k_title = 4;     // a person's title ("CEO", "Minister")
inline constexpr std::uint8_t k_stop = 8;      // capitalised but no name ("The", "Monday")
inline constexpr std::uint8_t k_place = 16;    // a place ("Ontario", "Europe")
inline constexpr std::uint8_t k_thing = 32;    // last word of a thing's name ("Project")
std::uint8_t name_word_classes(std::string_view word);
bool is_corporate_suffix(std::string_view word);
bool is_org_head(std::string_view word);
bool is_place(std::string_view name);
bool is_person_title(std::string_view word);
bool is_stop_name(std::string_view word);
// The last word of the name of a thing, not an organisation ("Project", "Act", "Mine").
bool is_thing_word(std::string_view word);
// True when the name ending before token `after` is part of the name of a project, a mine or
// a programme: what follows, over joining words, capitalised words, mineral words and a
// parenthesis, reaches such a word ("Green Nickel for Cathode Supply (GNCS) project").
bool part_of_named_thing(std::string_view s, const std::vector<Token>& t, std::size_t after);
// A word of a time phrase ("on Monday", "in March 2024", "last week"), lower-case; digits too.
bool is_time_word(std::string_view low_word);

}  // namespace mtrack::extract::detail
