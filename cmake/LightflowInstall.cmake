# Install and export the libraries so a consumer can find_package(LightFlow).
include(CMakePackageConfigHelpers)

get_property(lf_libraries GLOBAL PROPERTY LF_LIBRARIES)
install(
  TARGETS ${lf_libraries} lf_warnings lf_options
  EXPORT LightFlowTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(
  EXPORT LightFlowTargets
  NAMESPACE lf::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/LightFlow)
configure_package_config_file(cmake/LightFlowConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/LightFlowConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/LightFlow)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/LightFlowConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/LightFlowConfig.cmake
              ${PROJECT_BINARY_DIR}/LightFlowConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/LightFlow)

# What the installed lf needs at run time, found relative to its own executable
# (<prefix>/bin/../share/lightflow and <prefix>/bin/../include): the built-in
# assets (libs/assets installs them), the asset header under include/ (every
# library installs its headers), and the authoring guide the agents' tools
# serve.
install(FILES ${PROJECT_SOURCE_DIR}/docs/authoring-assets.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lightflow/docs)
