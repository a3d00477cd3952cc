/* SDL_config for the windows.compile check (cmake/windows_compile.py): Debian's
 * SDL_config.h includes <SDL2/_real_SDL_config.h>, which for that check is this file.
 * It says what a Windows C library has, which is all SDL's public headers ask; the
 * real Windows build uses vcpkg's SDL2 and its own configuration. */
#ifndef IOCPLAB_SDL_CONFIG_WINDOWS_H
#define IOCPLAB_SDL_CONFIG_WINDOWS_H

#include "SDL_platform.h"

#define SIZEOF_VOIDP 8
#define HAVE_LIBC 1
#define STDC_HEADERS 1
#define HAVE_STDARG_H 1
#define HAVE_STDDEF_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDIO_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_WCHAR_H 1
#define HAVE_CTYPE_H 1
#define HAVE_MATH_H 1
#define HAVE_LIMITS_H 1
#define HAVE_FLOAT_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_MALLOC 1

#define SDL_VIDEO_DRIVER_WINDOWS 1
#define SDL_VIDEO_RENDER_D3D 1
#define SDL_THREAD_WINDOWS 1
#define SDL_TIMER_WINDOWS 1

#endif
