# Depends for Debian bookworm when dpkg-shlibdeps (dpkg-dev) is not installed: the packages that
# own the shared libraries gramstudio-cli and gramstudio link (found with `dpkg -S` on each .so).
# dpkg-shlibdeps computes the same list with versions; keep the two in step when a dependency
# changes. Qt's platform plugins (qt6-qpa-plugins) are added by Packaging.cmake.
set(GRAMSTUDIO_DEBIAN_DEPENDS
  "libc6 (>= 2.34), libstdc++6 (>= 12), libgcc-s1, libtorch1.13 (>= 1.13.1+dfsg), libprotobuf32, libgoogle-glog0v6, libgflags2.2, libopencv-core406, libopencv-imgproc406, libopencv-imgcodecs406, libopencv-videoio406, libcurl4, libssl3")
if(TARGET gramstudio)
  string(APPEND GRAMSTUDIO_DEBIAN_DEPENDS ", libqt6core6, libqt6gui6, libqt6widgets6")
endif()
