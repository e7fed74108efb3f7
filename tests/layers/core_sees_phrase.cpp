// Layer probe (tests/layers): core may not see phrase: must not build
#include "phrase/phrase.hpp"
