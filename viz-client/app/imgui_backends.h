// imgui_backends.h — Dear ImGui's SDL2 platform and SDL_Renderer backends under one set
// of names, for both the Dear ImGui of Debian 12 (1.86: imgui_impl_sdl.h,
// imgui_impl_sdlrenderer.h) and the newer one vcpkg gives on Windows (imgui_impl_sdl2.h,
// imgui_impl_sdlrenderer2.h, whose init and render calls also take the renderer).
#pragma once

#include <SDL.h>

#include <type_traits>

#include "imgui.h"

#if __has_include("imgui_impl_sdl2.h")
#include "imgui_impl_sdl2.h"
#else
#include "imgui_impl_sdl.h"
#endif
#if __has_include("imgui_impl_sdlrenderer2.h")
#include "imgui_impl_sdlrenderer2.h"
#define IOCPLAB_IMGUI_RENDERER(name) ImGui_ImplSDLRenderer2_##name
#else
#include "imgui_impl_sdlrenderer.h"
#define IOCPLAB_IMGUI_RENDERER(name) ImGui_ImplSDLRenderer_##name
#endif

namespace iocplab::client::imgui_backend {

namespace detail {
// Calls f(a, b) when the backend takes both, else f(a) (the older signature).
template <class F, class A, class B>
auto call(F f, A a, B b) {
  if constexpr (std::is_invocable_v<F, A, B>) return f(a, b);
  else return f(a);
}
}  // namespace detail

inline void init(SDL_Window* window, SDL_Renderer* renderer) {
  detail::call(&ImGui_ImplSDL2_InitForSDLRenderer, window, renderer);
  IOCPLAB_IMGUI_RENDERER(Init)(renderer);
}
inline void new_frame() {
  IOCPLAB_IMGUI_RENDERER(NewFrame)();
  ImGui_ImplSDL2_NewFrame();
}
inline bool process_event(const SDL_Event* event) { return ImGui_ImplSDL2_ProcessEvent(event); }
inline void render(SDL_Renderer* renderer) {
  detail::call(&IOCPLAB_IMGUI_RENDERER(RenderDrawData), ImGui::GetDrawData(), renderer);
}
inline void shutdown() {
  IOCPLAB_IMGUI_RENDERER(Shutdown)();
  ImGui_ImplSDL2_Shutdown();
}

}  // namespace iocplab::client::imgui_backend
