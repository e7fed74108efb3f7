// A progress line on stderr, only when stderr is a terminal and not --quiet.
#pragma once

#include "audio/renderer.hpp"

namespace ambient::tool {

// A Progress callback drawing "[#####.....]  42%  0:23 / 0:55" (or the time rendered when
// the total is unknown), at most ten times a second; an empty one when there is no terminal.
Progress terminal_progress(bool quiet);
// Ends the progress line, if one was drawn.
void finish_progress();

}  // namespace ambient::tool
