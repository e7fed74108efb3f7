// Layer probe (tests/layers): music may not see synth: must not build
#include "synth/engine.hpp"
