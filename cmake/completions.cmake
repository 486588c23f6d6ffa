# Writes the completion scripts that `kep completion` prints into OUTPUT_DIR: kep (bash), _kep
# (zsh) and kep.fish. Run at build time by the built kep: cmake -DKEP=... -DOUTPUT_DIR=... -P
foreach(shell_file IN ITEMS "bash|kep" "zsh|_kep" "fish|kep.fish")
  string(REPLACE "|" ";" pair "${shell_file}")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  execute_process(COMMAND ${KEP} completion ${shell}
    OUTPUT_FILE ${OUTPUT_DIR}/${name}.tmp RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "kep completion ${shell} failed (${result})")
  endif()
  file(RENAME ${OUTPUT_DIR}/${name}.tmp ${OUTPUT_DIR}/${name})
endforeach()
