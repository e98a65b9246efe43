// Pass 4 of mtrack extract: the fields of each frame (see fields.hpp).

#include "extract/fields.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>

#include "mtrack/util/text.hpp"

namespace mtrack::extract::detail {
namespace {

bool has(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

bool has_word(std::string_view low, std::string_view w) {
  for (std::size_t at = low.find(w); at != std::string_view::npos; at = low.find(w, at + 1)) {
    const bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(low[at - 1]));
    const std::size_t e = at + w.size();
    const bool right = e >= low.size() || !std::isalnum(static_cast<unsigned char>(low[e]));
    if (left && right) return true;
  }
  return false;
}

std::string_view part(std::string_view s, Span sp) {
  if (sp.begin >= s.size() || sp.end <= sp.begin) return {};
  return s.substr(sp.begin, std::min(sp.end, s.size()) - sp.begin);
}

const Entity& ent(const EntityTable& t, int e) { return t.entities[static_cast<std::size_t>(e)]; }

// The type of a frame whose words give none: from what the clause is about and who is in it.
AgreementType settle_type(const EntityTable& t, const Frame& f, std::string_view clause,
                          std::optional<bool> binding) {
  if (f.by_funder) {
    // An award to supply goods is a purchase contract ("awards to supply uranium").
    if (has_word(clause, "to supply") || has_word(clause, "to sell") ||
        has_word(clause, "to deliver"))
      return AgreementType::contract;
    auto pick = [&](const std::vector<int>& who) -> std::optional<AgreementType> {
      bool lender = false, official = false, company = false;
      for (const int e : who) {
        lender = lender || ent(t, e).lender;
        official = official || ent(t, e).kind != EntityKind::company;
        company = company || ent(t, e).kind == EntityKind::company;
      }
      if (lender) return AgreementType::loan;
      if (official) return AgreementType::grant;
      if (company && !who.empty()) return AgreementType::investment;
      return std::nullopt;
    };
    if (auto ty = pick(f.sources)) return *ty;
    if (auto ty = pick(f.parties); ty && *ty != AgreementType::investment) return *ty;
    return AgreementType::investment;
  }
  if (!f.generic) return f.type;
  std::string low(clause);
  for (auto at = low.find("supply chain"); at != std::string::npos; at = low.find("supply chain"))
    low.replace(at, 12, "chain");
  // What the parties only mean to look into ("to explore offtake and processing options", "to
  // evaluate potential supply") is no content of the deal: up to the next comma.
  for (const std::string_view cue : {"explor", "evaluat", "consider", "assess", "discuss",
                                     "negotiat", "study", "studies", "investigat"})
    for (auto at = low.find(cue); at != std::string::npos; at = low.find(cue, at + 1)) {
      if (at > 0 && std::isalpha(static_cast<unsigned char>(low[at - 1]))) continue;
      auto stop = low.find_first_of(",;", at);
      if (stop == std::string::npos) stop = low.size();
      std::fill(low.begin() + static_cast<std::ptrdiff_t>(at),
                low.begin() + static_cast<std::ptrdiff_t>(stop), ' ');
    }
  if (has(low, "suppl") || has(low, "purchase") || has(low, "offtake") || has_word(low, "buy") ||
      has(low, "sell "))
    return AgreementType::offtake;
  bool all_gov = f.parties.size() >= 2;
  for (const int e : f.parties) all_gov = all_gov && ent(t, e).kind == EntityKind::government;
  if (binding == false) return AgreementType::mou;
  if (all_gov) return AgreementType::framework;
  if (has(low, "invest") || has(low, " stake")) return AgreementType::investment;
  return AgreementType::partnership;
}

Status read_status(const Frame& f, std::string_view scope, AgreementType type, bool official) {
  const Sense verb = f.verb ? f.verb->sense : Sense::generic;
  if (verb == Sense::end || has(scope, "terminat") || has(scope, "cancel") ||
      has(scope, "abandon") || has(scope, "scrapped") || has(scope, "walked away"))
    return Status::terminated;
  if ((f.head && f.head->status == Status::approved) || verb == Sense::approve ||
      has(scope, "approv") || has(scope, "set to receive") || has(scope, "is to receive") ||
      has(scope, "are to receive") || has(scope, "once finali") || has(scope, "conditional") ||
      has(scope, "preliminary") || has(scope, "selected"))
    return Status::approved;
  if (has(scope, "in principle") || has(scope, "planned") || has(scope, "proposed"))
    return Status::proposed;
  if (f.future && !f.terms) {
    const bool funding = type == AgreementType::grant || type == AgreementType::loan;
    // "will receive a grant", "will support X with $5m": a funder's commitment.
    if (funding && (verb == Sense::receive || verb == Sense::give)) return Status::approved;
    // "X will acquire Y", "X will supply Y with Z": a decided transaction told in the future
    // tense; its completion, not the agreement, is to come. A plan ("plans to", "expects
    // to") or a new venture to be formed ("will form a joint venture") is proposed.
    const bool transaction = (f.verb && f.verb->sense == Sense::act) ||
                             (f.head && f.head->pos == PartOfSpeech::verb &&
                              type == AgreementType::offtake);  // "will take concentrate from"
    if (!f.planned && transaction && type != AgreementType::partnership) return Status::signed_;
    return Status::proposed;
  }
  if (verb == Sense::complete) return Status::completed;
  if (f.verb && f.verb->sense == Sense::act && f.verb_form == Form::past && !has(scope, " has ") &&
      !has(scope, " have ") && (type == AgreementType::merger || type == AgreementType::investment))
    return Status::completed;
  if (f.verb && f.verb->lemma == "make" && type == AgreementType::investment)
    return Status::completed;
  if (type == AgreementType::loan && official &&
      (verb == Sense::generic || verb == Sense::give || f.verb == nullptr))
    return Status::approved;
  return Status::signed_;
}

std::optional<bool> read_binding(const Frame& f, std::string_view scope, AgreementType type,
                                 Status status) {
  if (has(scope, "non-binding") || has(scope, "nonbinding") || has(scope, "not binding") ||
      has(scope, "non binding"))
    return false;
  if (f.letter) return false;
  if (f.head && f.head->binding) return f.head->binding;
  if (type == AgreementType::mou || type == AgreementType::loi) return false;
  if (has_word(scope, "binding") || has(scope, "definitive") || has(scope, "executed"))
    return true;
  const std::string_view v = f.verb ? f.verb->lemma : std::string_view();
  if (type == AgreementType::contract && status == Status::signed_) return true;
  if (type == AgreementType::loan && status == Status::signed_ &&
      (v == "sign" || v == "execute" || v == "finalise" || v == "finalize" || v == "conclude"))
    return true;
  if (type == AgreementType::investment &&
      (status == Status::completed || has(scope, "subscri") || has(scope, "convertible")))
    return true;
  if (type == AgreementType::jv && status == Status::signed_ && f.verb_form == Form::past &&
      (v == "establish" || v == "form"))
    return true;
  return std::nullopt;
}

// The first calendar date of `s` that dates a deal (not a validity, expiry or start date).
PartialDate deal_date(const Document& doc, std::string_view s) {
  for (const auto& dm : find_dates(s, doc.order)) {
    if (dm.ambiguous) continue;
    const std::size_t b = dm.span.begin >= 12 ? dm.span.begin - 12 : 0;
    const auto pre = s.substr(b, dm.span.begin - b);
    if (has(pre, "until") || has(pre, "valid") || has(pre, "by ") || has(pre, "from ") ||
        has(pre, "commenc") || has(pre, "start") || has(pre, "since") || has(pre, "expir") ||
        has(pre, "end of") || has(pre, "through"))
      continue;
    return dm.date;
  }
  return {};
}

PartialDate read_date(const Document& doc, const Frame& f, std::string_view sentence_low) {
  const std::string_view clause = part(sentence_low, f.clause);
  // The clause's own date, else the sentence's ("X said on 2 June that Y approved ...").
  if (auto d = deal_date(doc, clause); !d.empty()) return d;
  if (auto d = deal_date(doc, sentence_low); !d.empty()) return d;
  const PartialDate& pub = doc.published;
  if (pub.empty() || pub.day == 0) return {};
  for (const auto& dm : find_dates(clause, doc.order, pub.year)) {
    if (dm.date.year == pub.year && dm.date.first_day() <= pub.first_day() &&
        pub.first_day() - dm.date.first_day() < 100)
      return dm.date;
  }
  if (has_word(sentence_low, "today")) return pub;
  static constexpr std::array<std::string_view, 7> k_days = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::size_t d = 0; d < k_days.size(); ++d)
    if (has_word(sentence_low, k_days[d])) return weekday_before(pub, static_cast<int>(d));
  return {};
}

void read_amounts(const Frame& f, Agreement& a) {
  std::vector<const MoneyMention*> plain;
  for (std::size_t k = 0; k < f.amounts.size(); ++k)
    if (!f.totals[k]) plain.push_back(&f.amounts[k]);
  if (plain.empty())
    for (const auto& m : f.amounts) plain.push_back(&m);
  const MoneyMention* value = nullptr;
  const MoneyMention* up_to = nullptr;
  for (const auto* m : plain) {
    if (m->up_to && !up_to) up_to = m;
    if (!m->up_to && !value) value = m;
  }
  if (f.shared_amount) {
    // "up to $X each" is each one's ceiling; "A and B each provided a $X loan" each one's value.
    if (up_to)
      a.ceiling = up_to->money;
    else if (value && f.each_stated)
      a.value = value->money;
    return;
  }
  if (value) {
    a.value = value->money;
    if (up_to && up_to->money.currency == value->money.currency &&
        up_to->money.minor > value->money.minor)
      a.ceiling = up_to->money;
  } else if (up_to) {
    a.value = up_to->money;
  }
}

Role role_for(AgreementType type, EntityKind kind, bool first) {
  const bool official = kind != EntityKind::company;
  switch (type) {
    case AgreementType::loan:
      return official ? Role::lender : Role::borrower;
    case AgreementType::grant:
      return official ? Role::grantor : Role::grantee;
    case AgreementType::contract:
      return official ? Role::buyer : Role::seller;
    case AgreementType::investment:
    case AgreementType::merger:
      return first ? Role::investor : Role::investee;
    case AgreementType::framework:
      return Role::government;
    case AgreementType::offtake:
    case AgreementType::other:
      return Role::other;
    default:
      return kind == EntityKind::government ? Role::government : Role::partner;
  }
}

}  // namespace

PartialDate weekday_before(const PartialDate& published, int weekday) {
  using namespace std::chrono;
  const sys_days day{year{published.year} / month{static_cast<unsigned>(published.month)} /
                     std::chrono::day{static_cast<unsigned>(published.day)}};
  const std::chrono::weekday wanted{static_cast<unsigned>(weekday + 1)};  // 0 is Monday here
  const year_month_day back{day - (std::chrono::weekday{day} - wanted)};
  return {static_cast<int>(back.year()), static_cast<int>(static_cast<unsigned>(back.month())),
          static_cast<int>(static_cast<unsigned>(back.day()))};
}

std::optional<Draft> read_fields(const Document& doc, const EntityTable& et, const Frame& f,
                                 const Options& options) {
  if (f.hedged) return std::nullopt;
  const std::string_view low = doc.lower(f.sentence);
  const std::string_view scope = part(low, f.scope);
  // "X has gradually built a 12% holding in Y", "has been accumulating a stake": shares bought
  // on the market, no deal with Y.
  if (f.head && f.head->lemma == "stake" &&
      (has_word(scope, "built") || has_word(scope, "build") || has_word(scope, "building") ||
       has(scope, "accumulat") || has(scope, "amass")))
    return std::nullopt;
  const std::string_view clause = part(low, f.clause);
  Draft d;
  d.sentence = f.sentence;
  d.anaphoric = f.anaphoric;
  d.headline = f.headline;
  d.generic = f.generic;
  Agreement& a = d.agreement;
  std::optional<bool> stated;
  if (has(scope, "non-binding") || has(scope, "nonbinding")) stated = false;
  a.type = settle_type(et, f, clause, stated);
  bool official = false;
  bool all_gov = f.parties.size() >= 2;
  for (const int e : f.parties) {
    official = official || ent(et, e).kind != EntityKind::company;
    all_gov = all_gov && ent(et, e).kind == EntityKind::government;
  }
  // A government body buying is a government purchase; governments working together have a
  // framework.
  if (a.type == AgreementType::offtake)
    for (const int e : f.parties)
      if (ent(et, e).kind == EntityKind::agency && !ent(et, e).lender) a.type = AgreementType::contract;
  // (So is a joint investment of governments only: "an agreement establishing a joint
  // investment fund" between two states.)
  // Nor is governments' securing supply a purchase: "Peru and Japan agreed to secure supplies
  // of rare earths" is their cooperation, a framework.
  if ((a.type == AgreementType::partnership || a.type == AgreementType::investment ||
       a.type == AgreementType::offtake) &&
      all_gov)
    a.type = AgreementType::framework;
  read_amounts(f, a);
  // Money of no named kind ("commitments", "backing") is a deal only with its amount.
  if (f.by_funder && a.type != AgreementType::contract && !a.value && !a.ceiling)
    return std::nullopt;
  // A deal needs two sides, or one and its amount; deals between sides need both.
  const bool one_sided = a.type != AgreementType::grant && a.type != AgreementType::loan &&
                         a.type != AgreementType::contract;
  const bool stands = f.anaphoric || (f.parties.size() >= 2 ||
                                      (!f.parties.empty() && (a.value || a.ceiling) && !one_sided));
  // A definite funded deal naming only companies ("the contracts", no funder, no amount) may be
  // one an earlier sentence stated with its funder alone: the merge pass joins them.
  d.plural = f.head_form == Form::plural;
  d.recipient = f.definite && !f.anaphoric && !f.parties.empty() && f.sources.empty() &&
                !a.value && !a.ceiling && !one_sided &&
                std::all_of(f.parties.begin(), f.parties.end(), [&](int e) {
                  return ent(et, e).kind == EntityKind::company && !ent(et, e).lender;
                });
  // "X announced two letters of interest": a funder's group of deals, each of them named by an
  // ordinal later ("the second LOI, with Y").
  const bool group_of_letters = a.type == AgreementType::loi && d.plural;
  d.ordinal = f.ordinal && !f.parties.empty() && f.sources.empty() && !a.value && !a.ceiling &&
              std::all_of(f.parties.begin(), f.parties.end(), [&](int e) {
                return ent(et, e).kind == EntityKind::company && !ent(et, e).lender;
              });
  if (d.ordinal) d.recipient = true;
  d.awaiting = !stands && !d.recipient && (!one_sided || group_of_letters) && !f.definite &&
               !f.parties.empty() &&
               std::none_of(f.parties.begin(), f.parties.end(), [&](int e) {
                 return ent(et, e).kind == EntityKind::company && !ent(et, e).lender;
               });
  if (f.listed) {
    d.listed = true;
    d.recipient = d.awaiting = false;
  }
  if (f.distributive) {
    d.distributive = true;
    d.recipient = d.awaiting = d.listed = false;
  }
  if (!stands && !d.recipient && !d.awaiting && !d.listed && !d.distributive) return std::nullopt;
  d.stands = stands;
  for (std::size_t k = 0; k < f.parties.size(); ++k) {
    const Entity& e = ent(et, f.parties[k]);
    a.parties.push_back({e.name, role_for(a.type, e.kind, k == 0)});
    d.entities.push_back(f.parties[k]);
  }
  a.status = read_status(f, scope, a.type, official);
  d.status_read = a.status != Status::signed_ || f.verb != nullptr;
  a.binding = read_binding(f, scope, a.type, a.status);
  if (const auto terms = find_terms(clause); !terms.empty()) a.term = terms.front().iso;
  a.signed_on = read_date(doc, f, low);
  a.minerals = f.minerals;
  Evidence ev;
  ev.text = std::string(doc.text(f.sentence));
  std::replace(ev.text.begin(), ev.text.end(), '\n', ' ');
  ev.source = options.source_name;
  const Span sp = doc.sentences[f.sentence].span;
  ev.start = static_cast<std::int64_t>(doc.clean.origin[sp.begin]);
  ev.end = static_cast<std::int64_t>(sp.end < doc.clean.text.size() ? doc.clean.origin[sp.end]
                                                                    : doc.clean.origin.back());
  a.evidence.push_back(std::move(ev));
  double conf = 0.45;
  if (a.value) conf += 0.15;
  if (a.parties.size() >= 2) conf += 0.15;
  if (f.verb && (f.verb->sense == Sense::make || f.verb->sense == Sense::receive)) conf += 0.1;
  if (!f.generic) conf += 0.05;
  if (f.headline) conf -= 0.1;
  for (const int e : f.parties)
    if (ent(et, e).weak) conf -= 0.1;
  a.confidence = std::clamp(conf, 0.05, 0.95);
  return d;
}

MineralContext mineral_context(const Document& doc, const EntityTable& et) {
  MineralContext ctx;
  ctx.by_entity.resize(et.entities.size());
  auto bump = [](std::vector<std::pair<std::string, int>>& v, const std::string& m) {
    for (auto& [name, n] : v)
      if (name == m) return void(++n);
    v.emplace_back(m, 1);
  };
  for (std::size_t si = 0; si < doc.sentences.size(); ++si) {
    const auto& ms = et.minerals[si];
    if (ms.empty()) continue;
    std::vector<int> named;
    for (const auto& m : et.mentions[si])
      if (et.entities[m.entity].kind == EntityKind::company &&
          std::find(named.begin(), named.end(), static_cast<int>(m.entity)) == named.end())
        named.push_back(static_cast<int>(m.entity));
    for (const auto& m : ms)
      for (const int e : named) bump(ctx.by_entity[static_cast<std::size_t>(e)], m);
  }
  return ctx;
}

void document_minerals(const Document& doc, SentenceCache& sentences, MineralContext& ctx) {
  if (ctx.document_read) return;
  ctx.document_read = true;
  for (std::size_t si = 0; si < doc.sentences.size(); ++si) {
    if (doc.sentences[si].furniture) continue;
    std::vector<std::string> seen;
    for (const auto& h : sentences.at(si).minerals())
      for (const auto& m : h.names()) {
        if (std::find(seen.begin(), seen.end(), m) != seen.end()) continue;
        seen.push_back(m);
        auto it = std::find_if(ctx.document.begin(), ctx.document.end(),
                               [&](const auto& p) { return p.first == m; });
        if (it == ctx.document.end())
          ctx.document.emplace_back(m, 1);
        else
          ++it->second;
      }
  }
}

bool fill_minerals(const MineralContext& ctx, const std::vector<int>& entities, Agreement& a) {
  if (a.minerals.empty()) {
    std::map<std::string, int> counts;
    for (const int e : entities)
      if (static_cast<std::size_t>(e) < ctx.by_entity.size())
        for (const auto& [m, n] : ctx.by_entity[static_cast<std::size_t>(e)]) counts[m] += n;
    if (counts.empty() && !ctx.document_read) return false;
    if (counts.empty())
      for (const auto& [m, n] : ctx.document) counts[m] += n;
    int top = 0;
    for (const auto& [m, n] : counts) top = std::max(top, n);
    for (const auto& [m, n] : counts)
      if (top > 0 && n * 3 >= top) a.minerals.push_back(m);
  }
  // The group only when no member is named; subgroups are not minerals of an agreement.
  static constexpr std::array<std::string_view, 16> k_ree = {
      "lanthanum",  "cerium",   "praseodymium", "neodymium", "samarium", "europium",
      "gadolinium", "terbium",  "dysprosium",   "holmium",   "erbium",   "thulium",
      "ytterbium",  "lutetium", "yttrium",      "scandium"};
  const bool member = std::any_of(a.minerals.begin(), a.minerals.end(), [](const std::string& m) {
    return std::find(k_ree.begin(), k_ree.end(), m) != k_ree.end();
  });
  if (member) std::erase(a.minerals, std::string("rare earths"));
  std::erase_if(a.minerals, [](const std::string& m) {
    return m == "light rare earths" || m == "heavy rare earths" || m == "magnet rare earths";
  });
  return true;
}

}  // namespace mtrack::extract::detail
