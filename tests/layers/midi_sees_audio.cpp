// Layer probe (tests/layers): midi may not see audio (sideways): must not build
#include "audio/performance.hpp"
