// screenshot.h — reads the rendered frame back (SDL_RenderReadPixels) and writes a PNG
// with stb_image_write. Call after rendering and before SDL_RenderPresent.
#pragma once

#include <string>

struct SDL_Renderer;

namespace iocplab::client {

// Returns an empty string on success, else a one-line reason.
std::string save_screenshot(SDL_Renderer* renderer, const std::string& path);

}  // namespace iocplab::client
