#pragma once

// Pass 1 of mtrack extract: the article as a document. Cleans the input (text.cpp), joins the
// lines of hard-wrapped paragraphs, splits sentences (a heading in capitals that lost its line
// break is cut off the sentence it heads) and marks what each sentence is: a
// headline, someone's quoted words, page furniture. Also reads the article's title, its own
// date line and what a bare "$" means in it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/extract/extract.hpp"

namespace mtrack::extract::detail {

struct SentenceInfo {
  Span span;                // in Document::clean.text
  std::uint32_t line = 0;   // index of its line (after joining wrapped lines)
  bool line_start = false;  // first sentence of its line
  bool headline = false;    // a short line of its own with no final stop: a title or heading
  bool quoted = false;      // opens inside quotation marks: someone's words
  bool furniture = false;   // a menu or link bar ("Home | Markets | ...")
};

struct Document {
  CleanText clean;  // soft line breaks are spaces here (same length: offsets hold)
  std::string low;  // clean.text in lower case
  std::vector<SentenceInfo> sentences;
  std::string title;      // the headline, when there is one
  PartialDate published;  // the article's own date line, when there is one
  DateOrder order = DateOrder::unknown;
  std::string bare_currency;  // what a bare "$" means here

  std::string_view text(std::size_t i) const {
    return std::string_view(clean.text).substr(sentences[i].span.begin, sentences[i].span.size());
  }
  std::string_view lower(std::size_t i) const {
    return std::string_view(low).substr(sentences[i].span.begin, sentences[i].span.size());
  }
};

Document read_document(std::string_view input, const Options& options);

// Turns the line breaks inside hard-wrapped paragraphs into spaces and returns how many it
// turned. A break is soft when the next line continues the sentence (it starts in lower case,
// or the line ends in a comma, a hyphen or a function word) or, in a text wrapped at a fixed
// width, when the line reaches that width. Byte length is unchanged.
std::size_t join_wrapped_lines(std::string& text);

// "Home | Markets | Mining": a line of links, not prose.
bool is_furniture(std::string_view sentence);

// Numeric dates ("10.11.2025") read day first or month first, from what the text says.
DateOrder decide_order(std::string_view low);

}  // namespace mtrack::extract::detail
