# MTRACK_STATIC_LINK: link SQLite, fmt (header-only), libstdc++ and libgcc into the
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
  return()
endif()

find_library(MTRACK_SQLITE3_ARCHIVE NAMES libsqlite3.a)
if(NOT MTRACK_SQLITE3_ARCHIVE)
  message(FATAL_ERROR "MTRACK_STATIC_LINK needs libsqlite3.a (Debian: libsqlite3-dev); or "
                      "configure with -DMTRACK_STATIC_LINK=OFF")
endif()

# SQLiteCpp links SQLite::SQLite3, an UNKNOWN imported target: point it at the archive,
# which needs libdl and libm (threads are part of glibc).
set_target_properties(SQLite::SQLite3 PROPERTIES IMPORTED_LOCATION "${MTRACK_SQLITE3_ARCHIVE}")
set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES dl m)

set(MTRACK_FMT fmt::fmt-header-only)

# The C++ runtime, for every executable of the project.
add_link_options(-static-libstdc++ -static-libgcc)
