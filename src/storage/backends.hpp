#pragma once

// The opening function of each backend, for open_repository (repository.cpp) to choose from.

#include <filesystem>
#include <memory>
#include <string>

#include "mtrack/domain/minerals.hpp"
#include "mtrack/storage/repository.hpp"

namespace mtrack::sqlite {
std::unique_ptr<Repository> open_sqlite(const std::filesystem::path& path, Access access,
                                        const MineralTable* minerals);
}  // namespace mtrack::sqlite

namespace mtrack::postgres {
std::unique_ptr<Repository> open_postgres(const std::string& locator, Access access,
                                          const MineralTable* minerals);
}  // namespace mtrack::postgres
