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
// Beyond data-model.md, an agreement may carry `merged_keys` (keys of records merged into it,
// which resolve to it), `provenance` (one `{field, source, rule, start, end, claim}` per fact
// and source, see Provenance in model.hpp) and, on a party, `as_written` (the name the
// agreement used when it differs from the canonical one).
// Writers emit the fields in one fixed
// order and omit empty ones, so the same agreements always give the same bytes, and
// export → import → export is the identity.

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
// Problems are collected, not thrown: each names `file_name`, line, column and field.
DecodeResult read_interchange(std::string_view text, const std::string& file_name,
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
