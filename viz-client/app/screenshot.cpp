#include "screenshot.h"

#include <SDL.h>
#include <stb_image_write.h>

#include <vector>

namespace iocplab::client {

std::string save_screenshot(SDL_Renderer* renderer, const std::string& path) {
  int w = 0, h = 0;
  if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
    return std::string("cannot get the renderer size: ") + SDL_GetError();
  }
  std::vector<unsigned char> pixels(size_t(w) * h * 4);
  // ABGR8888 is R, G, B, A in memory on little-endian machines: what PNG wants.
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), w * 4) != 0) {
    return std::string("SDL_RenderReadPixels failed: ") + SDL_GetError();
  }
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque
  if (!stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4)) return "cannot write " + path;
  return {};
}

}  // namespace iocplab::client
