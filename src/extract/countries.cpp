// Countries for mtrack extract (see countries.hpp). Names follow the preloaded organisations
// table where it has the country (schema/organisations.tsv), so a government found by its
// demonym and one found by its name are the same party.

#include "extract/countries.hpp"

#include "extract/internal.hpp"

#include <array>
#include <string>
#include <unordered_map>

namespace mtrack::extract::detail {
namespace {

constexpr std::array<Country, 78> k_countries = {{
    {"United States", "American;US;U.S.;USA;U.S.A.", "Washington", "U.S.;US;USA;America"},
    {"Australia", "Australian", "Canberra", "Commonwealth of Australia"},
    {"Canada", "Canadian", "Ottawa", ""},
    {"Japan", "Japanese", "Tokyo", ""},
    {"South Korea", "Korean;South Korean", "Seoul", "Korea;Republic of Korea"},
    {"China", "Chinese", "Beijing", "People's Republic of China;PRC"},
    {"India", "Indian", "New Delhi", ""},
    {"Germany", "German", "Berlin", "Federal Republic of Germany"},
    {"France", "French", "Paris", ""},
    {"United Kingdom", "British;UK;U.K.", "London", "Britain;UK;U.K."},
    {"Ukraine", "Ukrainian", "Kyiv", ""},
    {"Brazil", "Brazilian", "Brasilia", ""},
    {"Argentina", "Argentine;Argentinian", "Buenos Aires", ""},
    {"Chile", "Chilean", "Santiago", ""},
    {"Peru", "Peruvian", "Lima", ""},
    {"Bolivia", "Bolivian", "La Paz", ""},
    {"Colombia", "Colombian", "Bogota", ""},
    {"Ecuador", "Ecuadorian", "Quito", ""},
    {"Mexico", "Mexican", "Mexico City", ""},
    {"Indonesia", "Indonesian", "Jakarta", ""},
    {"Philippines", "Philippine;Filipino", "Manila", ""},
    {"Vietnam", "Vietnamese", "Hanoi", "Viet Nam"},
    {"Malaysia", "Malaysian", "Kuala Lumpur", ""},
    {"Thailand", "Thai", "Bangkok", ""},
    {"Singapore", "Singaporean", "", ""},
    {"Taiwan", "Taiwanese", "Taipei", ""},
    {"Pakistan", "Pakistani", "Islamabad", ""},
    {"Saudi Arabia", "Saudi", "Riyadh", "Kingdom of Saudi Arabia;KSA"},
    {"United Arab Emirates", "Emirati", "Abu Dhabi", "UAE"},
    {"Qatar", "Qatari", "Doha", ""},
    {"Oman", "Omani", "Muscat", ""},
    {"Israel", "Israeli", "Jerusalem", ""},
    {"Turkey", "Turkish", "Ankara", "Turkiye"},
    {"Kazakhstan", "Kazakh", "Astana", ""},
    {"Uzbekistan", "Uzbek", "Tashkent", ""},
    {"Kyrgyzstan", "Kyrgyz", "Bishkek", ""},
    {"Mongolia", "Mongolian", "Ulaanbaatar", ""},
    {"Russia", "Russian", "Moscow", ""},
    {"Democratic Republic of the Congo", "Congolese", "Kinshasa",
     "DRC;DR Congo;Congo;Democratic Republic of Congo;Congo-Kinshasa"},
    {"Rwanda", "Rwandan", "Kigali", ""},
    {"Zambia", "Zambian", "Lusaka", ""},
    {"Zimbabwe", "Zimbabwean", "Harare", ""},
    {"South Africa", "South African", "Pretoria", ""},
    {"Namibia", "Namibian", "Windhoek", ""},
    {"Botswana", "Botswanan", "Gaborone", ""},
    {"Tanzania", "Tanzanian", "Dodoma", ""},
    {"Kenya", "Kenyan", "Nairobi", ""},
    {"Uganda", "Ugandan", "Kampala", ""},
    {"Malawi", "Malawian", "Lilongwe", ""},
    {"Mozambique", "Mozambican", "Maputo", ""},
    {"Madagascar", "Malagasy", "Antananarivo", ""},
    {"Angola", "Angolan", "Luanda", ""},
    {"Ghana", "Ghanaian", "Accra", ""},
    {"Nigeria", "Nigerian", "Abuja", ""},
    {"Guinea", "Guinean", "Conakry", ""},
    {"Mali", "Malian", "Bamako", ""},
    {"Morocco", "Moroccan", "Rabat", ""},
    {"Egypt", "Egyptian", "Cairo", ""},
    {"Greenland", "Greenlandic", "Nuuk", ""},
    {"Norway", "Norwegian", "Oslo", ""},
    {"Sweden", "Swedish", "Stockholm", ""},
    {"Finland", "Finnish", "Helsinki", ""},
    {"Denmark", "Danish", "Copenhagen", ""},
    {"Estonia", "Estonian", "Tallinn", ""},
    {"Poland", "Polish", "Warsaw", ""},
    {"Italy", "Italian", "Rome", ""},
    {"Spain", "Spanish", "Madrid", ""},
    {"Portugal", "Portuguese", "Lisbon", ""},
    {"Netherlands", "Dutch", "The Hague", ""},
    {"Belgium", "Belgian", "", ""},
    {"Austria", "Austrian", "Vienna", ""},
    {"Switzerland", "Swiss", "Bern", ""},
    {"Czech Republic", "Czech", "Prague", "Czechia"},
    {"Serbia", "Serbian", "Belgrade", ""},
    {"New Zealand", "New Zealand", "Wellington", ""},
    {"Papua New Guinea", "Papua New Guinean", "Port Moresby", "PNG"},
    {"European Union", "European", "Brussels", "EU;E.U."},
    {"Ireland", "Irish", "Dublin", ""},
}};

// Every name, alias, demonym and capital in one table: a word is looked up once for all three
// readings.
using Readings = CountryReadings;

struct Index {
  FlatMap<Readings> words;
  WordFilter filter;  // first bytes of every key: most words skip the table
  Index() {
    auto each = [](std::string_view list, auto f) {
      for (std::size_t b = 0; b < list.size();) {
        std::size_t e = list.find(';', b);
        if (e == std::string_view::npos) e = list.size();
        if (e > b) f(list.substr(b, e - b));
        b = e + 1;
      }
    };
    // The first country to claim a word in a reading keeps it.
    auto add = [&](std::string_view w, const Country* Readings::*reading, const Country& c) {
      filter.add(w);
      auto& r = words[w];
      if (!(r.*reading)) r.*reading = &c;
    };
    for (const auto& c : k_countries) {
      add(c.name, &Readings::name, c);
      each(c.aliases, [&](std::string_view a) { add(a, &Readings::name, c); });
      each(c.demonyms, [&](std::string_view a) { add(a, &Readings::demonym, c); });
      if (!c.capital.empty()) add(c.capital, &Readings::capital, c);
    }
  }
  static const Index& get() {
    static const Index k;
    return k;
  }
};

const Readings* find_in(std::string_view w) {
  // Every name, demonym and capital is capitalised.
  if (w.empty() || w[0] < 'A' || w[0] > 'Z') return nullptr;
  const Index& index = Index::get();
  return index.filter.maybe(w) ? index.words.find(w) : nullptr;
}

}  // namespace

const Country* country_by_name(std::string_view w) {
  const Readings* r = find_in(w);
  return r ? r->name : nullptr;
}
const Country* country_by_demonym(std::string_view w) {
  const Readings* r = find_in(w);
  return r ? r->demonym : nullptr;
}
const Country* country_by_capital(std::string_view w) {
  const Readings* r = find_in(w);
  return r ? r->capital : nullptr;
}
bool is_country_word(std::string_view w) { return find_in(w) != nullptr; }
CountryReadings country_readings(std::string_view w) {
  const Readings* r = find_in(w);
  return r ? *r : CountryReadings{};
}

}  // namespace mtrack::extract::detail
