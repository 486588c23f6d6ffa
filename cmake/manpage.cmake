# Writes OUTPUT, the man page kep.1, with help2man from the built kep: NAME, SYNOPSIS,
# DESCRIPTION and OPTIONS from `kep --help`, a COMMANDS section from each `kep COMMAND --help`,
# and the hand-written sections of docs/kep.h2m (EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES,
# SEE ALSO). Run at build time: cmake -DHELP2MAN=... -DKEP=... -DINCLUDE=... -DOUTPUT=... -P
execute_process(COMMAND ${KEP} --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "kep --help failed (${result})")
endif()

# The command names: the first word of each line of the "Subcommands:" block.
string(REGEX MATCH "\nSubcommands:\n(([^\n]+\n)+)" block "${help}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" lines "\n${CMAKE_MATCH_1}")
set(commands_roff "[COMMANDS]\n")
foreach(line IN LISTS lines)
  string(STRIP "${line}" command)
  execute_process(COMMAND ${KEP} ${command} --help OUTPUT_VARIABLE text RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "kep ${command} --help failed (${result})")
  endif()
  # roff: a backslash is written \e; a line starting with . or ' must not be read as a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "\n${text}")
  string(APPEND commands_roff ".SS kep ${command}\n.nf${text}.fi\n")
endforeach()
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(WRITE ${dir}/kep-commands.h2m "${commands_roff}")

execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 --source=kep --locale=C.UTF-8
          "--name=keep a municipal development plan as YAML files and check it"
          --include=${dir}/kep-commands.h2m --include=${INCLUDE} --output=${OUTPUT}.tmp ${KEP}
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "help2man failed (${result})")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
