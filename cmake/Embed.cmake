# mtrack_embed(OUTPUT FILES...): writes a C++ source that defines
# mtrack::embedded::files(), a table of {file name, contents} for every input file.
function(mtrack_embed output)
  set(inputs ${ARGN})
  list(SORT inputs)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} "-DINPUTS=${inputs}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    DEPENDS ${inputs} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    COMMENT "Embedding schema and data files"
    VERBATIM)
endfunction()
