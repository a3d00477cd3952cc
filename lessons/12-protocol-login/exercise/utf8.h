// utf8.h — the exercise of stage 12: the name rule read_field leaves out. docs/PROTOCOL.md
// wants a name to be valid UTF-8 (RFC 3629): Korean names are fine, broken bytes are not.
#pragma once

#include <string>

bool valid_utf8(const std::string& text);
