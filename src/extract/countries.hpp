#pragma once

// Countries for mtrack extract: a country's name, what its people and government are called
// ("Australian"), and its capital, which news writes for its government ("Canberra said").

#include <string_view>

namespace mtrack::extract::detail {

struct Country {
  std::string_view name;      // as a party: "United States", "South Korea"
  std::string_view demonyms;  // ';'-separated: "American;US;U.S."
  std::string_view capital;   // "Washington"
  std::string_view aliases;   // ';'-separated other names: "Korea;Republic of Korea"
};

// The country called `w` (name or alias, exact case), its demonym, or its capital; or null.
const Country* country_by_name(std::string_view w);
const Country* country_by_demonym(std::string_view w);
const Country* country_by_capital(std::string_view w);
// True when `w` is any of the three.
bool is_country_word(std::string_view w);
// The three readings of `w` in one lookup, each null when `w` is not one.
struct CountryReadings {
  const Country* name = nullptr;
  const Country* demonym = nullptr;
  const Country* capital = nullptr;
};
CountryReadings country_readings(std::string_view w);

}  // namespace mtrack::extract::detail
