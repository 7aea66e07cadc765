# Install rules and the Debian package (CPack DEB). Included at the end of the top CMakeLists.txt.
#   cmake --build build --target package   ->  build/gramstudio_0.1.0_amd64.deb
# Layout under the prefix (/usr in the package):
#   bin/gramstudio-cli, bin/gramstudio (when the UI is built)
#   share/applications/gramstudio.desktop, share/metainfo/io.gramstudio.GramStudio.metainfo.xml
#   share/icons/hicolor/scalable/apps/gramstudio.svg
#   share/gramstudio/manifest.json, share/gramstudio/samples/ (demo images, when available)
#   share/doc/gramstudio/ (README.md, models/README.md)
# Weights are not packaged: see models/README.md (gramstudio-cli fetch-weights).
include(GNUInstallDirs)

set(GRAMSTUDIO_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})

install(TARGETS gramstudio-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET gramstudio)
  install(TARGETS gramstudio RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${GRAMSTUDIO_PACKAGING_DIR}/gramstudio.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${GRAMSTUDIO_PACKAGING_DIR}/io.gramstudio.GramStudio.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/app/gramstudio.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/models/manifest.json DESTINATION ${CMAKE_INSTALL_DATADIR}/gramstudio)
# GNUInstallDirs' DOCDIR follows PROJECT_NAME (GramStudio); Debian wants the package name.
set(GRAMSTUDIO_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/gramstudio)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${GRAMSTUDIO_DOCDIR} OPTIONAL)
install(FILES ${PROJECT_SOURCE_DIR}/models/README.md DESTINATION ${GRAMSTUDIO_DOCDIR}
        RENAME models-README.md)

# Demo images (--demo) come from the shared development data; a tree without it packages none.
set(GRAMSTUDIO_SAMPLE_FILES building.jpg starry_night.jpg README.md)
set(GRAMSTUDIO_PACKAGED_SAMPLES "")
foreach(sample IN LISTS GRAMSTUDIO_SAMPLE_FILES)
  if(EXISTS ${GRAMSTUDIO_SHARED_DIR}/images/${sample})
    list(APPEND GRAMSTUDIO_PACKAGED_SAMPLES ${GRAMSTUDIO_SHARED_DIR}/images/${sample})
  endif()
endforeach()
if(GRAMSTUDIO_PACKAGED_SAMPLES)
  install(FILES ${GRAMSTUDIO_PACKAGED_SAMPLES} DESTINATION ${CMAKE_INSTALL_DATADIR}/gramstudio/samples)
else()
  message(STATUS "Packaging: no sample images in ${GRAMSTUDIO_SHARED_DIR}/images; the package ships none")
endif()

# ---- CPack: one Debian package -------------------------------------------------------------
if(NOT PROJECT_IS_TOP_LEVEL)
  return()
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gramstudio)
set(CPACK_PACKAGE_VENDOR "Gram Studio team")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "neural style transfer studio (window and command line)")
set(CPACK_PACKAGE_DESCRIPTION
  "Gram Studio repaints a photograph in the style of an artwork with neural style transfer
(Gatys et al.) on LibTorch. The window shows the image evolving live with its losses;
gramstudio-cli does the same from the command line. VGG-19 weights are downloaded
separately with 'gramstudio-cli fetch-weights'.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # gramstudio_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Gram Studio team")
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# OpenBLAS with OpenMP makes LibTorch's CPU matrix products (the Gram matrices) about 20x faster.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")

# Shared-library dependencies: dpkg-shlibdeps (dpkg-dev) when present, else the list it computes
# on Debian bookworm (see packaging/README.md). Qt loads its platform plugins at run time, which
# dpkg-shlibdeps cannot see, so qt6-qpa-plugins is always named for the window.
set(GRAMSTUDIO_EXTRA_DEPENDS "")
if(TARGET gramstudio)
  set(GRAMSTUDIO_EXTRA_DEPENDS "qt6-qpa-plugins")
endif()
find_program(GRAMSTUDIO_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(GRAMSTUDIO_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${GRAMSTUDIO_EXTRA_DEPENDS}")
else()
  include(${GRAMSTUDIO_PACKAGING_DIR}/debian-depends.cmake)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${GRAMSTUDIO_DEBIAN_DEPENDS}")
  if(GRAMSTUDIO_EXTRA_DEPENDS)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", ${GRAMSTUDIO_EXTRA_DEPENDS}")
  endif()
endif()

include(CPack)
