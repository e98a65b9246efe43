# mtrack_warnings: linked privately by mtrack's own targets only, never by third-party code.
add_library(mtrack_warnings INTERFACE)
target_compile_options(mtrack_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual)
if(MTRACK_WERROR)
  target_compile_options(mtrack_warnings INTERFACE -Werror)
endif()
if(MTRACK_SANITIZE)
  # -O1 -g1 (line tables) after the build type's -O2 -g, as the sanitizers' own advice has it:
  # reports keep their file:line stacks and the build takes half the time.
  target_compile_options(mtrack_warnings INTERFACE -O1 -g1
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(mtrack_warnings INTERFACE -fsanitize=address,undefined)
  # GCC's flow analysis sees through the sanitizer instrumentation badly and reports
  # maybe-uninitialized inside libstdc++ headers; the uninstrumented build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(mtrack_warnings INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
