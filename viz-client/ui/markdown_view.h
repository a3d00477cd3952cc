// markdown_view.h — draws a lesson text (model/markdown.h) with Dear ImGui: headings,
// wrapped paragraphs with inline code, emphasis and links, lists, code blocks, tables.
#pragma once

#include <string_view>

namespace iocplab::client {

void draw_markdown(std::string_view text);

}  // namespace iocplab::client
