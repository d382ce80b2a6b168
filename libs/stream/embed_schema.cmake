# cmake -DINPUT=<schema.fbs> -DOUTPUT=<file.cpp> -P embed_schema.cmake
# Writes a C++ file whose lf::stream::schema_text() returns the schema text,
# so that the text served is the very file the code was generated from.
file(READ "${INPUT}" schema)
file(
  WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} at build time; do not edit.\n"
  "#include <lightflow/stream/schema.hpp>\n\n"
  "namespace lf::stream {\n\n"
  "std::string_view schema_text() noexcept {\n"
  "  return R\"lfschema(${schema})lfschema\";\n"
  "}\n\n"
  "}  // namespace lf::stream\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
