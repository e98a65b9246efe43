#pragma once

// The schema files compiled into mtrack (schema/, cmake/Embed.cmake) as every backend reads
// them: its numbered migrations and the hash of the data tables it loads.

#include <string>
#include <string_view>
#include <vector>

namespace mtrack::schema_files {

struct Migration {
  int version;
  std::string_view name;  // "0003_event_amounts.sql", "postgres/0007_init.sql"
  std::string_view sql;
};

// The migrations NNNN_name.sql directly in `folder` ("" for schema/ itself, which holds
// SQLite's; "postgres/"), by ascending version.
std::vector<Migration> migrations(std::string_view folder);

// A hash (FNV-1a, hex) of the data tables (minerals.tsv, organisations.tsv), to notice when
// a new mtrack ships changed ones.
std::string data_hash();

}  // namespace mtrack::schema_files
