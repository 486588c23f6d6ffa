# The test install.tree: `cmake --install BUILD_DIR --prefix PREFIX` places the binary, the
# templates, the schemas, the completions and (when the build has one) the man page, and the
# installed kep runs. Usage: cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DPREFIX=... -P
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
  OUTPUT_VARIABLE log ERROR_VARIABLE log RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result}):\n${log}")
endif()

set(expected bin/kep share/kep/schema/plan.schema.json share/kep/schema/field.schema.json
  share/bash-completion/completions/kep share/zsh/vendor-completions/_kep
  share/fish/vendor_completions.d/kep.fish)
file(GLOB templates RELATIVE ${SOURCE_DIR}/templates ${SOURCE_DIR}/templates/*.mustache)
if(NOT templates)
  message(FATAL_ERROR "no templates in ${SOURCE_DIR}/templates")
endif()
foreach(name IN LISTS templates)
  list(APPEND expected share/kep/templates/${name})
endforeach()
if(EXISTS ${BUILD_DIR}/kep.1)
  list(APPEND expected share/man/man1/kep.1)
else()
  message(STATUS "no man page in ${BUILD_DIR} (help2man missing?): not checked")
endif()

set(missing "")
foreach(path IN LISTS expected)
  if(NOT EXISTS ${PREFIX}/${path})
    list(APPEND missing ${path})
  else()
    file(SIZE ${PREFIX}/${path} size)
    if(size EQUAL 0)
      list(APPEND missing "${path} (empty)")
    endif()
  endif()
endforeach()
if(missing)
  string(REPLACE ";" "\n  " missing "${missing}")
  message(FATAL_ERROR "not installed under ${PREFIX}:\n  ${missing}\ninstall log:\n${log}")
endif()

# The installed kep runs, and its bash completion is what it prints itself.
execute_process(COMMAND ${PREFIX}/bin/kep completion bash OUTPUT_VARIABLE printed
  RESULT_VARIABLE result)
file(READ ${PREFIX}/share/bash-completion/completions/kep installed)
if(NOT result EQUAL 0 OR NOT printed STREQUAL installed)
  message(FATAL_ERROR "the installed bash completion differs from `kep completion bash`")
endif()
list(LENGTH expected count)
message(STATUS "install.tree: ${count} files installed under ${PREFIX}")
