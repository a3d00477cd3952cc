// panels.h — one function per panel; each reads and changes only the AppState.
// `fixed` places windows at the default layout every frame (headless screenshots);
// otherwise the layout is only the first position and the user may move them.
#pragma once

#include "app/app_state.h"

namespace iocplab::client {

class LessonsPanel;

struct PanelRect { float x, y, w, h; };
struct Layout { PanelRect session, grid, packets, threads, reassembly, lessons, flow; };
Layout default_layout(float width, float height, float menu_height);

void apply_theme();
void draw_menu_bar(AppState& app, bool* quit);
void draw_session_panel(AppState& app, const PanelRect& r, bool fixed);
void draw_grid_panel(AppState& app, const PanelRect& r, bool fixed);
void draw_packets_panel(AppState& app, const PanelRect& r, bool fixed);
void draw_threads_panel(AppState& app, const PanelRect& r, bool fixed);
void draw_reassembly_panel(AppState& app, const PanelRect& r, bool fixed);
void draw_flow_panel(AppState& app, const PanelRect& r, bool fixed);

// Sets the next window's place (Always when fixed, else first use only).
void place_window(const PanelRect& r, bool fixed);

}  // namespace iocplab::client
