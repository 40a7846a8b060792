// A compact binary form of a loaded definition (its Process and Organisation), so a process can
// run a stored definition version without parsing its YAML and validating it again.
//
// Contract: encode_definition() writes every field of the structs in engine/definition.h,
// source positions included; decode_definition() gives back structs equal to the encoded ones,
// or nullopt for anything else: a body that is truncated, garbled (a checksum covers every
// byte), of another format number, or not ours. Decoding never throws, never reads outside the
// given bytes and allocates at most in proportion to them. The encoding is derived data (the
// `definition_cache` table, docs/operations.md): a body of another format is simply rebuilt
// from the stored YAML. Bump kDefinitionCodecFormat whenever definition.h, the loader or the
// validator change what a loaded definition means.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/definition.h"

namespace sunlit {

// The encoding's format number, stored beside each body (definition_cache.format).
inline constexpr int kDefinitionCodecFormat = 1;

// A definition version as the loader gave it: the process and its organisation.
struct LoadedDefinition {
  Process process;
  Organisation organisation;
};

// The binary form of a validated process and its organisation.
std::string encode_definition(const Process& process, const Organisation& organisation);

// The structs a body encodes, or nullopt if it is not an intact body of kDefinitionCodecFormat.
std::optional<LoadedDefinition> decode_definition(std::string_view body);

// For tests and fuzzing: decodes a body's bytes before its checksum without checking it, so the
// reader's own bounds checks meet truncated and garbled input (decode_definition checks first).
std::optional<LoadedDefinition> decode_definition_unchecked(std::string_view payload);

}  // namespace sunlit
