// mtrack extract: the pipeline. Each pass has its own file and a typed result:
//   document.cpp   text -> Document: cleaned text, wrapped lines joined, sentences marked
//                  (headline, quotation, page furniture), title, date line, bare "$"
//   entities.cpp,  Document -> EntityTable: the article's organisations and governments with
//   mentions.cpp   their aliases, and every mention, descriptions and pronouns resolved
//   frames.cpp,    sentence -> Frames: clauses, deal nouns and verbs (lexicon.cpp), one frame
//   parties.cpp    per (instrument, counterparties, amount), with its own scope; lists of
//   recipients.cpp recipients and rows of a table of holdings (rows.cpp)
//   fields.cpp     Frame -> Draft: type, value and ceiling, status, binding, date, term
//   merge.cpp      Drafts -> one agreement per deal
// This file runs them in order and assembles the result.

#include <algorithm>
#include <map>
#include <set>

#include "extract/document.hpp"
#include "extract/entities.hpp"
#include "extract/fields.hpp"
#include "extract/frames.hpp"
#include "extract/merge.hpp"
#include "mtrack/extract/extract.hpp"

namespace mtrack::extract {
namespace {

using namespace detail;

// A subsidiary named only as the recipient of a loan, a grant or a contract, beside its named
// parent ("X, a unit of Y"), gives way to the parent.
void parent_for_recipient(const EntityTable& et, Draft& d) {
  const auto type = d.agreement.type;
  if (type != AgreementType::loan && type != AgreementType::grant && type != AgreementType::contract)
    return;
  for (std::size_t k = 0; k < d.entities.size(); ++k) {
    const Entity& e = et.entities[static_cast<std::size_t>(d.entities[k])];
    if (e.parent < 0 || std::find(d.entities.begin(), d.entities.end(), e.parent) != d.entities.end())
      continue;
    d.entities[k] = e.parent;
    d.agreement.parties[k].name = et.entities[static_cast<std::size_t>(e.parent)].name;
  }
}

std::string title_of(const Agreement& a) {
  std::string title(to_string(a.type));
  title += ": ";
  for (std::size_t k = 0; k < a.parties.size(); ++k) {
    if (k) title += " / ";
    title += a.parties[k].name;
  }
  return title;
}

}  // namespace

ExtractResult extract(std::string_view input, const Options& options) {
  ExtractResult result;
  const Document doc = read_document(input, options);
  SentenceCache sentences(doc);
  const EntityTable et = find_entities(doc, sentences);
  std::vector<Draft> drafts;
  for (std::size_t si = 0; si < doc.sentences.size(); ++si)
    for (const auto& f : find_frames(doc, et, sentences.at(si), si))
      if (auto d = read_fields(doc, et, f, options)) drafts.push_back(std::move(*d));
  std::vector<Draft> deals = merge_drafts(std::move(drafts), et);
  MineralContext minerals = mineral_context(doc, et);
  std::map<std::string, std::set<std::string>> aliases;
  for (auto& d : deals) {
    parent_for_recipient(et, d);
    if (!fill_minerals(minerals, d.entities, d.agreement)) {
      document_minerals(doc, sentences, minerals);
      fill_minerals(minerals, d.entities, d.agreement);
    }
    d.agreement.title = title_of(d.agreement);
    for (const int e : d.entities) {
      const Entity& ent = et.entities[static_cast<std::size_t>(e)];
      for (const auto& ab : ent.defined)
        if (ab != ent.name) aliases[ent.name].insert(ab);
    }
    result.agreements.push_back(std::move(d.agreement));
  }
  for (auto& [name, set] : aliases)
    result.aliases.push_back({name, std::vector<std::string>(set.begin(), set.end())});
  result.title = doc.title;
  result.published = doc.published;
  return result;
}

}  // namespace mtrack::extract
