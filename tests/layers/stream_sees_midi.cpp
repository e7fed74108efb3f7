// Layer probe (tests/layers): stream may not see midi (sideways): must not build
#include "midi/midi_file.hpp"
