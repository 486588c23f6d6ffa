# Writes OUTPUT (generated/version.cpp) from cmake/version.cpp.in with the commit SOURCE_DIR is
# at, for `kep --version`. Run at configure time and again at every build (the kep_version
# target), so an incremental build names its own commit; configure_file leaves the file and its
# time stamp alone when nothing changed, so nothing is compiled again then.
execute_process(COMMAND git -C ${SOURCE_DIR} rev-parse --short HEAD
  OUTPUT_VARIABLE KEP_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT KEP_COMMIT)
  set(KEP_COMMIT "unknown")
endif()
configure_file(${SOURCE_DIR}/cmake/version.cpp.in ${OUTPUT} @ONLY)
