#include "spill.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>
#include <unistd.h>

#include "mtrack/error.hpp"

namespace mtrack::spill {
namespace {

// ---- the byte form: unsigned LEB128 integers, zigzag for signed ones, strings and lists
// prefixed with their length, optionals with a presence byte.

class Writer {
 public:
  explicit Writer(std::string& out) : m_out(out) {}

  void u(std::uint64_t v) {
    while (v >= 0x80) {
      m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    m_out.push_back(static_cast<char>(v));
  }
  void i(std::int64_t v) {
    u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void flag(bool b) { m_out.push_back(b ? '\1' : '\0'); }
  void str(std::string_view s) {
    u(s.size());
    m_out.append(s);
  }
  template <class E>
  void enumeration(E e) {
    u(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<E>>(e)));
  }
  void date(const PartialDate& d) {
    i(d.year);
    u(static_cast<std::uint64_t>(d.month));
    u(static_cast<std::uint64_t>(d.day));
  }
  void money(const std::optional<Money>& m) {
    flag(m.has_value());
    if (!m) return;
    i(m->minor);
    str(m->currency);
    flag(m->approximate);
    str(m->as_written);
  }
  void offset(const std::optional<std::int64_t>& o) {
    flag(o.has_value());
    if (o) i(*o);
  }
  template <class T, class F>
  void list(const std::vector<T>& items, F each) {
    u(items.size());
    for (const auto& x : items) each(x);
  }

 private:
  std::string& m_out;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : m_in(in) {}

  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(take(1)[0]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    throw Error("internal error: a spilled record holds an overlong integer");
  }
  std::int64_t i() {
    const std::uint64_t z = u();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  bool flag() { return take(1)[0] != '\0'; }
  std::string str() {
    const auto n = static_cast<std::size_t>(u());
    return std::string(take(n));
  }
  template <class E>
  E enumeration() {
    return static_cast<E>(static_cast<std::underlying_type_t<E>>(u()));
  }
  PartialDate date() {
    PartialDate d;
    d.year = static_cast<int>(i());
    d.month = static_cast<int>(u());
    d.day = static_cast<int>(u());
    return d;
  }
  std::optional<Money> money() {
    if (!flag()) return std::nullopt;
    Money m;
    m.minor = i();
    m.currency = str();
    m.approximate = flag();
    m.as_written = str();
    return m;
  }
  std::optional<std::int64_t> offset() {
    if (!flag()) return std::nullopt;
    return i();
  }
  template <class T, class F>
  std::vector<T> list(F each) {
    const auto n = static_cast<std::size_t>(u());
    if (n > m_in.size()) throw Error("internal error: a spilled record is cut short");
    std::vector<T> items;
    items.reserve(n);
    for (std::size_t k = 0; k < n; ++k) items.push_back(each());
    return items;
  }
  std::string_view raw(std::size_t n) { return take(n); }
  bool done() const { return m_in.empty(); }

 private:
  std::string_view take(std::size_t n) {
    if (n > m_in.size()) throw Error("internal error: a spilled record is cut short");
    auto s = m_in.substr(0, n);
    m_in.remove_prefix(n);
    return s;
  }
  std::string_view m_in;
};

// Each run's stdio buffer: a million listed agreements make about 150 runs of 4 MB.
constexpr std::size_t k_file_buffer = std::size_t{32} << 10;

std::string temporary_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

}  // namespace

void encode(const Agreement& a, std::string& out) {
  Writer w(out);
  w.offset(a.id);
  w.str(a.key);
  w.enumeration(a.type);
  w.str(a.title);
  w.enumeration(a.status);
  w.flag(a.binding.has_value());
  if (a.binding) w.flag(*a.binding);
  w.list(a.parties, [&](const Party& p) {
    w.str(p.name);
    w.enumeration(p.role);
    w.str(p.as_written);
  });
  w.list(a.minerals, [&](const std::string& m) { w.str(m); });
  w.money(a.value);
  w.money(a.ceiling);
  w.str(a.term);
  w.date(a.announced);
  w.date(a.signed_on);
  w.date(a.expires);
  w.str(a.location.site);
  w.str(a.location.region);
  w.str(a.location.country);
  w.list(a.stages, [&](Stage s) { w.enumeration(s); });
  w.list(a.sources, [&](const Source& s) {
    w.str(s.title);
    w.str(s.publisher);
    w.str(s.url);
    w.date(s.published);
    w.str(s.sha256);
  });
  w.list(a.evidence, [&](const Evidence& e) {
    w.str(e.text);
    w.str(e.source);
    w.offset(e.start);
    w.offset(e.end);
  });
  w.list(a.events, [&](const Event& e) {
    w.date(e.date);
    w.flag(e.status.has_value());
    if (e.status) w.enumeration(*e.status);
    w.str(e.note);
    w.str(e.source);
    w.money(e.value);
    w.money(e.ceiling);
  });
  w.list(a.related, [&](const Related& r) {
    w.str(r.key);
    w.enumeration(r.relation);
  });
  w.list(a.provenance, [&](const Provenance& p) {
    w.str(p.field);
    w.str(p.source);
    w.str(p.rule);
    w.offset(p.start);
    w.offset(p.end);
    w.str(p.claim);
  });
  w.list(a.merged_keys, [&](const std::string& k) { w.str(k); });
  w.list(a.tags, [&](const std::string& t) { w.str(t); });
  w.str(a.notes);
  w.flag(a.confidence.has_value());
  if (a.confidence) {
    char bytes[sizeof(double)];
    std::memcpy(bytes, &*a.confidence, sizeof bytes);
    out.append(bytes, sizeof bytes);
  }
}

Agreement decode(std::string_view bytes) {
  Reader r(bytes);
  Agreement a;
  a.id = r.offset();
  a.key = r.str();
  a.type = r.enumeration<AgreementType>();
  a.title = r.str();
  a.status = r.enumeration<Status>();
  if (r.flag()) a.binding = r.flag();
  a.parties = r.list<Party>([&] {
    Party p;
    p.name = r.str();
    p.role = r.enumeration<Role>();
    p.as_written = r.str();
    return p;
  });
  a.minerals = r.list<std::string>([&] { return r.str(); });
  a.value = r.money();
  a.ceiling = r.money();
  a.term = r.str();
  a.announced = r.date();
  a.signed_on = r.date();
  a.expires = r.date();
  a.location.site = r.str();
  a.location.region = r.str();
  a.location.country = r.str();
  a.stages = r.list<Stage>([&] { return r.enumeration<Stage>(); });
  a.sources = r.list<Source>([&] {
    Source s;
    s.title = r.str();
    s.publisher = r.str();
    s.url = r.str();
    s.published = r.date();
    s.sha256 = r.str();
    return s;
  });
  a.evidence = r.list<Evidence>([&] {
    Evidence e;
    e.text = r.str();
    e.source = r.str();
    e.start = r.offset();
    e.end = r.offset();
    return e;
  });
  a.events = r.list<Event>([&] {
    Event e;
    e.date = r.date();
    if (r.flag()) e.status = r.enumeration<Status>();
    e.note = r.str();
    e.source = r.str();
    e.value = r.money();
    e.ceiling = r.money();
    return e;
  });
  a.related = r.list<Related>([&] {
    Related x;
    x.key = r.str();
    x.relation = r.enumeration<Relation>();
    return x;
  });
  a.provenance = r.list<Provenance>([&] {
    Provenance p;
    p.field = r.str();
    p.source = r.str();
    p.rule = r.str();
    p.start = r.offset();
    p.end = r.offset();
    p.claim = r.str();
    return p;
  });
  a.merged_keys = r.list<std::string>([&] { return r.str(); });
  a.tags = r.list<std::string>([&] { return r.str(); });
  a.notes = r.str();
  if (r.flag()) {
    double c = 0;
    std::memcpy(&c, r.raw(sizeof c).data(), sizeof c);
    a.confidence = c;
  }
  if (!r.done()) throw Error("internal error: a spilled record has bytes left over");
  return a;
}

// ---- the sorter: records gather in one buffer; a full buffer is sorted and written out as
// a run (position, size, bytes per record) to an unlinked temporary file; drain() merges the
// runs, or sorts the buffer alone when nothing was written.

Sorter::Sorter(std::size_t memory_budget) : m_budget(memory_budget) {}

Sorter::~Sorter() = default;

void Sorter::add(std::uint32_t position, std::string_view bytes) {
  if (bytes.size() > UINT32_MAX) throw Error("internal error: a record too large to sort");
  if (!m_entries.empty() && m_bytes.size() + bytes.size() > m_budget) flush_run();
  if (m_bytes.capacity() < m_budget) m_bytes.reserve(m_budget);
  m_entries.push_back({position, static_cast<std::uint32_t>(bytes.size()), m_bytes.size()});
  m_bytes.append(bytes);
}

void Sorter::sort_buffer() {
  std::sort(m_entries.begin(), m_entries.end(),
            [](const Entry& x, const Entry& y) { return x.position < y.position; });
}

void Sorter::flush_run() {
  sort_buffer();
  std::string path = temporary_directory() + "/mtrack-sort-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw Error(fmt::format("cannot create a temporary file in {}: {}", temporary_directory(),
                            std::strerror(errno)));
  }
  ::unlink(path.c_str());
  File file(::fdopen(fd, "w+b"));
  if (!file) {
    ::close(fd);
    throw Error(fmt::format("cannot open a temporary file: {}", std::strerror(errno)));
  }
  std::setvbuf(file.get(), nullptr, _IOFBF, k_file_buffer);
  for (const Entry& e : m_entries) {
    const std::uint32_t head[2] = {e.position, e.size};
    if (std::fwrite(head, sizeof head, 1, file.get()) != 1 ||
        (e.size > 0 && std::fwrite(m_bytes.data() + e.offset, e.size, 1, file.get()) != 1)) {
      throw Error(fmt::format("cannot write a temporary file in {}: {}", temporary_directory(),
                              std::strerror(errno)));
    }
  }
  if (std::fflush(file.get()) != 0) {
    throw Error(fmt::format("cannot write a temporary file in {}: {}", temporary_directory(),
                            std::strerror(errno)));
  }
  m_runs.push_back(std::move(file));
  m_entries.clear();
  m_bytes.clear();
}

void Sorter::drain(const std::function<void(std::string_view)>& visit) {
  if (m_runs.empty()) {
    sort_buffer();
    for (const Entry& e : m_entries) visit(std::string_view(m_bytes).substr(e.offset, e.size));
    m_entries.clear();
    m_bytes.clear();
    return;
  }
  if (!m_entries.empty()) flush_run();
  std::string{}.swap(m_bytes);
  std::vector<Entry>{}.swap(m_entries);

  // One cursor per run, reading through the run's own stdio buffer.
  struct Cursor {
    std::FILE* file;
    std::uint32_t position = 0;
    std::string bytes;
  };
  std::vector<Cursor> cursors;
  cursors.reserve(m_runs.size());
  auto advance = [&](Cursor& c) {
    std::uint32_t head[2];
    if (std::fread(head, sizeof head, 1, c.file) != 1) return false;
    c.position = head[0];
    c.bytes.resize(head[1]);
    if (head[1] > 0 && std::fread(c.bytes.data(), head[1], 1, c.file) != 1) {
      throw Error("cannot read back a temporary file: it is cut short");
    }
    return true;
  };
  auto later = [&](std::size_t x, std::size_t y) {
    return cursors[x].position > cursors[y].position;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
  for (auto& run : m_runs) {
    std::rewind(run.get());
    cursors.push_back({run.get(), 0, {}});
    if (advance(cursors.back())) heap.push(cursors.size() - 1);
  }
  while (!heap.empty()) {
    const std::size_t k = heap.top();
    heap.pop();
    visit(cursors[k].bytes);
    if (advance(cursors[k])) heap.push(k);
  }
  cursors.clear();
  m_runs.clear();
}

}  // namespace mtrack::spill
