#pragma once
// Catch2 for every test file. LibTorch's logging (glog) defines a CHECK macro too, and whichever
// header comes last wins: glog's would abort on a false condition instead of reporting it, and
// breaks on commas. Its header comes first here, so later LibTorch includes leave Catch's CHECK
// in place. (The precompiled LibTorch header hid this; builds without it, e.g. the sanitizer
// build, need it.)
#include <c10/util/Logging.h>

#include <catch2/catch.hpp>
