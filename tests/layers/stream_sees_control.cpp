// Layer probe (tests/layers): stream sees control: must build
#include "control/control_file.hpp"
