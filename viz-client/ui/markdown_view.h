// markdown_view.h — a light reader for the lesson texts: headings, code blocks and
// paragraphs, with HTML comments (quote markers) hidden. Not a full Markdown renderer.
#pragma once

#include <string_view>

namespace iocplab::client {

void draw_markdown(std::string_view text);

}  // namespace iocplab::client
