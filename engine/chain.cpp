#include "engine/chain.h"

// The one-shot SHA256() of OpenSSL 3 fetches the algorithm from its provider on every call
// (~19k instructions each, and ~5M to load the provider in a short-lived CLI process); the
// low-level SHA256_Init/Update/Final functions compute the same digest without that. They are
// deprecated in OpenSSL 3 but kept in Debian 12's libcrypto; the chain hashes are pinned by tests.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <algorithm>
#include <array>
#include <openssl/sha.h>

namespace sunlit {

namespace {

void netstring(std::string& out, std::string_view bytes) {
  out += std::to_string(bytes.size());
  out += ':';
  out.append(bytes);
  out += ',';
}

std::string hex(const unsigned char* digest, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, bytes.data(), bytes.size());
  SHA256_Final(digest.data(), &ctx);
  return hex(digest.data(), digest.size());
}

std::string chain_hash(std::string_view prev, const Event& e) {
  std::string text;
  text.reserve(96 + e.case_id.size() + e.actor.size() + e.post.size() + e.kind.size() + e.payload.size());
  netstring(text, prev);
  netstring(text, e.case_id);
  netstring(text, std::to_string(e.seq));
  netstring(text, std::to_string(e.version));
  netstring(text, std::to_string(e.at));
  netstring(text, e.actor);
  netstring(text, e.post);
  netstring(text, e.kind);
  netstring(text, e.payload);
  return sha256_hex(text);
}

std::string anchor_digest(std::vector<ChainHead> heads) {
  std::sort(heads.begin(), heads.end(), [](const ChainHead& a, const ChainHead& b) { return a.case_id < b.case_id; });
  std::string text;
  for (const auto& h : heads) text += h.case_id + ' ' + std::to_string(h.seq) + ' ' + h.hash + '\n';
  return sha256_hex(text);
}

}  // namespace sunlit
