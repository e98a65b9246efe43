#pragma once

// Pass 2 of mtrack extract: the article's entity table and every mention of an entity.
//
// Names are collected over the whole article first, with the evidence each occurrence gives
// (a corporate suffix, a ticker, an abbreviation defined for it, a role noun such as "miner
// X", a title that makes it a person, a preposition that makes it a place), so a name is
// judged by everything the article says about it, not by one sentence. Short forms join their
// full name (an abbreviation the text defines, the name without its suffix, its first words).
// Mentions are then found sentence by sentence: names and their short forms, the preloaded
// agencies and governments, governments by demonym ("the Korean and Australian governments")
// and by capital ("Canberra"), and descriptions ("the company", "the automaker", "the Japanese
// trading house", "the two companies", "it") resolved to the most salient entity that fits.

#include <cstdint>
#include <string>
#include <vector>

#include "extract/document.hpp"
#include "extract/internal.hpp"

namespace mtrack::extract::detail {

enum class EntityKind : std::uint8_t { company, agency, government };

struct Entity {
  std::string name;  // the fullest name the text gives; the preloaded name of a known body
  EntityKind kind = EntityKind::company;
  int org = -1;         // index into Gazetteer::orgs() for a known body
  bool lender = false;  // a bank or an export-credit agency: money from it is a loan
  bool weak = false;    // known only from a party slot ("signed with X"), no other evidence
  std::vector<std::string> defined;  // abbreviations the text defines for it
  std::vector<std::string> roles;    // role nouns it is introduced with: "automaker"
  std::string country;               // a government's country; a company's by its demonym
  int parent = -1;                   // "X, a subsidiary of Y": Y
  std::uint32_t count = 0;           // mentions by name
  std::uint32_t first = 0;           // sentence of its first mention
};

enum class MentionForm : std::uint8_t {
  name,        // its name or a short form of it
  descriptor,  // "the company", "the automaker", "the two companies"
  pronoun,     // "it", "they"
};

struct Mention {
  std::uint32_t entity = 0;
  std::uint32_t begin = 0;  // byte offsets in the sentence
  std::uint32_t end = 0;
  std::uint16_t first = 0;  // tokens [first, last) of the sentence
  std::uint16_t last = 0;
  MentionForm form = MentionForm::name;
};

struct EntityTable {
  std::vector<Entity> entities;
  std::vector<std::vector<Mention>> mentions;  // per sentence, in text order
  std::vector<int> subject;                    // per sentence: the entity it is about, or -1
  // Per sentence that names a company: the minerals it names (others are left empty).
  std::vector<std::vector<std::string>> minerals;
  int topic = -1;                              // the company the article is mostly about
};

class SentenceCache;
EntityTable find_entities(const Document& doc, SentenceCache& sentences);

// ---- shared with the other passes ----

// One sentence read for the passes: its text, tokens, capitalised name chunks and hits.
struct SentenceView {
  std::string_view text;
  std::string_view low;
  std::vector<Token> tokens;
  std::vector<NameChunk> chunks;
  std::vector<OrgHit> orgs;
  // The minerals named, read when first asked for (most sentences never are).
  const std::vector<MineralHit>& minerals() const;
  // True when token k is a verb or an auxiliary a clause's subject comes before
  // (is_clause_verb of its lower-case text), looked up once per token.
  bool clause_verb(std::size_t k) const;
  // Token k's text (lower case); empty past the last token.
  std::string_view tok(std::size_t k) const {
    return k < tokens.size()
               ? std::string_view(text.data() + tokens[k].begin, tokens[k].end - tokens[k].begin)
               : std::string_view();
  }
  std::string_view tok_low(std::size_t k) const {
    return k < tokens.size()
               ? std::string_view(low.data() + tokens[k].begin, tokens[k].end - tokens[k].begin)
               : std::string_view();
  }
  mutable std::vector<MineralHit> m_minerals;
  mutable bool m_minerals_read = false;
  mutable std::vector<std::int8_t> m_verbs;  // per token: -1 not looked up, 0 no, 1 yes
};
void read_sentence(const Document& doc, std::size_t i, SentenceView& out);

// True when the comma at token `comma` goes on with more names of a list that ends in
// "and NAME" ("A, the local arm of B, C and D"): the phrase it closes is an item of the list,
// not a description of the name before it. Looks at most a few dozen tokens ahead.
bool list_goes_on(const SentenceView& v, std::size_t comma);
// True when the comma at token `comma` opens an item of such a list written as a description
// ("the local arm of B"), closed by a comma the list goes on after.
bool described_item_follows(const SentenceView& v, std::size_t comma);

// Sentences read once for all the passes. A long text is read again sentence by sentence
// instead, so memory stays bounded whatever the input's size. The views' storage (token and
// name lists) passes from one article to the next on the same thread: a run over thousands of
// small articles would otherwise allocate every sentence's lists anew.
class SentenceCache {
 public:
  explicit SentenceCache(const Document& doc);
  ~SentenceCache();
  SentenceCache(const SentenceCache&) = delete;
  SentenceCache& operator=(const SentenceCache&) = delete;
  // Sentence i, read; valid until the next call when the text is too long to keep.
  const SentenceView& at(std::size_t i);

 private:
  static constexpr std::size_t k_keep_below = std::size_t{1} << 20;  // bytes of text
  const Document& m_doc;
  bool m_keep = false;
  std::vector<SentenceView> m_views;
  std::vector<bool> m_read;
  SentenceView m_scratch;
};

// Role nouns that introduce or describe an organisation ("miner", "automaker", "lender"); the
// two-word ones ("trading house", "battery maker") are matched on their last word.
bool is_role_noun(std::string_view low_word);
// Verbs and auxiliaries after which a name before them is the subject of its clause.
bool is_clause_verb(std::string_view low_word);
// `name` without its corporate suffix words ("Toho Zinc Co., Ltd." -> "Toho Zinc"): a prefix
// of `name`.
std::string_view without_suffix(std::string_view name);
// A name that says its bearer lends: a bank, an export-credit or development-finance body.
bool lender_name(std::string_view name);
// The preloaded body a name written the other way round stands for: "Energy Department",
// "U.S. Commerce Department" -> "Department of Energy", "... of Commerce"; -1 when none.
int inverted_department(std::string_view name);

// The two halves of the pass: the names of the article judged into companies (2a), then the
// mentions of every entity, sentence by sentence (2b).
struct NameTable {
  std::vector<Entity> entities;         // companies only; bodies are added by 2b
  FlatMap<int> by_name;                 // names, short forms, abbreviations -> entity
  ViewSet persons;  // names of persons and each word of them (views into the document)
  std::vector<std::pair<int, std::string>> parents;  // entity, the name of its parent
  int topic = -1;                       // the company named most often
};
NameTable collect_names(const Document& doc, SentenceCache& sentences);

}  // namespace mtrack::extract::detail
