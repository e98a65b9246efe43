#include "storage/sqlite/spill.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <queue>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>
#include <unistd.h>

#include "mtrack/util/error.hpp"

namespace mtrack::spill {
namespace {

// ---- the byte form: integers, enums and bools as LEB128 varints (signed ones zigzagged),
// strings and lists prefixed with their length, optionals with a presence byte, doubles as
// their eight bytes. Each struct lists its members once, in its fields_ function, which both
// the Writer and the Reader walk.

template <class Io, class M>
void fields_money(Io& io, M& m) {
  io(m.minor);
  io(m.currency);
  io(m.approximate);
  io(m.as_written);
}

template <class Io, class D>
void fields_date(Io& io, D& d) {
  io(d.year);
  io(d.month);
  io(d.day);
}

template <class Io, class P>
void fields_party(Io& io, P& p) {
  io(p.name);
  io(p.role);
  io(p.as_written);
}

template <class Io, class L>
void fields_location(Io& io, L& l) {
  io(l.site);
  io(l.region);
  io(l.country);
}

template <class Io, class S>
void fields_source(Io& io, S& s) {
  io(s.title);
  io(s.publisher);
  io(s.url);
  io(s.published);
  io(s.sha256);
}

template <class Io, class E>
void fields_evidence(Io& io, E& e) {
  io(e.text);
  io(e.source);
  io(e.start);
  io(e.end);
}

template <class Io, class E>
void fields_event(Io& io, E& e) {
  io(e.date);
  io(e.status);
  io(e.note);
  io(e.source);
  io(e.value);
  io(e.ceiling);
}

template <class Io, class R>
void fields_related(Io& io, R& r) {
  io(r.key);
  io(r.relation);
}

template <class Io, class P>
void fields_provenance(Io& io, P& p) {
  io(p.field);
  io(p.source);
  io(p.rule);
  io(p.start);
  io(p.end);
  io(p.claim);
}

template <class Io, class A>
void fields_agreement(Io& io, A& a) {
  io(a.id);
  io(a.key);
  io(a.type);
  io(a.title);
  io(a.status);
  io(a.binding);
  io(a.parties);
  io(a.minerals);
  io(a.value);
  io(a.ceiling);
  io(a.term);
  io(a.announced);
  io(a.signed_on);
  io(a.expires);
  io(a.location);
  io(a.stages);
  io(a.sources);
  io(a.evidence);
  io(a.events);
  io(a.related);
  io(a.provenance);
  io(a.merged_keys);
  io(a.tags);
  io(a.notes);
  io(a.confidence);
}

// Calls the fields_ function of a struct, const (encoding) or not (decoding).
template <class Io, class T>
void each_field(Io& io, T& x) {
  using U = std::remove_const_t<T>;
  if constexpr (std::is_same_v<U, Money>)
    fields_money(io, x);
  else if constexpr (std::is_same_v<U, PartialDate>)
    fields_date(io, x);
  else if constexpr (std::is_same_v<U, Party>)
    fields_party(io, x);
  else if constexpr (std::is_same_v<U, Location>)
    fields_location(io, x);
  else if constexpr (std::is_same_v<U, Source>)
    fields_source(io, x);
  else if constexpr (std::is_same_v<U, Evidence>)
    fields_evidence(io, x);
  else if constexpr (std::is_same_v<U, Event>)
    fields_event(io, x);
  else if constexpr (std::is_same_v<U, Related>)
    fields_related(io, x);
  else if constexpr (std::is_same_v<U, Provenance>)
    fields_provenance(io, x);
  else if constexpr (std::is_same_v<U, Agreement>)
    fields_agreement(io, x);
  else
    static_assert(sizeof(U) == 0, "no fields() for this type");
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

class Writer {
 public:
  explicit Writer(std::string& out) : m_out(out) {}

  template <class T>
  void operator()(const T& x) {
    if constexpr (std::is_same_v<T, std::string>) {
      varint(x.size());
      m_out.append(x);
    } else if constexpr (std::is_same_v<T, double>) {
      char bytes[sizeof x];
      std::memcpy(bytes, &x, sizeof bytes);
      m_out.append(bytes, sizeof bytes);
    } else if constexpr (std::is_same_v<T, bool>) {
      m_out.push_back(x ? '\1' : '\0');
    } else if constexpr (std::is_enum_v<T>) {
      varint(static_cast<std::uint64_t>(x));
    } else if constexpr (std::is_integral_v<T>) {
      const auto v = static_cast<std::int64_t>(x);
      varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    } else if constexpr (is_optional<T>::value) {
      (*this)(x.has_value());
      if (x) (*this)(*x);
    } else if constexpr (is_vector<T>::value) {
      varint(x.size());
      for (const auto& item : x) (*this)(item);
    } else {
      each_field(*this, x);
    }
  }

 private:
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      m_out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    m_out.push_back(static_cast<char>(v));
  }
  std::string& m_out;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : m_in(in) {}

  template <class T>
  void operator()(T& x) {
    if constexpr (std::is_same_v<T, std::string>) {
      x = std::string(take(static_cast<std::size_t>(varint())));
    } else if constexpr (std::is_same_v<T, double>) {
      std::memcpy(&x, take(sizeof x).data(), sizeof x);
    } else if constexpr (std::is_same_v<T, bool>) {
      x = take(1)[0] != '\0';
    } else if constexpr (std::is_enum_v<T>) {
      x = static_cast<T>(static_cast<std::underlying_type_t<T>>(varint()));
    } else if constexpr (std::is_integral_v<T>) {
      const std::uint64_t z = varint();
      x = static_cast<T>(static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1)));
    } else if constexpr (is_optional<T>::value) {
      bool present = false;
      (*this)(present);
      x.reset();
      if (present) (*this)(x.emplace());
    } else if constexpr (is_vector<T>::value) {
      const auto n = static_cast<std::size_t>(varint());
      if (n > m_in.size()) throw Error("internal error: a spilled record is cut short");
      x.assign(n, {});
      for (auto& item : x) (*this)(item);
    } else {
      each_field(*this, x);
    }
  }
  bool done() const { return m_in.empty(); }

 private:
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(take(1)[0]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    throw Error("internal error: a spilled record holds an overlong integer");
  }
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
  w(a);
}

Agreement decode(std::string_view bytes) {
  Reader r(bytes);
  Agreement a;
  r(a);
  if (!r.done()) throw Error("internal error: a spilled record has bytes left over");
  return a;
}

// ---- the sorter: records gather in one buffer (key, then bytes); a full buffer is sorted and
// written out as a run (key size, size, key, bytes per record) to an unlinked temporary file;
// drain() merges the runs, or sorts the buffer alone when nothing was written.

Sorter::Sorter(std::size_t memory_budget) : m_budget(memory_budget) {}

Sorter::~Sorter() = default;

void Sorter::add(std::uint32_t position, std::string_view bytes) {
  const char key[4] = {static_cast<char>(position >> 24), static_cast<char>(position >> 16),
                       static_cast<char>(position >> 8), static_cast<char>(position)};
  add(std::string_view(key, sizeof key), bytes);
}

void Sorter::add(std::string_view key, std::string_view bytes) {
  if (bytes.size() > UINT32_MAX || key.size() > UINT32_MAX) {
    throw Error("internal error: a record too large to sort");
  }
  const std::size_t need = key.size() + bytes.size();
  if (!m_entries.empty() && m_bytes.size() + need > m_budget) flush_run();
  if (m_bytes.capacity() < m_budget) m_bytes.reserve(m_budget);
  m_entries.push_back({m_bytes.size(), static_cast<std::uint32_t>(key.size()),
                       static_cast<std::uint32_t>(bytes.size())});
  m_bytes.append(key);
  m_bytes.append(bytes);
}

std::string_view Sorter::key_of(const Entry& e) const {
  return std::string_view(m_bytes).substr(e.offset, e.key_size);
}

std::string_view Sorter::bytes_of(const Entry& e) const {
  return std::string_view(m_bytes).substr(e.offset + e.key_size, e.size);
}

void Sorter::sort_buffer() {
  std::stable_sort(m_entries.begin(), m_entries.end(),
                   [&](const Entry& x, const Entry& y) { return key_of(x) < key_of(y); });
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
    const std::uint32_t head[2] = {e.key_size, e.size};
    const std::size_t n = std::size_t{e.key_size} + e.size;
    if (std::fwrite(head, sizeof head, 1, file.get()) != 1 ||
        (n > 0 && std::fwrite(m_bytes.data() + e.offset, n, 1, file.get()) != 1)) {
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
    for (const Entry& e : m_entries) visit(bytes_of(e));
    m_entries.clear();
    m_bytes.clear();
    return;
  }
  if (!m_entries.empty()) flush_run();
  std::string{}.swap(m_bytes);
  std::vector<Entry>{}.swap(m_entries);

  // One cursor per run, reading through the run's own stdio buffer; a record's key and bytes
  // are read into one string.
  struct Cursor {
    std::FILE* file;
    std::uint32_t key_size = 0;
    std::string record;
    std::string_view key() const { return std::string_view(record).substr(0, key_size); }
    std::string_view bytes() const { return std::string_view(record).substr(key_size); }
  };
  std::vector<Cursor> cursors;
  cursors.reserve(m_runs.size());
  auto advance = [&](Cursor& c) {
    std::uint32_t head[2];
    if (std::fread(head, sizeof head, 1, c.file) != 1) return false;
    c.key_size = head[0];
    c.record.resize(std::size_t{head[0]} + head[1]);
    if (!c.record.empty() && std::fread(c.record.data(), c.record.size(), 1, c.file) != 1) {
      throw Error("cannot read back a temporary file: it is cut short");
    }
    return true;
  };
  // Equal keys come out in the order of their runs, which were written in the order added.
  auto later = [&](std::size_t x, std::size_t y) {
    const auto kx = cursors[x].key();
    const auto ky = cursors[y].key();
    return kx != ky ? kx > ky : x > y;
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
    visit(cursors[k].bytes());
    if (advance(cursors[k])) heap.push(k);
  }
  cursors.clear();
  m_runs.clear();
}

}  // namespace mtrack::spill
