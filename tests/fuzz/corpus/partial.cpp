#include <x>
using namespace a::b;
inline constexpr AssetMeta META{.id="m"};
