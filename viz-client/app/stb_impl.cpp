// stb_impl.cpp — the stb implementations, compiled only where stb is header-only (vcpkg on
// Windows; Debian's libstb already holds them). See cmake/Dependencies.cmake.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image.h>
#include <stb_image_write.h>
