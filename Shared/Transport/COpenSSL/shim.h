// OpenSSL 3 exposes much of its API as macros over SSL_CTX_ctrl and friends, which Swift cannot
// import. These wrappers give Swift a real function or constant for each one the TLS layer uses.
#ifndef DIC_COPENSSL_SHIM_H
#define DIC_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static const uint64_t copenssl_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t copenssl_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t copenssl_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t copenssl_SSL_OP_IGNORE_UNEXPECTED_EOF = SSL_OP_IGNORE_UNEXPECTED_EOF;
static const uint64_t copenssl_SSL_OP_ALL = SSL_OP_ALL;
static const unsigned long copenssl_OPENSSL_VERSION_NUMBER = OPENSSL_VERSION_NUMBER;

static inline int copenssl_SSL_CTX_set_min_proto_version(SSL_CTX *c, int v) {
    return (int)SSL_CTX_set_min_proto_version(c, v);
}
static inline int copenssl_SSL_CTX_set_max_proto_version(SSL_CTX *c, int v) {
    return (int)SSL_CTX_set_max_proto_version(c, v);
}
static inline int copenssl_SSL_set_tlsext_host_name(SSL *s, const char *n) {
    return (int)SSL_set_tlsext_host_name(s, n);
}
static inline long copenssl_SSL_CTX_set_mode(SSL_CTX *c, long m) { return SSL_CTX_set_mode(c, m); }
static inline long copenssl_SSL_CTX_set_session_cache_mode(SSL_CTX *c, long m) {
    return SSL_CTX_set_session_cache_mode(c, m);
}
static inline int copenssl_SSL_CTX_set1_groups_list(SSL_CTX *c, const char *l) {
    return (int)SSL_CTX_set1_groups_list(c, l);
}
static inline int copenssl_BIO_pending(BIO *b) { return (int)BIO_pending(b); }
static inline int copenssl_BIO_should_retry(BIO *b) { return BIO_should_retry(b); }
static inline long copenssl_BIO_get_mem_data(BIO *b, char **p) { return BIO_get_mem_data(b, p); }
static inline int copenssl_sk_X509_NAME_num(const STACK_OF(X509_NAME) *s) { return sk_X509_NAME_num(s); }
#endif
