#pragma once
// Putting agreements in an order that is not the order they were read in, with bounded
// memory. The repository reads a listing's agreements in storage order (its pages one after
// another) and hands them on in listing order: each one is encoded to bytes, tagged with its
// place in the listing, and sorted here; runs larger than the memory budget go to temporary
// files and are merged back.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mtrack/domain/model.hpp"

namespace mtrack::spill {

// A compact, lossless byte form of an Agreement, for this process only (not a file format).
void encode(const Agreement& a, std::string& out);
Agreement decode(std::string_view bytes);

// Records of bytes, each with a sort key (bytes compared as unsigned chars, or a position);
// drain() yields them by ascending key, records with equal keys in the order added.
class Sorter {
 public:
  explicit Sorter(std::size_t memory_budget = std::size_t{4} << 20);
  ~Sorter();
  Sorter(const Sorter&) = delete;
  Sorter& operator=(const Sorter&) = delete;

  void add(std::string_view key, std::string_view bytes);
  // The same, with the position's four bytes (big-endian) as the key.
  void add(std::uint32_t position, std::string_view bytes);
  // Calls `visit` for every record added, in ascending key, then empties the sorter.
  void drain(const std::function<void(std::string_view)>& visit);
  std::size_t runs() const { return m_runs.size(); }

 private:
  struct Entry {
    std::size_t offset;  // of the key in m_bytes; the record's bytes follow it
    std::uint32_t key_size;
    std::uint32_t size;
  };
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  using File = std::unique_ptr<std::FILE, FileCloser>;

  std::string_view key_of(const Entry& e) const;
  std::string_view bytes_of(const Entry& e) const;
  void sort_buffer();
  void flush_run();

  std::size_t m_budget;
  std::string m_bytes;
  std::vector<Entry> m_entries;
  std::vector<File> m_runs;
};

}  // namespace mtrack::spill
