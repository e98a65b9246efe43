#pragma once

// Naming a database in messages without giving its password away (repository.hpp:
// display_locator): the parts of a postgresql:// URI that can hold a password, found even
// in a URI libpq cannot read.

#include <string>
#include <string_view>
#include <vector>

namespace mtrack::locator {

// The texts of `locator` that may be a password: the userinfo after its first ':' (up to the
// last '@'), the value of a password= parameter, both as written and percent-decoded, and
// PGPASSWORD's value. Empty ones are left out.
std::vector<std::string> secrets(std::string_view locator);

// `text` with every secret of `locator` replaced by "***".
std::string redact(std::string text, std::string_view locator);

}  // namespace mtrack::locator
