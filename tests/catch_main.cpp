// The Catch2 main for every test executable that needs no QApplication.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
