# mtrack_embed(OUTPUT BASE FILES...): writes a C++ source that defines
# mtrack::embedded::files(), a table of {name, contents} for every input file, the name being
# its path relative to the folder BASE ("0001_init.sql", "postgres/0006_init.sql").
function(mtrack_embed output base)
  set(inputs ${ARGN})
  list(SORT inputs)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DBASE=${base} "-DINPUTS=${inputs}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    DEPENDS ${inputs} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedScript.cmake
    COMMENT "Embedding schema and data files"
    VERBATIM)
endfunction()
