// Which backend a database locator names, and how messages show it.

#include "storage/locator.hpp"

#include <algorithm>
#include <cstdlib>

#include "mtrack/storage/repository.hpp"

namespace mtrack {

namespace {

constexpr std::string_view k_schemes[] = {"postgresql://", "postgres://"};

std::size_t scheme_length(std::string_view locator) {
  for (auto scheme : k_schemes) {
    if (locator.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), locator.begin(), [](char a, char b) {
          return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
        })) {
      return scheme.size();
    }
  }
  return 0;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// [begin, end) of each secret in `locator`, as written.
std::vector<std::pair<std::size_t, std::size_t>> secret_spans(std::string_view locator) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::size_t start = scheme_length(locator);
  if (start == 0) return out;
  // user:password@ -- the last '@' ends the userinfo, so that an '@' or '/' left unencoded in
  // a password does not let part of it through (at worst more than the password is hidden).
  const std::size_t at = locator.rfind('@');
  if (at != std::string_view::npos && at > start) {
    const std::size_t colon = locator.find(':', start);
    if (colon < at) out.emplace_back(colon + 1, at);
  }
  // ...?password=secret&...
  for (std::size_t q = locator.find_first_of("?&", start); q != std::string_view::npos;
       q = locator.find('&', q + 1)) {
    constexpr std::string_view key = "password=";
    if (locator.substr(q + 1, key.size()) == key) {
      const std::size_t from = q + 1 + key.size();
      const std::size_t to = std::min(locator.find('&', from), locator.size());
      out.emplace_back(from, to);
    }
  }
  return out;
}

}  // namespace

bool is_postgres_locator(std::string_view locator) { return scheme_length(locator) > 0; }

std::string display_locator(std::string_view locator) {
  auto spans = secret_spans(locator);
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t at = 0;
  for (const auto& [from, to] : spans) {
    if (from < at) continue;
    out.append(locator.substr(at, from - at));
    out += "***";
    at = to;
  }
  out.append(locator.substr(std::min(at, locator.size())));
  return out;
}

namespace locator {

std::vector<std::string> secrets(std::string_view locator) {
  std::vector<std::string> out;
  for (const auto& [from, to] : secret_spans(locator)) {
    const std::string_view raw = locator.substr(from, to - from);
    out.emplace_back(raw);
    out.push_back(percent_decoded(raw));
  }
  if (const char* p = std::getenv("PGPASSWORD")) out.emplace_back(p);
  out.erase(std::remove_if(out.begin(), out.end(), [](const std::string& s) { return s.empty(); }),
            out.end());
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

std::string redact(std::string text, std::string_view locator) {
  for (const auto& secret : secrets(locator)) {
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace locator

}  // namespace mtrack
