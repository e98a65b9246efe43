#pragma once

#include <string_view>
#include <vector>

// Files compiled into the binary from schema/ (migrations and data tables).
namespace mtrack::embedded {

struct File {
  std::string_view name;  // path under schema/, e.g. "0001_init.sql", "postgres/0006_init.sql"
  std::string_view contents;
};

// All embedded files, sorted by name.
const std::vector<File>& files();

// The contents of the embedded file `name`; throws mtrack::Error when there is none.
std::string_view file(std::string_view name);

}  // namespace mtrack::embedded
