// fonts.h — a Korean-capable font (Debian's fonts-nanum) when present, so Korean names
// and lesson texts display; Dear ImGui's default font otherwise.
#pragma once

#include <string>

namespace iocplab::client {

// preferred: a .ttf to use instead of the Nanum fonts ("" for the default search).
// Returns a one-line description of the font in use.
std::string load_fonts(float size_px, const std::string& preferred);

}  // namespace iocplab::client
