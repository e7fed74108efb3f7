// Layer probe (tests/layers): dsp may not see audio: must not build
#include "audio/sound_file.hpp"
