// menu_bar.cpp — File (trace export, quit), View (lessons, demo), and a live summary.
#include <ctime>

#include "imgui.h"
#include "model/trace_export.h"
#include "panels.h"

namespace iocplab::client {

static void export_trace(AppState& app) {
  char path[64];
  std::time_t t = std::time(nullptr);
  std::strftime(path, sizeof path, "iocplab-trace-%Y%m%d-%H%M%S.json", std::localtime(&t));
  if (app.telemetry.intervals().empty() && app.telemetry.totals().empty()) {
    app.notice = "No telemetry recorded yet (log in with Observe on).";
  } else if (write_chrome_trace(app.telemetry, path)) {
    app.notice = std::string("Trace written to ") + path + " (open it in ui.perfetto.dev or chrome://tracing)";
  } else {
    app.notice = std::string("Could not write ") + path;
  }
}

void draw_menu_bar(AppState& app, bool* quit) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Export Perfetto / Chrome trace")) export_trace(app);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) *quit = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Lessons", nullptr, &app.show_lessons);
    if (ImGui::MenuItem("Flow", nullptr, &app.show_flow) && app.show_flow) app.follow(0);
    ImGui::MenuItem("Dear ImGui demo", nullptr, &app.show_demo);
    ImGui::Separator();
    if (ImGui::MenuItem("Reset layout")) app.relayout = true;
    ImGui::EndMenu();
  }
  ImGui::TextDisabled("|");
  ImGui::TextColored(ImVec4(0.55f, 0.80f, 1.0f, 1.0f), "IOCP Lab");
  static const char* states[] = {"offline", "connecting", "logging in", "in game", "failed"};
  ImGui::TextDisabled("| %s:%d %s | %zu players in view | %.0f fps", app.host, app.port,
                      states[static_cast<int>(app.link)], app.world.players().size(), ImGui::GetIO().Framerate);
  if (!app.notice.empty()) {
    ImGui::TextDisabled("|");
    ImGui::TextColored(ImVec4(0.6f, 1.0f, 0.6f, 1.0f), "%s", app.notice.c_str());
  }
  ImGui::EndMainMenuBar();
}

}  // namespace iocplab::client
