# Every system dependency, found once. scripts/setup-debian.sh installs them.

find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS json program_options)
find_package(Threads REQUIRED)
# FlatBuffers 2.0.8: the generated headers static_assert on the exact runtime
# version, so Debian's flatc and headers are used together.
find_package(FlatBuffers 2.0.8 EXACT CONFIG REQUIRED)
find_program(LF_FLATC flatc REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(FUSE3 REQUIRED IMPORTED_TARGET fuse3>=3.14)
if(LF_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
