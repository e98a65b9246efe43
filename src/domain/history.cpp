#include "mtrack/domain/history.hpp"

#include <algorithm>
#include <vector>

namespace mtrack {

namespace {

// The latest event of `events` for which `states` is true, or nullptr.
template <class Pred>
const Event* latest(const std::vector<const Event*>& events, Pred states) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (states(**it)) return *it;
  }
  return nullptr;
}

// Derives the fields an event can state from `seen` (the events that count) where any event
// of the whole history states them; fields no event ever states keep the record's own.
void derive(Agreement& a, const std::vector<Event>& history,
            const std::vector<const Event*>& seen) {
  const auto any = [&](auto states) { return std::any_of(history.begin(), history.end(), states); };
  const auto has_status = [](const Event& e) { return e.status.has_value(); };
  const auto has_value = [](const Event& e) { return e.value.has_value(); };
  const auto has_ceiling = [](const Event& e) { return e.ceiling.has_value(); };
  const auto is_signing = [](const Event& e) {
    return e.status == Status::signed_ && !e.date.empty();
  };
  if (any(has_status)) {
    const Event* e = latest(seen, has_status);
    a.status = e ? *e->status : Status::unknown;
  }
  if (any(has_value)) {
    const Event* e = latest(seen, has_value);
    a.value = e ? e->value : std::nullopt;
  }
  if (any(has_ceiling)) {
    const Event* e = latest(seen, has_ceiling);
    a.ceiling = e ? e->ceiling : std::nullopt;
  }
  if (any(is_signing)) {
    const Event* e = latest(seen, is_signing);
    if (e) a.signed_on = e->date;
  }
}

std::vector<const Event*> pointers(const std::vector<Event>& events) {
  std::vector<const Event*> out;
  for (const auto& e : events) out.push_back(&e);
  return out;
}

}  // namespace

bool known_by(const PartialDate& date, const PartialDate& day) {
  return !date.empty() && !day.empty() && date.last_day() <= day.last_day();
}

void append_event(Agreement& a, Event e) {
  if (a.events.empty() && (a.status != Status::unknown || a.value || a.ceiling)) {
    Event opening;
    opening.date = a.announced.empty() ? a.signed_on : a.announced;
    if (a.status != Status::unknown) opening.status = a.status;
    opening.value = a.value;
    opening.ceiling = a.ceiling;
    opening.note =
        a.announced.empty() ? (a.signed_on.empty() ? "first recorded" : "signed") : "announced";
    a.events.push_back(std::move(opening));
  }
  // Before the first event dated later; undated events keep their place.
  auto at = std::find_if(a.events.begin(), a.events.end(), [&](const Event& x) {
    return !x.date.empty() && !e.date.empty() && x.date.first_day() > e.date.first_day();
  });
  a.events.insert(at, std::move(e));
  apply_history(a);
}

void apply_history(Agreement& a) {
  derive(a, a.events, pointers(a.events));
  if (a.announced.empty()) {
    for (const auto& e : a.events) {
      if (!e.date.empty()) {
        a.announced = e.date;
        break;
      }
    }
  }
}

std::optional<Agreement> as_of(const Agreement& a, const PartialDate& day) {
  std::vector<const Event*> seen;
  for (const auto& e : a.events) {
    if (known_by(e.date, day)) seen.push_back(&e);
  }
  const bool published = std::any_of(a.sources.begin(), a.sources.end(),
                                     [&](const Source& s) { return known_by(s.published, day); });
  if (seen.empty() && !known_by(a.announced, day) && !known_by(a.signed_on, day) && !published) {
    return std::nullopt;
  }
  Agreement out = a;
  if (!known_by(out.announced, day)) out.announced = {};
  if (!known_by(out.signed_on, day)) out.signed_on = {};
  derive(out, a.events, seen);
  out.events.clear();
  for (const Event* e : seen) out.events.push_back(*e);
  return out;
}

PartialDate last_activity(const Agreement& a) {
  PartialDate best;
  const auto consider = [&](const PartialDate& d) {
    if (!d.empty() && (best.empty() || d.last_day() > best.last_day())) best = d;
  };
  consider(a.announced);
  consider(a.signed_on);
  for (const auto& e : a.events) consider(e.date);
  return best;
}

}  // namespace mtrack
