# lf_add_library(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...] [INCLUDE_ROOT dir])
#
# Creates lf_<name> with the alias lf::<name>: public headers under
# <INCLUDE_ROOT>/include/lightflow/..., private sources under src/. Every
# library has this one shape.
function(lf_add_library name)
  cmake_parse_arguments(ARG "" "INCLUDE_ROOT" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT ARG_INCLUDE_ROOT)
    set(ARG_INCLUDE_ROOT ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  add_library(lf_${name} STATIC ${ARG_SOURCES})
  add_library(lf::${name} ALIAS lf_${name})
  set_target_properties(lf_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(
    lf_${name} PUBLIC $<BUILD_INTERFACE:${ARG_INCLUDE_ROOT}/include>
                      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(lf_${name} PUBLIC cxx_std_20)
  target_link_libraries(lf_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS}
                                                                  lf::warnings lf::options)
  set_property(GLOBAL APPEND PROPERTY LF_LIBRARIES lf_${name})
  install(DIRECTORY ${ARG_INCLUDE_ROOT}/include/lightflow DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# lf_add_executable(<name> SOURCES ... DEPS ...): a thin adapter executable.
function(lf_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} lf::warnings lf::options)
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
