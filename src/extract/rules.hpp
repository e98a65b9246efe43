#pragma once

// Deal-type triggers and status/binding cues of mtrack extract (internal).

#include <optional>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack::extract::detail {

struct Trigger {
  std::size_t begin = 0;  // byte offsets into the lower-cased sentence
  std::size_t end = 0;
  AgreementType type = AgreementType::other;
  int strength = 0;
  bool generic = false;
  std::string_view phrase;
};

// Deal triggers in a lower-cased sentence, in text order, minus those that only state an
// intention ("will pursue an off-take agreement").
std::vector<Trigger> find_triggers(std::string_view low);

struct StatusCues {
  std::optional<Status> status;
  std::optional<bool> binding;
  bool signed_cue = false;
};
// Status and binding cues of a lower-cased passage.
StatusCues read_status(std::string_view low);

// `w` occurs in `low` as a whole word.
bool contains_word(std::string_view low, std::string_view w);

}  // namespace mtrack::extract::detail
