#pragma once

// The domain types of mtrack: plain structs with no I/O. Their meaning is the data contract
// described field by field in interchange.hpp; the interchange format (interchange.hpp) and the database
// (repository.hpp) both speak in these types.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mtrack {

enum class AgreementType {
  mou,
  loan,
  offtake,
  contract,
  loi,
  grant,
  investment,
  jv,
  framework,
  partnership,
  merger,
  other
};
// `signed_` because `signed` is a C++ keyword; it reads and writes as "signed".
enum class Status { proposed, signed_, approved, completed, terminated, unknown };
enum class Role {
  buyer,
  seller,
  lender,
  borrower,
  investor,
  investee,
  grantor,
  grantee,
  partner,
  government,
  other
};
enum class Relation { supersedes, amends, follows, duplicate_of };
enum class Stage {
  mining,
  processing,
  refining,
  separation,
  metal,
  magnet,
  recycling,
  enrichment,
  other
};

// Names as written in the interchange format ("mou", "duplicate-of"), and back. The parse
// functions accept any case and return nullopt for an unknown name.
std::string_view to_string(AgreementType t);
std::string_view to_string(Status s);
std::string_view to_string(Role r);
std::string_view to_string(Relation r);
std::string_view to_string(Stage s);
std::optional<AgreementType> parse_agreement_type(std::string_view s);
std::optional<Status> parse_status(std::string_view s);
std::optional<Role> parse_role(std::string_view s);
std::optional<Relation> parse_relation(std::string_view s);
std::optional<Stage> parse_stage(std::string_view s);
// Every valid name of each enum, in declaration order (for help, completion, suggestions).
const std::vector<std::string_view>& agreement_type_names();
const std::vector<std::string_view>& status_names();
const std::vector<std::string_view>& role_names();
const std::vector<std::string_view>& relation_names();
const std::vector<std::string_view>& stage_names();

// An amount of money, exact: `minor` counts hundredths of the currency's major unit, so
// US$100.8 million is {10080000000, "USD"}. Never a binary float.
struct Money {
  static constexpr std::int64_t k_scale = 100;
  // Every amount mtrack stores is below this: at most 16 digits before the point (10^16 major
  // units). parse_money and parse_amount refuse larger ones, so add, edit, import and extract
  // accept the same amounts and whatever is stored exports and imports back.
  static constexpr std::int64_t k_limit = 1'000'000'000'000'000'000;
  static constexpr int k_max_digits = 16;

  std::int64_t minor = 0;
  std::string currency;      // ISO 4217 code, upper case
  bool approximate = false;  // "about", "more than", "at least"
  std::string as_written;    // the text it was read from, when known

  // The amount in major units as an exact decimal string: "400000000", "1.25".
  std::string amount_string() const;
  friend bool operator==(const Money&, const Money&) = default;
};

// Amounts in minor units wider than Money's, for sums: 128 bits hold the total of more
// stored amounts (each below Money::k_limit) than any dataset has, so a total never wraps.
__extension__ typedef __int128 WideMinor;

// A sum of amounts of one currency (report totals).
struct MoneySum {
  WideMinor minor = 0;
  std::string currency;
  bool approximate = false;
};

// An amount in minor units as an exact decimal string of major units: "400000000", "1.25".
std::string amount_string(WideMinor minor);
// Money for people, in full: "USD 400,000,000", "EUR 1,250.50", "~USD 5,000,000".
std::string format_money_long(const Money& m);
std::string format_money_long(const MoneySum& m);
// Money for people, compact: "USD 400M", "AUD 1.2B", "~USD 1B", "USD 92,233T".
std::string format_money_short(const Money& m);
std::string format_money_short(const MoneySum& m);

// A calendar date of year, month or day precision ("2024", "2024-08", "2024-08-15").
struct PartialDate {
  int year = 0;   // 0: no date
  int month = 0;  // 0: year precision
  int day = 0;    // 0: month precision

  bool empty() const { return year == 0; }
  std::string str() const;
  // First and last day the date can mean, as yyyymmdd integers: "2024-08" is
  // 20240801..20240831. Sorting by (first_day, precision) puts "2024" before "2024-01-01".
  int first_day() const;
  int last_day() const;
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

struct Party {
  std::string name;  // canonical organisation name once stored
  Role role = Role::other;
  // The name the agreement itself used, when it differs from the canonical one: a body known
  // by another name at the time ("Department of War", "Loan Programs Office") or a subsidiary.
  std::string as_written;

  Party() = default;
  Party(std::string name_, Role role_ = Role::other, std::string as_written_ = {})
      : name(std::move(name_)), role(role_), as_written(std::move(as_written_)) {}
  friend bool operator==(const Party&, const Party&) = default;
};

struct Location {
  std::string site;
  std::string region;
  std::string country;  // ISO 3166-1 alpha-2
  bool empty() const { return site.empty() && region.empty() && country.empty(); }
  friend bool operator==(const Location&, const Location&) = default;
};

struct Source {
  std::string title;
  std::string publisher;
  std::string url;
  PartialDate published;
  std::string sha256;  // of the stored article text, when there is one
  friend bool operator==(const Source&, const Source&) = default;
};

// A passage that states the agreement. `start`/`end` are byte offsets into the source
// text when it is stored; `source` names the source (its url, else its title).
struct Evidence {
  std::string text;
  std::string source;
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// One step of an agreement's dated history. `value` and `ceiling` are set when the step
// changed the amount (a commitment raised at financial close).
struct Event {
  PartialDate date;
  std::optional<Status> status;
  std::string note;
  std::string source;
  std::optional<Money> value;
  std::optional<Money> ceiling;
  friend bool operator==(const Event&, const Event&) = default;
};

// Where the value of one field came from. `field` names it as the interchange format does
// ("value", "signed", "location"); one party is "parties[<canonical name>]" and one mineral
// "minerals[<name>]". `source` names the source as evidence does (its url, else its title,
// else the start of its sha256); empty for a value typed in with no source. `rule` says how
// the value was read: an extraction rule of `mtrack extract` ("money", "date"), "manual"
// (typed in with add or edit), "import" (stated by an import file), or empty when unknown.
// `start`/`end` are byte offsets of the quote in the stored article text. `claim` is set when
// this source states something other than the stored value: a conflict kept for review.
struct Provenance {
  std::string field;
  std::string source;
  std::string rule;
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> end;
  std::string claim;
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct Related {
  std::string key;
  Relation relation = Relation::follows;
  friend bool operator==(const Related&, const Related&) = default;
};

struct Agreement {
  std::optional<std::int64_t> id;  // assigned by the database
  std::string key;
  AgreementType type = AgreementType::other;
  std::string title;
  Status status = Status::unknown;
  std::optional<bool> binding;
  std::vector<Party> parties;
  std::vector<std::string> minerals;  // canonical names from the mineral table
  std::optional<Money> value;
  std::optional<Money> ceiling;
  std::string term;  // ISO 8601 duration ("P15Y"), empty when unknown
  PartialDate announced;
  PartialDate signed_on;  // "signed" in the interchange format
  PartialDate expires;
  Location location;
  std::vector<Stage> stages;  // "stage" in the interchange format
  std::vector<Source> sources;
  std::vector<Evidence> evidence;
  std::vector<Event> events;
  std::vector<Related> related;
  std::vector<Provenance> provenance;
  // Keys of records merged into this one (`mtrack merge`, `--link`): each is a duplicate-of
  // this agreement and still resolves to it.
  std::vector<std::string> merged_keys;
  std::vector<std::string> tags;
  std::string notes;
  std::optional<double> confidence;  // set by extract only; never stored

  // The date the agreement is filed under: signed, else announced.
  const PartialDate& date() const { return signed_on.empty() ? announced : signed_on; }
  friend bool operator==(const Agreement&, const Agreement&) = default;
};

// Other names an organisation goes by, as an import file declares them
// ("US Strategic Metals" is also "USSM").
struct PartyAliases {
  std::string name;
  std::vector<std::string> aliases;
  friend bool operator==(const PartyAliases&, const PartyAliases&) = default;
};

// How evidence and provenance name a source: its url, else its title, else the first 12
// hex digits of its sha256.
std::string source_label(const Source& s);
// Whether `label` names `s`: its url, its title, or a prefix (12 or more digits) of its sha256.
bool names_source(std::string_view label, const Source& s);
// One identity per source, for telling sources apart: the sha256 when known, else the url,
// else title and publisher (case-insensitive).
std::string source_identity(const Source& s);

// A stable lower-case slug built from type, the first two parties and the date
// ("loan-exim-us-strategic-metals-2024-08"), for records imported without a key.
std::string generate_key(const Agreement& a);

// The canonical name of the organisation a party name or alias stands for, or nullopt when it
// names none yet.
using CanonicalName = std::function<std::optional<std::string>(std::string_view)>;

// The agreement as it is stored: every party under its organisation's canonical name (the
// name given kept as the party's `as_written`, and its provenance renamed to match), an
// `as_written` equal to the name dropped, a key generated when it has none (generate_key), no
// id and no confidence.
Agreement normalised(Agreement a, const CanonicalName& canonical);
// Whether normalised(a, canonical) would change `a`.
bool is_normalised(const Agreement& a, const CanonicalName& canonical);

}  // namespace mtrack
