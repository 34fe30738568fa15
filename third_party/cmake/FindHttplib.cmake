# Debian's libcpp-httplib-dev ships a pkg-config file and a shared library, no CMake package.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(NOT TARGET httplib::httplib)
  add_library(httplib::httplib ALIAS PkgConfig::HTTPLIB)
endif()
set(Httplib_FOUND TRUE)
