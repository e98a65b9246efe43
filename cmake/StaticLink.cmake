# MTRACK_STATIC_LINK: link SQLite, yaml-cpp, fmt (header-only), libstdc++ and libgcc into the
# mtrack binary, leaving only glibc as a shared library.
#
# Why: an mtrack command is a short process, often run in loops and in CI, and with eight
# shared libraries the dynamic loader alone took about 3 million instructions (3,700
# relocations, half of them symbol lookups) before main, and the kernel mapped and faulted
# in every library. Linked this way `mtrack --version` starts in about two thirds of the
# time (see bench/run's cold-start rows). glibc stays shared, as Debian expects, and the
# package then depends on libc6 alone.
#
# fmt is built header-only: Debian ships it only as a shared library, which would pull the
# shared libstdc++ back in beside the static one.
if(NOT MTRACK_STATIC_LINK)
  set(MTRACK_FMT fmt::fmt)
  set(MTRACK_YAML yaml-cpp)
  return()
endif()

find_library(MTRACK_SQLITE3_ARCHIVE NAMES libsqlite3.a)
find_library(MTRACK_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
if(NOT MTRACK_SQLITE3_ARCHIVE OR NOT MTRACK_YAML_CPP_ARCHIVE)
  message(FATAL_ERROR "MTRACK_STATIC_LINK needs libsqlite3.a and libyaml-cpp.a "
                      "(Debian: libsqlite3-dev, libyaml-cpp-dev); or configure with "
                      "-DMTRACK_STATIC_LINK=OFF")
endif()

# SQLiteCpp links SQLite::SQLite3, an UNKNOWN imported target: point it at the archive,
# which needs libdl and libm (threads are part of glibc).
set_target_properties(SQLite::SQLite3 PROPERTIES IMPORTED_LOCATION "${MTRACK_SQLITE3_ARCHIVE}")
set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES dl m)

add_library(mtrack_yaml_cpp_static STATIC IMPORTED)
set_target_properties(mtrack_yaml_cpp_static PROPERTIES
  IMPORTED_LOCATION "${MTRACK_YAML_CPP_ARCHIVE}"
  INTERFACE_INCLUDE_DIRECTORIES "$<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>")

set(MTRACK_FMT fmt::fmt-header-only)
set(MTRACK_YAML mtrack_yaml_cpp_static)

# The C++ runtime, for every executable of the project.
add_link_options(-static-libstdc++ -static-libgcc)
