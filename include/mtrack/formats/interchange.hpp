#pragma once

// The interchange format: agreements as YAML or JSON, in this shape (the project's data contract).
//
//   agreements:
//     - key: exim-ussm-loan-2024
//       type: loan
//       parties: [{name: ..., role: lender}]
//       value: {amount: 400000000, currency: USD}
//       ...
//
// A document is a mapping with an `agreements` sequence (a bare sequence of agreements is
// accepted too, and so is JSON Lines: one agreement object per line, each with its own
// `schema_version`), plus an optional `schema_version` and an optional `organisations` list of
// `{name, aliases}` naming the other names a party goes by:
//
//   organisations:
//     - {name: US Strategic Metals, aliases: [USSM]}
//
// Beyond the fields above, an agreement may carry `merged_keys` (keys of records merged into it,
// which resolve to it), `provenance` (one `{field, source, rule, start, end, claim}` per fact
// and source, see Provenance in model.hpp) and, on a party, `as_written` (the name the
// agreement used when it differs from the canonical one).
// Writers emit the fields in one fixed
// order and omit empty ones, so the same agreements always give the same bytes, and
// export → import → export is the identity.

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/model.hpp"
#include "mtrack/formats/document.hpp"
#include "mtrack/util/diagnostic.hpp"
#include "mtrack/util/result.hpp"

namespace mtrack {

// Version of the interchange shape written in `schema_version`.
inline constexpr int k_interchange_version = 2;

struct DecodeResult {
  std::vector<Agreement> agreements;
  std::vector<int> lines;                   // the line each agreement starts on
  std::vector<PartyAliases> organisations;  // the optional top-level `organisations:` list
  std::vector<Diagnostic> diagnostics;      // every problem found, in input order
};

// Reads an interchange document. JSON when the text starts with '{' or '[', else YAML.
// Problems are collected, not thrown: each names `file_name`, line, column and field; a key
// used twice in the file is one of them. With `document_required`, a text of nothing but
// white space and comments is a problem too, as import says (InterchangeSink).
DecodeResult read_interchange(std::string_view text, const std::string& file_name,
                              const MineralTable& minerals = MineralTable::builtin(),
                              bool document_required = false);

// What a streamed interchange file holds, handed on as the reader reaches it.
struct InterchangeSink {
  // Each agreement, decoded as far as it could be, with its tree (`item.line`: where it
  // starts); `clean` when the reader has met no problem in the file so far, this agreement's
  // own included.
  std::function<void(Agreement& a, const Node& item, bool clean)> agreement;
  // Each entry of an `organisations:` list that has no problem itself; `clean` as above.
  std::function<void(PartyAliases& p, bool clean)> organisation;
  // The problems, once the file is read: those of the document (top-level fields) first, then
  // those of its agreements in order.
  std::function<void(Diagnostic&& d)> problem;
  // When set, a text of nothing but white space and comments is a problem ("empty input"),
  // as import wants (`extract missing.txt | mtrack import -`); else it holds no agreements.
  bool document_required = false;
  // When set, the text is read and decoded on a second thread, up to about a thousand
  // agreements ahead of the sink, which runs on the calling thread: the calls, their order and
  // the problems are those of reading on one thread, but an agreement's `item` holds only its
  // place (line, column) and its `key` member, not the whole tree. For a sink with work of its
  // own to do (import).
  bool read_ahead = false;
};

// Reading a file stops after this many problems: a file that is no interchange file at all
// would otherwise give one per line.
inline constexpr std::size_t k_max_problems = 1000;

enum class ReadEnd {
  complete,    // read to its end
  unparsable,  // the text does not parse: its one problem says where it stops
  stopped,     // k_max_problems problems: the rest was not read
};

// Reads an interchange file from `in` in memory that does not grow with its size: the
// shapes read_interchange reads, each agreement decoded and handed on as soon as it is parsed.
// Does not look for keys used twice (the caller sees every key). An exception from the sink
// ends the reading (the problems found so far are handed on first).
ReadEnd read_interchange(TextReader& in, const std::string& file_name,
                         const InterchangeSink& sink,
                         const MineralTable& minerals = MineralTable::builtin());

// Decodes one agreement from its tree (used by streaming readers).
Agreement decode_agreement(const Node& node, const std::string& file_name,
                           const MineralTable& minerals, std::vector<Diagnostic>& diagnostics);

// Parses interchange text into a tree: JSON when it starts with '{' or '[', JSON Lines (one
// agreement per line, as `list --format jsonl` prints; the tree is their sequence) when its
// first line alone is a JSON object other than a document, else YAML. A list of documents
// (`extract --format json` of several files) reads as one. The error message starts
// "line:column: ".
Result<Node> parse_interchange_text(std::string_view text);

enum class WithId { no, yes };
// Whether a record carries its own `schema_version` (JSON arrays and JSON Lines, which have
// no document around the records to hold it).
enum class WithVersion { no, yes };

// One agreement as a JSON object on one line (no trailing newline).
void write_json(std::string& out, const Agreement& a, WithId with_id = WithId::no,
                WithVersion with_version = WithVersion::no);
// One agreement as a YAML sequence item ("  - key: ...\n    type: ...\n"), indented for
// use under `agreements:`.
void write_yaml_item(std::string& out, const Agreement& a, WithId with_id = WithId::no);

// The `organisations:` section of a document ("" when the list is empty).
void write_yaml_organisations(std::string& out, const std::vector<PartyAliases>& organisations);
void write_json_organisations(std::string& out, const std::vector<PartyAliases>& organisations);

// Whole documents.
void write_yaml_document(std::ostream& out, const std::vector<Agreement>& agreements);
void write_json_document(std::ostream& out, const std::vector<Agreement>& agreements);

}  // namespace mtrack
