inline constexpr AssetMeta META{.id = "x", .version = R"d(v)d", .title = "t\x41", .kind = Kind::node, .description = "a" "b", .stability = Stability::stable};
// c
/* d */ inline auto define() { return node(META.id).param("n", 1'000).param("f", -2.5e3); }
