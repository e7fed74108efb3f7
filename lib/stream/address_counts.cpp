#include "stream/address_counts.hpp"

#include "stream/control_api.hpp"

namespace ambient {

bool AddressCounts::add(const void* key, const std::string& address) {
    if (address_of_.count(key)) return true;
    int& n = per_address_[address];  // at the cap, n > 0: no empty entry is left behind
    if (cap_ > 0 && n >= cap_) return false;
    ++n;
    address_of_.emplace(key, address);
    return true;
}

void AddressCounts::remove(const void* key) {
    auto it = address_of_.find(key);
    if (it == address_of_.end()) return;
    auto n = per_address_.find(it->second);
    if (n != per_address_.end() && --n->second <= 0) per_address_.erase(n);
    address_of_.erase(it);
}

int AddressCounts::count(const std::string& address) const {
    auto it = per_address_.find(address);
    return it == per_address_.end() ? 0 : it->second;
}

int default_max_per_address(const std::string& host) {
    return is_loopback_host(host) ? 0 : 64;
}

}  // namespace ambient
