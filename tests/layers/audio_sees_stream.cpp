// Layer probe (tests/layers): audio may not see stream (sideways): must not build
#include "stream/ring_buffer.hpp"
