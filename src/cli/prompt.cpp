#include "cli/prompt.hpp"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/domain/parse.hpp"
#include "mtrack/util/error.hpp"
#include "mtrack/util/text.hpp"

namespace mtrack::cli {

struct LineEditor::Saved {
  termios mode{};
};

namespace {

void put(const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

// Removes the last UTF-8 character.
void pop_char(std::string& s) {
  while (!s.empty()) {
    const auto c = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((c & 0xC0) != 0x80) return;
  }
}

std::vector<std::string> matching(const std::vector<std::string>& candidates,
                                  std::string_view word) {
  std::vector<std::string> out;
  for (const auto& c : candidates) {
    if (text::starts_with_icase(c, word) && std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Longest prefix shared by all, ignoring ASCII case.
std::size_t common_prefix(const std::vector<std::string>& words) {
  std::size_t n = words.front().size();
  for (const auto& w : words) {
    std::size_t i = 0;
    while (i < n && i < w.size() &&
           std::tolower(static_cast<unsigned char>(w[i])) ==
               std::tolower(static_cast<unsigned char>(words.front()[i]))) {
      ++i;
    }
    n = i;
  }
  // Never stop inside a UTF-8 character.
  while (n > 0 && n < words.front().size() &&
         (static_cast<unsigned char>(words.front()[n]) & 0xC0) == 0x80) {
    --n;
  }
  return n;
}

// Candidates laid out in columns under the prompt, at most a screenful.
std::string columns(const std::vector<std::string>& words) {
  constexpr std::size_t k_width = 80, k_max = 60;
  std::size_t w = 0;
  for (const auto& s : words) w = std::max(w, text::display_width(s));
  const std::size_t per_line = std::max<std::size_t>(1, k_width / (w + 2));
  std::string out;
  for (std::size_t i = 0; i < words.size() && i < k_max; ++i) {
    out += words[i];
    if ((i + 1) % per_line == 0 || i + 1 == words.size()) {
      out += "\r\n";
    } else {
      out.append(w + 2 - text::display_width(words[i]), ' ');
    }
  }
  if (words.size() > k_max) out += fmt::format("\r\n... and {} more\r\n", words.size() - k_max);
  return out;
}

}  // namespace

LineEditor::LineEditor() : m_saved(new Saved) {
  if (::tcgetattr(STDIN_FILENO, &m_saved->mode) != 0) return;
  termios raw = m_saved->mode;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
  raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | IXON | INLCR);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  m_raw = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
}

LineEditor::~LineEditor() {
  if (m_raw) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved->mode);
  delete m_saved;
}

void LineEditor::say(const std::string& line) { put(line + "\r\n"); }

std::optional<std::string> LineEditor::read(const std::string& prompt, const Completer& complete) {
  std::string line;
  const auto redraw = [&] { put("\r\x1b[K" + prompt + line); };
  redraw();
  for (;;) {
    char c = 0;
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n <= 0) {
      put("\r\n");
      return std::nullopt;
    }
    switch (c) {
      case '\r':
      case '\n':
        put("\r\n");
        return line;
      case 3:  // Ctrl-C
        put("^C\r\n");
        return std::nullopt;
      case 4:  // Ctrl-D: cancels on an empty line, as in a shell
        if (line.empty()) {
          put("\r\n");
          return std::nullopt;
        }
        break;
      case 127:
      case 8:
        pop_char(line);
        redraw();
        break;
      case 21:  // Ctrl-U
        line.clear();
        redraw();
        break;
      case 23:  // Ctrl-W: the last word
        while (!line.empty() && line.back() == ' ') line.pop_back();
        while (!line.empty() && line.back() != ' ') line.pop_back();
        redraw();
        break;
      case '\x1b': {  // an escape sequence (arrow keys): read it and ignore it
        char seq = 0;
        if (::read(STDIN_FILENO, &seq, 1) == 1 && (seq == '[' || seq == 'O')) {
          while (::read(STDIN_FILENO, &seq, 1) == 1 &&
                 !std::isalpha(static_cast<unsigned char>(seq)) && seq != '~') {
          }
        }
        break;
      }
      case '\t': {
        if (!complete) break;
        std::size_t start = line.size();
        const auto candidates = complete(line, start);
        start = std::min(start, line.size());
        const auto found = matching(candidates, std::string_view(line).substr(start));
        if (found.empty()) {
          put("\a");
        } else if (found.size() == 1) {
          line = line.substr(0, start) + found.front();
          redraw();
        } else {
          const std::size_t common = common_prefix(found);
          if (common > line.size() - start) {
            line = line.substr(0, start) + found.front().substr(0, common);
          } else {
            put("\r\n" + columns(found));
          }
          redraw();
        }
        break;
      }
      default:
        if (static_cast<unsigned char>(c) >= 32) {
          line += c;
          put(std::string(1, c));
        }
    }
  }
}

namespace {

std::vector<std::string> words(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

// Asks until `accept` takes the answer (it returns an error message, or "" when taken).
// An empty answer is `fallback` when one is given.
void ask(LineEditor& ed, const std::string& prompt, const Completer& complete,
         const std::function<std::string(const std::string&)>& accept) {
  for (;;) {
    auto answer = ed.read(prompt, complete);
    if (!answer) throw Error("add: cancelled; nothing stored");
    const std::string error = accept(std::string(text::trim(*answer)));
    if (error.empty()) return;
    ed.say("  " + error);
  }
}

Completer list_of(std::vector<std::string> candidates, char separator) {
  return
      [candidates = std::move(candidates), separator](const std::string& line, std::size_t& start) {
        start = separator ? line.rfind(separator) : std::string::npos;
        start = start == std::string::npos ? 0 : start + 1;
        while (start < line.size() && line[start] == ' ') ++start;
        return candidates;
      };
}

std::string enum_error(std::string_view what, const std::string& value,
                       const std::vector<std::string>& names) {
  return fmt::format("unknown {} '{}'{} (one of: {})", what, value,
                     text::did_you_mean(text::closest(value, names, 2)), text::join(names, ", "));
}

}  // namespace

void ask_missing_fields(Agreement& a, const GivenFields& given,
                        const std::vector<std::string>& party_names) {
  LineEditor ed;
  ed.say("New agreement (Tab completes, Enter keeps the default, Ctrl-C cancels)");
  const auto& table = MineralTable::builtin();

  if (!given.type) {
    const auto names = words(agreement_type_names());
    ask(ed, "type: ", list_of(names, 0), [&](const std::string& v) -> std::string {
      if (auto t = parse_agreement_type(v)) {
        a.type = *t;
        return "";
      }
      return v.empty() ? "a type is needed (Tab lists them)" : enum_error("type", v, names);
    });
  }
  if (!given.parties) {
    const auto roles = words(role_names());
    const Completer party_completer = [&](const std::string& line, std::size_t& start) {
      const auto colon = line.rfind(':');
      if (colon != std::string::npos) {
        start = colon + 1;
        return roles;
      }
      start = 0;
      return party_names;
    };
    for (int n = 1;; ++n) {
      bool finished = false;
      const std::string prompt =
          n == 1 ? "party (NAME or NAME:ROLE): " : fmt::format("party {} (Enter when done): ", n);
      ask(ed, prompt, party_completer, [&](const std::string& v) -> std::string {
        if (v.empty()) {
          if (n == 1) return "at least one party is needed";
          finished = true;
          return "";
        }
        Party p;
        p.name = v;
        if (const auto colon = v.rfind(':'); colon != std::string::npos) {
          const std::string role(text::trim(v.substr(colon + 1)));
          if (auto r = parse_role(role)) {
            p.name = std::string(text::trim(v.substr(0, colon)));
            p.role = *r;
          } else if (role.find(' ') == std::string::npos) {
            return enum_error("role", role, roles);
          }
        }
        if (p.name.empty()) return "a party needs a name";
        a.parties.push_back(std::move(p));
        return "";
      });
      if (finished) break;
    }
  }
  if (!given.title) {
    ask(ed, "title (optional): ", {}, [&](const std::string& v) {
      a.title = v;
      return std::string();
    });
  }
  if (!given.minerals) {
    std::vector<std::string> names;
    for (const auto& m : table.all()) names.push_back(m.name);
    ask(ed, "minerals, comma-separated (optional): ", list_of(names, ','),
        [&](const std::string& v) -> std::string {
          std::vector<std::string> found;
          for (const auto& part : text::split(v, ',')) {
            const std::string name(text::trim(part));
            if (name.empty()) continue;
            auto canonical = table.resolve(name, MineralTable::Use::store);
            if (!canonical) return canonical.error();
            for (const auto& c : canonical.value()) {
              if (std::find(found.begin(), found.end(), c) == found.end()) found.push_back(c);
            }
          }
          a.minerals = std::move(found);
          return "";
        });
  }
  if (!given.value) {
    ask(ed, "value, like US$400 million (optional): ", {},
        [&](const std::string& v) -> std::string {
          if (v.empty()) return "";
          auto m = parse_money(v);
          if (!m) return m.error();
          a.value = m.value();
          return "";
        });
  }
  if (!given.announced) {
    ask(ed, "announced, like 2024-08 (optional): ", {}, [&](const std::string& v) -> std::string {
      if (v.empty()) return "";
      auto d = parse_partial_date(v);
      if (!d) return d.error();
      a.announced = d.value();
      return "";
    });
  }
  if (!given.status) {
    const auto names = words(status_names());
    ask(ed, fmt::format("status [{}]: ", to_string(a.status)), list_of(names, 0),
        [&](const std::string& v) -> std::string {
          if (v.empty()) return "";
          if (auto s = parse_status(v)) {
            a.status = *s;
            return "";
          }
          return enum_error("status", v, names);
        });
  }
}

}  // namespace mtrack::cli
