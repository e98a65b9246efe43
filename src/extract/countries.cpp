// Countries for mtrack extract (see countries.hpp). Names follow the preloaded organisations
// table where it has the country (schema/organisations.tsv), so a government found by its
// demonym and one found by its name are the same party.

#include "extract/countries.hpp"

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

struct Index {
  std::unordered_map<std::string, const Country*> names, demonyms, capitals;
  Index() {
    auto each = [](std::string_view list, auto f) {
      for (std::size_t b = 0; b < list.size();) {
        std::size_t e = list.find(';', b);
        if (e == std::string_view::npos) e = list.size();
        if (e > b) f(std::string(list.substr(b, e - b)));
        b = e + 1;
      }
    };
    for (const auto& c : k_countries) {
      names.emplace(std::string(c.name), &c);
      each(c.aliases, [&](const std::string& a) { names.emplace(a, &c); });
      each(c.demonyms, [&](const std::string& a) { demonyms.emplace(a, &c); });
      if (!c.capital.empty()) capitals.emplace(std::string(c.capital), &c);
    }
  }
  static const Index& get() {
    static const Index k;
    return k;
  }
};

const Country* find_in(const std::unordered_map<std::string, const Country*>& m,
                       std::string_view w) {
  const auto it = m.find(std::string(w));
  return it == m.end() ? nullptr : it->second;
}

}  // namespace

const Country* country_by_name(std::string_view w) { return find_in(Index::get().names, w); }
const Country* country_by_demonym(std::string_view w) {
  return find_in(Index::get().demonyms, w);
}
const Country* country_by_capital(std::string_view w) {
  return find_in(Index::get().capitals, w);
}

}  // namespace mtrack::extract::detail
