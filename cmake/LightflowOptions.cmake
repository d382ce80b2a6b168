# Interface targets that carry LightFlow's warning and sanitizer flags.
# Every LightFlow target links both PRIVATE; nothing is set globally.

add_library(lf_warnings INTERFACE)
add_library(lf::warnings ALIAS lf_warnings)
target_compile_options(
  lf_warnings
  INTERFACE -Wall
            -Wextra
            -Wpedantic
            -Wshadow
            -Wconversion
            -Wsign-conversion
            -Wnon-virtual-dtor
            -Wold-style-cast
            -Woverloaded-virtual
            -Wcast-align
            -Wformat=2
            -Wimplicit-fallthrough
            -Wmisleading-indentation
            $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond>
            $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-branches>
            $<$<CXX_COMPILER_ID:GNU>:-Wlogical-op>
            -Wsuggest-override
            $<$<BOOL:${LF_WARNINGS_AS_ERRORS}>:-Werror>)

add_library(lf_options INTERFACE)
add_library(lf::options ALIAS lf_options)
target_compile_features(lf_options INTERFACE cxx_std_20)
target_compile_definitions(lf_options INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>
                                                LF_VERSION="${PROJECT_VERSION}")
if(LF_SANITIZE)
  target_compile_options(lf_options INTERFACE -fsanitize=${LF_SANITIZE} -fno-omit-frame-pointer
                                              -fno-sanitize-recover=undefined)
  target_link_options(lf_options INTERFACE -fsanitize=${LF_SANITIZE})
  target_compile_definitions(lf_options INTERFACE _GLIBCXX_ASSERTIONS)
endif()
