// The control file as every stage given --control reads it: whatever another writer left
// there, the stage keeps its last good values and warns; nothing thrown.
#include <unistd.h>

#include <fstream>
#include <string>

#include "control/control_file.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path =
        "/tmp/ambient-fuzz-control-" + std::to_string(::getpid()) + ".json";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    ambient::ControlFile file(path, [](const std::string&, const std::string&) {});
    const ambient::ControlValues before = file.values();
    if (!file.refresh() &&
        ambient::control_to_json(file.values()) != ambient::control_to_json(before))
        __builtin_trap();
    ::unlink(path.c_str());
    return 0;
}
