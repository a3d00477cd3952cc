// main.cpp — iocplab-client: the IOCP Lab visual client.
// A straight-line main in the style of Dear ImGui's examples: options, SDL, Dear ImGui,
// the application state, the frame loop, cleanup. Networking runs on its own threads
// (net/); the frame loop only drains their queues, so it never blocks on a socket.
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/app_state.h"
#include "app/fonts.h"
#include "app/headless_scenario.h"
#include "app/imgui_backends.h"
#include "app/options.h"
#include "app/screenshot.h"
#include "imgui.h"
#include "model/clock.h"
#include "model/frame_pacer.h"
#include "model/lesson_catalog.h"
#include "model/state_dump.h"
#include "model/trace_export.h"
#include "ui/lessons_panel.h"
#include "ui/panels.h"

using namespace iocplab::client;

// Sleeps until an SDL event arrives (it stays queued) or `seconds` after `since`.
static void wait_for_input(std::chrono::steady_clock::time_point since, double seconds) {
  auto deadline = since + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(seconds));
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() > 0) SDL_WaitEventTimeout(nullptr, static_cast<int>(left.count()));
}

static int fail(const std::string& why) {
  std::fprintf(stderr, "iocplab-client: %s\n", why.c_str());
  return 1;
}

int main(int argc, char** argv) {
  // --- Options ------------------------------------------------------------------
  Options options;
  std::string error;
  bool help = false;
  if (!parse_options(argc, argv, &options, &error, &help)) {
    std::fprintf(stderr, "iocplab-client: %s (try --help)\n", error.c_str());
    return 2;
  }
  if (help) { std::printf("%s", usage_text()); return 0; }
  now_s();  // start the client clock

  // --- SDL: a window and a renderer (software when headless) ----------------------
  if (options.headless) SDL_setenv("SDL_VIDEODRIVER", "offscreen", 0);
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    return fail(std::string("SDL_Init failed: ") + SDL_GetError() +
                (options.headless ? "" : " (no display? try --headless)"));
  }
  Uint32 window_flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | (options.headless ? SDL_WINDOW_HIDDEN : 0);
  SDL_Window* window = SDL_CreateWindow("IOCP Lab — visual client", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                        options.width, options.height, window_flags);
  if (!window) return fail(std::string("SDL_CreateWindow failed: ") + SDL_GetError());
  SDL_Renderer* renderer = nullptr;
  if (!options.headless) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!renderer) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer) return fail(std::string("SDL_CreateRenderer failed: ") + SDL_GetError());
  SDL_RendererInfo renderer_info{};
  SDL_GetRendererInfo(renderer, &renderer_info);
  bool vsync = renderer_info.flags & SDL_RENDERER_PRESENTVSYNC;

  // --- Dear ImGui: context, theme, fonts, SDL backends ----------------------------
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is ours; nothing written to the working directory
  apply_theme();
  std::string font = load_fonts(16.0f, options.font);
  imgui_backend::init(window, renderer);

  // --- Application state: models, connection, bots, lessons -----------------------
  AppState app;
  app.init_from(options);
  if (options.connect) app.connect();
#if defined(_WIN32)
  std::filesystem::path exe;  // only its parent_path() is used: the folder of the program
  if (char* base = SDL_GetBasePath()) {
    exe = std::filesystem::path(base) / "iocplab-client.exe";
    SDL_free(base);
  }
#else
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
#endif
  std::filesystem::path repo = find_repo_root(exe.parent_path());
  if (repo.empty()) repo = find_repo_root(IOCPLAB_SOURCE_DIR);  // a build tree outside the sources
  LessonsPanel lessons(repo, exe.parent_path());
  if (!options.lesson.empty()) app.show_lessons = lessons.select(options.lesson);
  lessons.set_autorun(options.headless && app.show_lessons);
  lessons.set_korean(options.korean);
  app.show_flow = options.flow;
  app.flow_korean = options.korean;  // headless: show the stage at work
  HeadlessScenario scenario(options.frames);
  scenario.set_step_demo(options.step_demo, options.exit_paused);
  std::printf("iocplab-client: %s\n", font.c_str());

  // --- Main loop -------------------------------------------------------------------
  bool done = false;
  int exit_code = 0;
  ImVec2 last_display(0, 0);
  FramePacer pacer;
  while (!done) {
    auto frame_start = std::chrono::steady_clock::now();
    // Input: SDL events to Dear ImGui; window close and Ctrl+Q quit.
    FrameInputs inputs;
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
      inputs.input = true;
      imgui_backend::process_event(&event);
      if (event.type == SDL_QUIT) done = true;
      if (event.type == SDL_KEYDOWN && event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL)) done = true;
    }

    // Network: everything the connection thread produced since the last frame.
    inputs.changed = app.pump();

    // Pacing: skip a frame that would show nothing new (model/frame_pacer.h).
    Uint32 window_state = SDL_GetWindowFlags(window);
    inputs.animating = app.world.animating(now_s()) || ImGui::IsAnyMouseDown() ||
                       (app.show_flow && app.flow.animating());
    inputs.focused = window_state & SDL_WINDOW_INPUT_FOCUS;
    inputs.visible = !(window_state & (SDL_WINDOW_HIDDEN | SDL_WINDOW_MINIMIZED));
    if (!options.headless && !pacer.should_draw(now_s(), inputs)) {
      wait_for_input(frame_start, pacer.wait(now_s(), inputs));
      continue;
    }

    // Headless: advance the script; decide whether this frame is the screenshot.
    bool capture = false;
    if (options.headless) {
      HeadlessScenario::Step s = scenario.step(app, now_s());
      if (s == HeadlessScenario::Step::Failed) {
        exit_code = fail("headless scenario failed (" + std::string(scenario.phase()) + "): " + scenario.failure());
        break;
      }
      capture = s == HeadlessScenario::Step::Capture;
    }

    // Panels.
    imgui_backend::new_frame();
    ImGui::NewFrame();
    bool quit = false;
    draw_menu_bar(app, &quit);
    Layout layout = default_layout(io.DisplaySize.x, io.DisplaySize.y, ImGui::GetFrameHeight());
    // Panels go to the default layout when headless, on request, and when the window resizes.
    bool resized = io.DisplaySize.x != last_display.x || io.DisplaySize.y != last_display.y;
    last_display = io.DisplaySize;
    bool fixed = options.headless || app.relayout || resized;
    app.relayout = false;
    draw_session_panel(app, layout.session, fixed);
    draw_grid_panel(app, layout.grid, fixed);
    draw_packets_panel(app, layout.packets, fixed);
    draw_threads_panel(app, layout.threads, fixed);
    draw_reassembly_panel(app, layout.reassembly, fixed);
    draw_flow_panel(app, layout.flow, fixed);
    lessons.draw(app, layout.lessons, fixed);
    if (app.show_demo) ImGui::ShowDemoWindow(&app.show_demo);
    if (quit) done = true;

    // Render.
    ImGui::Render();
    SDL_SetRenderDrawColor(renderer, 14, 16, 20, 255);
    SDL_RenderClear(renderer);
    imgui_backend::render(renderer);

    // Headless: the screenshot and the state dump, then stop.
    if (capture) {
      std::string why = save_screenshot(renderer, options.screenshot);
      if (!why.empty()) { exit_code = fail(why); break; }
      if (!options.dump_state.empty()) {
        DumpExtras extras{static_cast<int>(io.DisplaySize.x), static_cast<int>(io.DisplaySize.y), app.bots_wanted,
                          app.bots.logged_in(), app.telemetry.intervals().size(), app.reassembly.total_chunks()};
        extras.step_available = app.step.available();
        extras.step_paused = app.step.paused();
        extras.steps_sent = scenario.steps_sent();
        extras.step_done_seen = app.step.done_seen();
        extras.step_server_handled = app.step.handled();
        extras.flow_session = app.flow.session();
        extras.flow_records = app.flow.records();
        extras.flow_journeys = app.flow.journeys().size();
        for (const FlowJourney& j : app.flow.journeys()) {
          extras.flow_whole += j.cut_kind() == "whole";
          extras.flow_handled += j.handled.size();
        }
        if (!app.telemetry.totals().empty()) {
          extras.server_players_online = app.telemetry.totals().back().totals.players_online;
          extras.server_sessions = app.telemetry.totals().back().totals.sessions;
        }
        std::ofstream(options.dump_state) << state_json(app.world, app.packets, app.grid, extras);
      }
      if (!options.trace.empty() && !write_chrome_trace(app.telemetry, options.trace)) {
        exit_code = fail("cannot write " + options.trace);
        break;
      }
      std::printf("screenshot written to %s\n", options.screenshot.c_str());
      done = true;
    }
    SDL_RenderPresent(renderer);
    if (options.headless) {  // the scripted run: a steady ~60 frames a second
      if (!vsync) std::this_thread::sleep_until(frame_start + std::chrono::milliseconds(16));
      continue;
    }
    wait_for_input(frame_start, pacer.wait(now_s(), inputs));
  }

  // --- Cleanup ----------------------------------------------------------------------
  app.disconnect();
  imgui_backend::shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return exit_code;
}
