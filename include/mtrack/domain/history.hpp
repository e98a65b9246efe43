#pragma once

// An agreement's dated history (its `events`, oldest first) and what follows from it: the
// current status, value, ceiling and signing date; the record as it stood on a past date;
// the date anything last happened to it.
//
// "Known by" a date means the event's date: an event counts on day D when the whole span
// its date names lies on or before D ("2024-10" counts from 2024-10-31 on, "2024" from
// 2024-12-31 on), so a partial date is never assumed to have happened early. mtrack does not
// record when an event was entered, only when it happened; an undated event is never known
// on any date.

#include <optional>

#include "mtrack/domain/model.hpp"

namespace mtrack {

// True when `date` is not empty and its whole span ends on or before the end of `day`.
bool known_by(const PartialDate& date, const PartialDate& day);

// Adds `e` to the history in date order (after the events of the same date). When the
// history was empty, the agreement's state before the event (status, value, ceiling, dated
// as announced, else signed) is first kept as the opening event, so that what the record
// said before stays answerable. Then brings the current state in line with the history
// (apply_history).
void append_event(Agreement& a, Event e);

// Sets status, value and ceiling from the latest event that states each, and the signing
// date from the latest `signed` event; a field no event states is left as it is. An empty
// announcement date takes the first event's date.
void apply_history(Agreement& a);

// The agreement as it stood on `day`: only the events known by then, status, value, ceiling
// and signing date as those events leave them, announcement and signing dates that had not
// happened yet left out. nullopt when nothing about it was known by then (no event, date or
// source publication on or before `day`).
std::optional<Agreement> as_of(const Agreement& a, const PartialDate& day);

// The latest of its event, announcement and signing dates (by the last day each can mean);
// empty when it has none.
PartialDate last_activity(const Agreement& a);

}  // namespace mtrack
