# Runs the compiler in syntax-only mode on SOURCE and succeeds only when the
# compile fails with a diagnostic containing the text after "// expect: " on
# the first line of SOURCE.
file(STRINGS ${SOURCE} first_line LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" expected "${first_line}")
execute_process(
  COMMAND ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -I${INCLUDE_DIR} ${SOURCE}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but it misuses the asset header")
endif()
string(FIND "${output}" "${expected}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: expected a diagnostic containing '${expected}', got:\n${output}")
endif()
