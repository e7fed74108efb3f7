// Listeners per client address, so that one address cannot take every place on the
// server (--max-per-address). Each counted connection is known by a key (its pointer),
// so that it is let go once, whichever way it ends. Plain std types: the C++17 server
// includes this header.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace ambient {

class AddressCounts {
  public:
    // `cap`: connections per address at most; 0: no cap.
    explicit AddressCounts(int cap) : cap_(cap) {}

    // Counts `key` from `address`; false (nothing counted) when the address is at the cap.
    bool add(const void* key, const std::string& address);
    // Lets `key` go; nothing if it was not counted.
    void remove(const void* key);
    int count(const std::string& address) const;
    int cap() const { return cap_; }

  private:
    int cap_;
    std::unordered_map<const void*, std::string> address_of_;
    std::unordered_map<std::string, int> per_address_;
};

// The cap a server has unless told: none when it listens on loopback only (every local
// player, or a proxy in front, shares one address), else 64.
int default_max_per_address(const std::string& host);

}  // namespace ambient
