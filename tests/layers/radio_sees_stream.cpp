// Layer probe (tests/layers): the supervisor may not see the stream (sideways): must not build
#include "stream/ring_buffer.hpp"
