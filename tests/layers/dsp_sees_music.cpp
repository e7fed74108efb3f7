// Layer probe (tests/layers): dsp sees music below it: must build
#include "compose/pitch.hpp"
